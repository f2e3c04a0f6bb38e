"""Output: library results as tables, JSON, CSV, Markdown, annotations, workbooks,
databases and the HTML report, and files written atomically (:mod:`.outfile`).

Renderers take typed results and return strings (or print to a given
console); they compute nothing.
"""
