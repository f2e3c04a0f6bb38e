"""Word .docx files written from their XML, for the fixtures and for tests that need a variant.

A .docx is a zip of XML parts; these are the four a reader looks at, written the way Word
writes them (namespaces, run properties, tab stops in paragraph properties) so that the
reader meets the same structure. The zip entries carry a fixed date, so the bytes never vary.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DATE = (2025, 3, 1, 9, 0, 0)

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml"
 ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
<Relationship Id="rId2" Target="docProps/core.xml"
 Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>
</Relationships>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties
 xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/">{title}<dc:creator>江南省市场监管局</dc:creator>
</cp:coreProperties>"""


def run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(*runs: str, style: str | None = None) -> str:
    """A paragraph of runs (made by run(), or raw run XML); with a style, Word's heading
    paragraphs also carry a tab stop in their properties, which is not text."""
    props = (
        f'<w:pPr><w:pStyle w:val="{style}"/><w:tabs><w:tab w:val="left" w:pos="840"/>'
        "</w:tabs></w:pPr>"
        if style
        else ""
    )
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"<w:p>{props}{body}</w:p>"


def table(rows: Iterable[Iterable[str]]) -> str:
    """A table whose cells each hold one paragraph."""
    xml_rows = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in cells) + "</w:tr>"
        for cells in rows
    )
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>{xml_rows}</w:tbl>'


def document_xml(body: str, *, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}"
        f'<w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body>'
        "</w:document>"
    ).encode()


def docx(
    body: str,
    *,
    title: str | None = None,
    doctype: str = "",
    parts: dict[str, bytes] | None = None,
) -> bytes:
    """A .docx whose document body is ``body`` (paragraph and table XML). ``parts`` adds
    or replaces zip members."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _RELS.encode(),
        "word/document.xml": document_xml(body, doctype=doctype),
        "docProps/core.xml": _CORE.format(
            title=f"<dc:title>{escape(title)}</dc:title>" if title else ""
        ).encode(),
        **(parts or {}),
    }
    return zipped(members)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, _DATE), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
