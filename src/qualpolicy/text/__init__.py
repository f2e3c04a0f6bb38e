"""Text and words: traditional-to-simplified normalisation, the domain lexicon, jieba
segmentation, numbers in Chinese text, wording similarity, search and task themes."""
