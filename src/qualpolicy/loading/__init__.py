"""Reading and checking data: YAML with positions, the models' checks and rules,
data directories and their layers, source texts, stored plans, actual statistics,
validation, audit, curation hints and the published schemas."""
