"""Reading an HTML page as saved from a browser: the article's text, not the site around it.

Government pages wrap a plan in navigation, banners, search boxes, related links and a footer
of filing numbers and telephone numbers. Three passes take it off: elements that are never
text (scripts, styles, forms, <nav>, <header>, <footer>, hidden or navigation-classed
elements) are dropped; the main content is the smallest element that still holds most of the
page's Chinese text outside links (so a short page, whose text no element holds most of,
falls back to the whole body); and the lines left are filtered for the boilerplate that gov
sites put inside the content too (visit counters, print buttons, ICP numbers...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from qualpolicy.documents import boilerplate
from qualpolicy.documents.blocks import Block, Document
from qualpolicy.documents.decoding import decode
from qualpolicy.documents.errors import DocumentError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_NEVER_TEXT = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "map",
    "audio",
    "video",
)

# class and id words of navigation, site headers and footers, share bars and search boxes.
_NOISE_WORDS = frozenset(
    (
        "nav",
        "navbar",
        "menu",
        "header",
        "footer",
        "foot",
        "breadcrumb",
        "crumb",
        "crumbs",
        "share",
        "bdsharebuttonbox",
        "search",
        "sidebar",
        "copyright",
        "toolbar",
    )
)
_WORDS = re.compile(r"[a-z]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")

# A navigation-classed element holding more of the page's text than this is kept: a class
# such as "main has-nav" must not throw away the article.
_MAX_NOISE_SHARE = 0.25

# The main content holds at least this share of the page's Chinese text outside links.
_MAIN_SHARE = 0.6

# Elements that hold paragraphs rather than being one.
_CONTAINERS = frozenset(("article", "center", "div", "font", "main", "section", "table")).union(
    ("tbody", "thead", "tfoot", "tr", "td", "th")
)

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "td",
        "th",
        "ul",
    ]
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break in the source between two CJK characters is no space in the text (CSS Text 3
# drops such segment breaks too); any other run of white space is one space.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\xa0]*[\r\n][\s\xa0]*(?=[{_CJK}])")
_SPACE = re.compile(r"[\s\xa0]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def read(data: bytes, name: str) -> Document:
    from lxml import etree  # the format's library: imported when a page is read, not before
    from lxml import html as lxml_html

    declared = _META_CHARSET.search(data[:8192])
    text, encoding = decode(data, name, declared.group(1).decode("ascii") if declared else None)
    # lxml refuses a str that still declares a byte encoding (an XHTML page's <?xml ...?>).
    text = _XML_DECLARATION.sub("", text, count=1)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise DocumentError(
            name, f"the HTML page holds no text ({exc})", "check that the page saved whole"
        ) from None
    title = _title(root)
    body = root.find("body")
    if body is None:
        body = root
    etree.strip_elements(body, *_NEVER_TEXT, with_tail=False)
    _drop_noise(body)
    walker = _Walker(clean=True)
    walker.walk(_main(body, _weights(body)))
    walker.flush()
    if not walker.blocks:
        raise DocumentError(name, "the HTML page holds no text", "check that the page saved whole")
    return Document(name, "html", tuple(walker.blocks), encoding=encoding, title=title)


def _title(root: HtmlElement) -> str | None:
    """The article's title: the CMS's ArticleTitle meta tag that Chinese government sites
    fill in, else the <h1> when the <title> repeats it with the site's name, else <title>."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (
            content := _collapse(meta.get("content") or "")
        ):
            return content
    head_title = root.find(".//title")
    page = _collapse(head_title.text_content()) if head_title is not None else ""
    h1 = next((t for e in root.iter("h1") if (t := _collapse(e.text_content()))), "")
    if h1 and (not page or h1 in page):
        return h1
    return page or None


def _drop_noise(body: HtmlElement) -> None:
    weights = _weights(body)
    limit = weights[body] * _MAX_NOISE_SHARE
    doomed = []
    for el in body.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        hidden = el.get("hidden") is not None or _HIDDEN.search(el.get("style") or "")
        words = set(_WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}".lower()))
        if hidden or (words & _NOISE_WORDS and weights[el] <= limit):
            doomed.append(el)
    for el in doomed:
        el.drop_tree()  # keeps its tail text; dropping an inner one of a dropped one is fine


def _weights(body: HtmlElement) -> dict[HtmlElement, int]:
    """Each element's count of Chinese characters outside links, itself and all within."""
    weights: dict[HtmlElement, int] = {}
    for el in reversed([*_elements(body, deep=True)]):  # each element after its descendants
        if el.tag == "a":
            weights[el] = 0
            continue
        weight = len(_HAN.findall(el.text or ""))
        for child in _elements(el):
            weight += weights[child] + len(_HAN.findall(child.tail or ""))
        weights[el] = weight
    return weights


def _main(body: HtmlElement, weights: dict[HtmlElement, int]) -> HtmlElement:
    """The smallest container that holds most of the page's Chinese text (the body if none).
    Only containers count: a page that is mostly one long paragraph keeps the lines around it
    (the title above, the issuing body and date below)."""
    node = body
    needed = weights[body] * _MAIN_SHARE
    while not (node.tag == "table" and _is_data_table(node)):
        best = max(_elements(node), key=weights.__getitem__, default=None)
        if best is None or best.tag not in _CONTAINERS or weights[best] < max(needed, 1):
            break
        node = best
    return node


def _elements(parent: HtmlElement, *, deep: bool = False) -> Iterator[HtmlElement]:
    """Child elements (or all elements within, with ``parent``), without comments."""
    for el in parent.iter() if deep else parent:
        if isinstance(el.tag, str):
            yield el


def _is_data_table(table: HtmlElement) -> bool:
    """A table of rows and columns, not one that lays out a page (nested tables, one column)."""
    if table.find(".//table") is not None:
        return False
    return any(len(_cells(tr)) >= 2 for tr in table.iter("tr"))


def _cells(tr: HtmlElement) -> list[HtmlElement]:
    return [c for c in tr.iterchildren("td", "th")]


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", _CJK_BREAK.sub("", text)).strip()


class _Walker:
    """Goes through elements in document order, making a block of each paragraph."""

    def __init__(self, *, clean: bool) -> None:
        self.clean = clean
        self.blocks: list[Block] = []
        self.texts: list[str] = []
        self._buffer: list[str] = []
        self._tables = 0

    def flush(self) -> None:
        text = _collapse("".join(self._buffer))
        self._buffer.clear()
        if self.clean and text:
            text = boilerplate.clean(text) or ""
        if text:
            self.texts.append(text)
            self.blocks.append(Block(text, f"paragraph {len(self.texts)}"))

    def walk(self, el: HtmlElement) -> None:
        tag = el.tag
        if tag == "br":
            self.flush()
            return
        if tag == "table" and _is_data_table(el):
            self.flush()
            self._table(el)
            return
        if tag == "pre":
            self.flush()
            for line in el.text_content().splitlines():
                self._buffer.append(line)
                self.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if el.text:
            self._buffer.append(el.text)
        for child in _elements(el):
            self.walk(child)
            if child.tail:
                self._buffer.append(child.tail)
        if block:
            self.flush()

    def _table(self, table: HtmlElement) -> None:
        self._tables += 1
        for number, tr in enumerate(table.iter("tr"), 1):
            cells = [_cell_text(c) for c in _cells(tr)]
            if not any(cells):
                continue
            if self.clean and boilerplate.clean(" ".join(cells)) is None:
                continue
            where = f"table {self._tables}, row {number}"
            self.blocks.append(Block("\t".join(cells), where, table=True))


def _cell_text(cell: HtmlElement) -> str:
    """A cell's paragraphs on one line (tabs separate the cells of a row)."""
    walker = _Walker(clean=False)
    walker.walk(cell)
    walker.flush()
    return " ".join(walker.texts).replace("\t", " ")
