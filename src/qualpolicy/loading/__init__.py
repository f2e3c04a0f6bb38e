"""Reading data files into validated models: YAML with positions, the models' checks and
rules, data directories and their layers, plans, stored plans, source texts, actual
statistics, the vocabulary rules and lexicon, and the audit of a source's numbers."""
