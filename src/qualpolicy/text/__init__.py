"""Text and words: traditional-to-simplified normalisation, the domain lexicon, jieba
segmentation, numbers in Chinese text, the clause reader, search and task themes."""
