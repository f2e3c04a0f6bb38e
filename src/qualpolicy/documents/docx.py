"""Reading a Word .docx file: its paragraphs and table rows in document order.

The document's XML is read with lxml directly rather than through python-docx: it is a few
dozen lines, imports in about half the time (lxml.etree ~20 ms, docx ~45 ms), reads a
100 KB plan in under 2 ms (python-docx: ~10 ms), and lets the zip be checked for bombs
before anything is inflated. The parser resolves no entities and loads no DTD, so a document
cannot make the reader open a local file or a URL. Text boxes and alternative renderings are left
out (they would repeat text), as are headers, footers, footnotes and comments, which live in
other parts of the archive. Word's automatic list numbers (一、 (一) generated from numbering
definitions) are not part of the text and are not reproduced.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from qualpolicy.documents import safezip
from qualpolicy.documents.blocks import Block, Document
from qualpolicy.documents.errors import DocumentError

if TYPE_CHECKING:
    from zipfile import ZipFile

    from lxml.etree import _Element

_MAIN = "word/document.xml"
_CORE = "docProps/core.xml"
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Other zip-based formats people save plans in, by a member that marks them.
_OTHER_ZIPS = (
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("content.xml", "an OpenDocument file (.odt)"),
    ("META-INF/container.xml", "an EPUB book"),
)


def _parse(xml: bytes) -> _Element:
    """An XML part's tree, with no entity resolved, no DTD loaded and nothing fetched."""
    from lxml import etree  # the format's library: imported when a .docx is read, not before

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    return etree.fromstring(xml, parser)


def read(data: bytes, name: str) -> Document:
    from lxml.etree import XMLSyntaxError

    with safezip.open_checked(data, name) as archive:
        try:
            root = _parse(safezip.read_member(archive, _main_part(archive, name), name))
        except XMLSyntaxError as exc:
            raise safezip.damaged(name, exc) from None
        title = _title(archive, name)
    blocks = tuple(_Body(root).blocks())
    if not blocks:
        raise DocumentError(name, "the Word document holds no text", "check that it is the plan")
    return Document(name, "docx", blocks, title=title)


def _main_part(archive: ZipFile, name: str) -> str:
    """The path of the document's main part: word/document.xml, or where _rels/.rels says."""
    names = set(archive.namelist())
    if _MAIN in names:
        return _MAIN
    if _RELS in names:
        rels = _parse(safezip.read_member(archive, _RELS, name))
        for rel in rels:
            target = (rel.get("Target") or "").lstrip("/")
            if (
                (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT)
                and target in names
                and target.startswith("word/")
            ):
                return target
    kind = next((k for member, k in _OTHER_ZIPS if member in names), "a zip archive")
    raise DocumentError(
        name,
        f"{kind}, not a Word .docx document",
        "save the plan as a Word .docx, PDF or text file",
    )


def _title(archive: ZipFile, name: str) -> str | None:
    """The title set in the document's properties, if any."""
    if _CORE not in archive.namelist():
        return None
    from lxml.etree import XMLSyntaxError

    try:
        core = _parse(safezip.read_member(archive, _CORE, name))
    except XMLSyntaxError:
        return None  # damaged properties do not make the document unreadable
    element = core.find(_DC_TITLE)
    title = _text_of(element).strip() if element is not None else ""
    return title or None


def _text_of(element: _Element) -> str:
    """An element's own text, leaving out unresolved entity references (and what they name)."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


class _Body:
    """The main part's body, read block by block. Tags are in the document's own namespace,
    so Strict Open XML files (another namespace, same names) read the same."""

    def __init__(self, root: _Element) -> None:
        ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
        self.root = root
        self.w = {
            tag: f"{{{ns}}}{tag}"
            for tag in [
                "body",
                "p",
                "r",
                "t",
                "tab",
                "br",
                "cr",
                "noBreakHyphen",
                "tbl",
                "tr",
                "tc",
                "sdt",
                "sdtContent",
                "customXml",
                "txbxContent",
            ]
        }
        self.break_type = f"{{{ns}}}type"
        # Text boxes hold paragraphs inside a run, and each drawing's fallback repeats it.
        for dropped in list(root.iter(self.w["txbxContent"], _MC_FALLBACK)):
            if (parent := dropped.getparent()) is not None:
                parent.remove(dropped)

    def blocks(self) -> Iterator[Block]:
        body = self.root.find(self.w["body"])
        if body is None:
            return
        paragraphs = tables = 0
        for element in self._children(body, "p", "tbl"):
            if element.tag == self.w["p"]:
                if text := self._paragraph(element):
                    paragraphs += 1
                    yield Block(text, f"paragraph {paragraphs}")
                continue
            tables += 1
            for number, row in enumerate(self._children(element, "tr"), 1):
                cells = [self._cell(cell) for cell in self._children(row, "tc")]
                if any(cells):
                    yield Block("\t".join(cells), f"table {tables}, row {number}", table=True)

    def _children(self, parent: _Element, *tags: str) -> Iterator[_Element]:
        """Children with these tags, looking through content controls and custom XML that
        may wrap paragraphs, tables, rows or cells."""
        wanted = {self.w[t] for t in tags}
        wrappers = {self.w["sdt"], self.w["sdtContent"], self.w["customXml"]}
        for child in parent:
            if child.tag in wanted:
                yield child
            elif child.tag in wrappers:
                yield from self._children(child, *tags)

    def _paragraph(self, p: _Element) -> str:
        w = self.w
        parts: list[str] = []
        for el in p.iter(w["t"], w["tab"], w["br"], w["cr"], w["noBreakHyphen"]):
            tag = el.tag
            if tag == w["t"]:
                parts.append(_text_of(el))
            elif (parent := el.getparent()) is None or parent.tag != w["r"]:
                continue  # a tab stop or break setting in the paragraph's properties
            elif tag == w["noBreakHyphen"]:
                parts.append("-")
            elif tag != w["br"] or el.get(self.break_type) != "page":
                parts.append(" ")  # a tab or line break inside a line of text
        return "".join(parts).strip()

    def _cell(self, cell: _Element) -> str:
        """A cell's paragraphs, and any table nested in it, on one line."""
        texts: list[str] = []
        for element in self._children(cell, "p", "tbl"):
            if element.tag == self.w["p"]:
                texts.append(self._paragraph(element))
            else:
                for row in self._children(element, "tr"):
                    texts.extend(self._cell(c) for c in self._children(row, "tc"))
        return " ".join(t for t in texts if t).replace("\t", " ")
