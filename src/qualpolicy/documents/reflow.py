"""Putting a PDF's lines back into paragraphs, without the pages' headers and footers.

A PDF's text layer has the printed lines, not paragraphs: a sentence runs on over several
lines and pages, and each page adds its running head and page number. Chinese has no spaces
between words, so a line that does not end a sentence simply continues on the next one.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

# Page numbers and "page N of M" lines, in the forms Chinese documents print them.
_PAGE_NUMBER = re.compile(
    r"""
    第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?     # 第 5 页 共 20 页
    | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页          # 共 20 页 第 5 页
    | [-—–－─]+\s*\d+\s*[-—–－─]+                    # — 5 —  - 5 -
    | \d{1,4}(?:\s*[/／]\s*\d{1,4})?                  # 5   5/20
    | (?i:page\s*\d+(?:\s*of\s*\d+)?)
    """,
    re.X,
)
# Page numbers are looked for in a page's first and last three lines: pypdf gives the header
# and footer in the order they were drawn, often both before the body.
_EDGE_NUMBERS = 3
_EDGE_REPEATS = 3  # running heads and feet in its first and last three
_MIN_REPEAT_SHARE = 0.5  # a line at the edge of at least half the pages is a running head

# The end of a sentence or of a clause that introduces a list (closing quotes may follow).
_SENTENCE_END = re.compile(r"[。；：！？!?;:][”’」』）)\]】]*$")
# The start of a numbered heading or item: 一、 （一） 1. （1） 第一章 附件 附表
_HEADING = re.compile(
    r"(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百\d]+[章节条部分篇]|附件|附表)"
)
_INDENT = "\u3000"  # an ideographic space
# First lines count as typed indented when this many lines are (a share of all lines).
_MIN_INDENTED = 3
_MIN_INDENTED_SHARE = 0.05
# A line this much narrower than a full line ends its paragraph: a heading or a title.
_SHORT_LINE = 0.7
_MIN_LINES_FOR_WIDTH = 5
_WIDTH_PERCENTILE = 0.9


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages' lines without page numbers and without lines (running heads and feet)
    repeated at the top or bottom of at least half the pages."""
    repeated: set[str] = set()
    if len(pages) >= 2:
        seen = Counter(key for lines in pages for key in {_key(x) for x in _edges(lines)})
        least = max(2, math.ceil(len(pages) * _MIN_REPEAT_SHARE))
        repeated = {key for key, count in seen.items() if count >= least}
    kept = []
    for lines in pages:
        last = len(lines) - 1
        kept.append(
            [
                line
                for i, line in enumerate(lines)
                if _key(line) not in repeated
                and not (
                    (i < _EDGE_NUMBERS or last - i < _EDGE_NUMBERS)
                    and _PAGE_NUMBER.fullmatch(line.strip())
                )
            ]
        )
    return kept


def _edges(lines: list[str]) -> list[str]:
    if len(lines) <= 2 * _EDGE_REPEATS:
        return lines
    return lines[:_EDGE_REPEATS] + lines[-_EDGE_REPEATS:]


def _key(line: str) -> str:
    """A line as compared across pages: its page number may change, its spacing too."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def paragraphs(pages: list[list[str]]) -> list[tuple[int, str]]:
    """Each paragraph with the number of the page it starts on. Lines come with their leading
    white space: where first lines are typed indented with full-width spaces (as many Chinese
    documents are), such a line starts a paragraph and a sentence may end at a line's end
    inside one. Otherwise a line that ends a sentence ends its paragraph. Either way a line
    clearly shorter than a full one ends its paragraph (a heading, a title, a last line),
    and a numbered heading starts one. (ASCII spaces at a line's start say nothing: pypdf
    puts them wherever text starts further right.)"""
    lines = [line for page in pages for line in page]
    indented = sum(map(_indented, lines))
    by_indent = indented >= max(_MIN_INDENTED, len(lines) * _MIN_INDENTED_SHARE)
    widths = sorted(_width(line.lstrip()) for line in lines)
    full = 0
    if len(widths) >= _MIN_LINES_FOR_WIDTH:
        full = widths[int(len(widths) * _WIDTH_PERCENTILE)]
    found: list[tuple[int, str]] = []
    current = ""
    start = 0
    for number, page in enumerate(pages, 1):
        for line in page:
            text = line.lstrip()
            if current and ((by_indent and _indented(line)) or _HEADING.match(text)):
                found.append((start, current))
                current = ""
            if not current:
                start = number
            current = _join(current, text)
            ends = not by_indent and _SENTENCE_END.search(text)
            if ends or _width(text) < full * _SHORT_LINE:
                found.append((start, current))
                current = ""
    if current:
        found.append((start, current))
    return found


def _indented(line: str) -> bool:
    return line.lstrip(" ").startswith(_INDENT)


def _join(before: str, after: str) -> str:
    """Two pieces of one paragraph: no space between Chinese, nor inside a number cut at the
    line's end; one between Latin words."""
    if _latin(before[-1:]) and _latin(after[:1]):
        return f"{before} {after}"
    return before + after


def _latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _width(line: str) -> int:
    """A line's printed width in half-width columns (a hanzi takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
