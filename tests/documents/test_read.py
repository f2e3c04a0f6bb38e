"""read_document and read_path: each format from bytes, from a path and from standard input."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from qualpolicy.documents import limits
from qualpolicy.documents.blocks import Block, Document
from qualpolicy.documents.read import DocumentError, read_document, read_path
from qualpolicy.errors import QualpolicyError

from . import builders as b
from . import plan_text as t

FIXTURES = Path(__file__).parent / "fixtures"

TEXT = "\n".join((t.TITLE, t.SUBTITLE, "", *t.BODY)) + "\n"
TRADITIONAL = (
    "江南省質量強省建設實施方案\n"
    "到2027年，全省製造業質量競爭力指數達到90以上，公共服務質量滿意度達到82分以上。\n"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))


# Plain text


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # with its byte-order mark, little-endian here
        ("utf-16-be", "utf-16"),  # written with a mark below
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_plain_text_in_each_encoding(encoding: str, expected: str) -> None:
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    document = read_document(data, "plan.txt")
    assert document.format == "text"
    assert document.encoding == expected
    assert texts(document) == [t.TITLE, t.SUBTITLE, *t.BODY]


def test_big5_traditional_text() -> None:
    document = read_document(TRADITIONAL.encode("big5"), "plan.txt")
    assert document.encoding == "big5"
    assert texts(document) == TRADITIONAL.split("\n")[:2]


def test_traditional_text_saved_as_gbk_is_not_taken_for_big5() -> None:
    document = read_document(TRADITIONAL.encode("gbk"), "plan.txt")
    assert document.encoding == "gb18030"
    assert texts(document) == TRADITIONAL.split("\n")[:2]


def test_gbk_only_characters_under_a_short_sample() -> None:
    line = "质量技术服务机构堃元检测公司获评省级示范。"  # 堃 is in GBK, not in GB2312
    assert texts(read_document(line.encode("gbk"), "a.txt")) == [line]


def test_a_utf8_file_cut_off_mid_character_is_still_utf8() -> None:
    data = TEXT.encode("utf-8")[:-2]  # the last 。 loses its last byte
    document = read_document(data, "cut.txt")
    assert document.encoding == "utf-8"
    assert texts(document)[-1] == t.SUPPORT[:-1]


def test_lines_are_numbered_as_in_an_editor() -> None:
    data = "第一行\r\n\r\n\u3000\u3000第三行，缩进。\r\n  \n第五行\x0c含换页符".encode()
    document = read_document(data, "a.txt")
    assert document.blocks == (
        Block("第一行", "line 1"),
        Block("第三行，缩进。", "line 3"),
        Block("第五行\x0c含换页符", "line 5"),
    )


def test_plain_text_from_a_path_and_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT.encode("gbk"))
    from_path = read_path(str(path))
    assert from_path.name == str(path)
    assert texts(from_path) == [t.TITLE, t.SUBTITLE, *t.BODY]
    stdin(monkeypatch, TEXT.encode("gbk"))
    from_stdin = read_path("-")
    assert from_stdin.name == "-"
    assert from_stdin.blocks == from_path.blocks


# HTML


def test_government_page_keeps_the_article_and_drops_the_site() -> None:
    document = read_document(fixture("gov_page.html"), "page.html")
    assert document.format == "html"
    assert document.encoding == "gb18030"  # labelled gb2312, which is too narrow for 堃
    assert document.title == t.TITLE
    paragraphs = [block for block in document.blocks if not block.table]
    assert [p.text for p in paragraphs] == [t.SUBTITLE, *t.BODY, t.ANNEX]
    assert [p.where for p in paragraphs[:2]] == ["paragraph 1", "paragraph 2"]
    rows = [block for block in document.blocks if block.table]
    assert [r.text.split("\t") for r in rows] == [list(row) for row in t.INDICATORS]
    assert rows[1].where == "table 1, row 2"
    everything = "\n".join(texts(document))
    for noise in (
        "首页",
        "政务公开",
        "搜索",
        "当前位置",
        "相关文件",
        "浏览次数",
        "3521",
        "字体",
        "打印",
        "关闭",
        "分享",
        "微信",
        "上一篇",
        "下一篇",
        "主办单位",
        "承办单位",
        "联系电话",
        "0571",
        "网站标识码",
        "ICP",
        "公网安备",
        "版权所有",
        "访问者",
        "统计代码",
        "关键词",
    ):
        assert noise not in everything, noise


OLD_STYLE_PAGE = """<html><head><meta charset="utf-8"><title>通知_江南省人民政府</title></head>
<body><table width="100%"><tr><td>
<table><tr><td><a href="/">首页</a></td><td><a href="/x">信息公开</a></td></tr></table>
<table><tr><td>
<div id="content">{first}<br/>{second}<br>
{third}</div>
</td></tr></table>
<div>网站标识码：3300000099 浙ICP备05012345号</div>
</td></tr></table></body></html>"""


def test_an_old_table_laid_out_page_with_line_breaks() -> None:
    page = OLD_STYLE_PAGE.format(first=t.TARGET_2027, second=t.TARGET_2030, third=t.SUPPORT)
    document = read_document(page.encode(), "old.htm")
    assert document.title == "通知_江南省人民政府"
    assert texts(document) == [t.TARGET_2027, t.TARGET_2030, t.SUPPORT]


def test_a_short_page_falls_back_to_its_whole_body_less_the_boilerplate() -> None:
    page = (
        "<!doctype html><html><body><div class='a'><p>关于印发质量强省方案的通知</p></div>"
        "<div class='b'><p>各市人民政府：现将方案印发给你们，请认真贯彻执行。</p></div>"
        "<div class='c'><p>主办单位：江南省人民政府办公厅</p><p>江ICP备05012345号</p></div>"
        "</body></html>"
    )
    document = read_document(page.encode(), "short.html")
    assert texts(document) == [
        "关于印发质量强省方案的通知",
        "各市人民政府：现将方案印发给你们，请认真贯彻执行。",
    ]


def test_a_line_break_between_hanzi_in_the_source_is_no_space() -> None:
    page = "<html><body><p>全省制造业质量竞争力\n    指数达到90以上。 Quality\n  first</p></body>"
    assert texts(read_document(page.encode(), "a.html")) == [
        "全省制造业质量竞争力指数达到90以上。 Quality first"
    ]


@pytest.mark.parametrize(
    "start",
    [
        "\ufeff<!DOCTYPE html>",
        "<!-- saved from url=(0041)https://www.example.gov.cn/ -->\n<html>",
        "  \n<HTML lang='zh-CN'>",
        '<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
    ],
)
def test_html_is_recognised_by_its_start(start: str) -> None:
    page = f"{start}<body><p>{t.TARGET_2027}</p></body></html>"
    encoding = "gbk" if "gbk" in start else "utf-8"
    document = read_document(page.encode(encoding), "saved")  # no extension to go by
    assert document.format == "html"
    assert texts(document) == [t.TARGET_2027]


def test_an_html_fragment_is_html_by_its_extension_only() -> None:
    fragment = f"<span>{t.TARGET_2027}</span>".encode()
    assert read_document(fragment, "part.html").format == "html"
    assert read_document(fragment, "part.txt").format == "text"


def test_utf16_html_and_html_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    page = f"<html><body><p>{t.TARGET_2030}</p></body></html>".encode("utf-16")
    stdin(monkeypatch, page)
    document = read_path("-")
    assert (document.format, document.encoding) == ("html", "utf-16")
    assert texts(document) == [t.TARGET_2030]


def test_html_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(fixture("gov_page.html"))
    assert read_path(str(path)).blocks == read_document(fixture("gov_page.html"), "x").blocks


# Word


def test_word_document_in_document_order() -> None:
    document = read_document(fixture("plan.docx"), "plan.docx")
    assert document.format == "docx"
    assert document.title == t.TITLE
    assert document.encoding is None
    paragraphs = [t.TITLE, t.SUBTITLE, *t.BODY, t.ANNEX]
    assert texts(document) == [*paragraphs, *("\t".join(row) for row in t.INDICATORS)]
    assert [block.where for block in document.blocks[-6:]] == [
        f"paragraph {len(paragraphs)}",
        "table 1, row 1",
        "table 1, row 2",
        "table 1, row 3",
        "table 1, row 4",
        "table 1, row 5",
    ]
    assert [block.table for block in document.blocks].count(True) == len(t.INDICATORS)


def test_word_text_left_out() -> None:
    everything = "\n".join(texts(read_document(fixture("plan.docx"), "plan.docx")))
    assert "删去的旧表述" not in everything  # deleted in tracked changes
    assert "文本框中的批注" not in everything  # a text box (and its fallback copy)


def test_word_runs_breaks_and_merged_cells() -> None:
    body = (
        b.paragraph("到2027年，", "<w:r><w:tab/></w:r>", "全省", "<w:r><w:br/></w:r>", "质量提升。")
        + b.paragraph("第一页末", '<w:r><w:br w:type="page"/></w:r>', "第二页首")
        + b.table([["指标", "目标"], ["合格率", "98%"]]).replace(
            '<w:tc><w:p><w:r><w:t xml:space="preserve">合格率',
            '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t xml:space="preserve">合格率',
        )
        + "<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    )
    document = read_document(b.docx(body), "a.docx")
    assert texts(document) == [
        "到2027年， 全省 质量提升。",
        "第一页末第二页首",
        "指标\t目标",
        "合格率\t98%",
    ]
    assert document.title is None


def test_word_from_a_path_and_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(fixture("plan.docx"))
    stdin(monkeypatch, fixture("plan.docx"))
    assert read_path(str(path)).blocks == read_path("-").blocks


def test_word_never_reads_a_file_an_entity_points_to(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY % remote SYSTEM "{secret.as_uri()}"> %remote;]>\n'
    )
    body = b.paragraph("<w:r><w:t>甲&xxe;乙</w:t></w:r>")
    try:
        document = read_document(b.docx(body, doctype=doctype), "xxe.docx")
    except DocumentError as error:  # refusing the document outright is as safe
        assert "TOP-SECRET" not in str(error)
    else:
        assert texts(document) == ["甲乙"]
        assert "TOP-SECRET" not in repr(document)


def test_word_entities_are_not_expanded() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE w:document [<!ENTITY l0 "哈">{laughs}]>\n'
    body = b.paragraph("<w:r><w:t>笑&l9;</w:t></w:r>")
    started = time.perf_counter()
    try:
        assert texts(read_document(b.docx(body, doctype=doctype), "laughs.docx")) == ["笑"]
    except DocumentError as error:  # libxml2 may refuse the amplification itself
        assert_refused(error, "laughs.docx", "damaged")
    assert time.perf_counter() - started < 1


# PDF


def test_pdf_lines_join_into_paragraphs_without_page_furniture() -> None:
    document = read_document(fixture("plan.pdf"), "plan.pdf")
    assert document.format == "pdf"
    assert document.title == t.TITLE
    body = texts(document)[: 2 + len(t.BODY)]
    assert body == [t.TITLE, t.SUBTITLE, *t.BODY]  # 98% is cut after its 9 in the PDF
    everything = "\n".join(texts(document))
    for furniture in ("江南省人民政府文件", "第 1 页", "共 3 页", "—"):
        assert furniture not in everything.replace("2026—2030", ""), furniture


def test_pdf_paragraphs_are_located_by_the_page_they_start_on() -> None:
    blocks = read_document(fixture("plan.pdf"), "plan.pdf").blocks
    where = {block.text: block.where for block in blocks}
    assert where[t.TITLE] == "page 1, paragraph 1"
    assert where[t.TASK_MANUFACTURING] == "page 1, paragraph 8"  # runs on to page 2
    assert where[t.TASK_INFRASTRUCTURE] == "page 2, paragraph 1"
    assert where[t.ANNEX] == "page 3, paragraph 1"
    assert "制造业质量竞争力指数" in where


def test_a_pdf_restricted_by_an_owner_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(fixture("restricted.pdf"))
    assert t.TARGET_2027 in texts(read_path(str(path)))


def test_pdf_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, fixture("plan.pdf"))
    assert t.SUPPORT in texts(read_path("-"))


# Errors


def assert_refused(error: DocumentError, name: str, *words: str) -> None:
    """The error names the file first, says what to do, and exits as a user error."""
    assert isinstance(error, QualpolicyError)
    assert error.exit_code == 1
    assert str(error).startswith(f"{name}: ")
    assert error.hint
    message = f"{error} {error.hint}"
    for word in words:
        assert word in message


def test_scanned_pdf() -> None:
    with pytest.raises(DocumentError) as error:
        read_document(fixture("scanned.pdf"), "scan.pdf")
    assert_refused(error.value, "scan.pdf", "no text layer", "OCR", "ocrmypdf")


def test_encrypted_pdf() -> None:
    with pytest.raises(DocumentError) as error:
        read_document(fixture("encrypted.pdf"), "locked.pdf")
    assert_refused(error.value, "locked.pdf", "encrypted", "password")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"%PDF-1.4\n" + bytes(range(256)) * 4,
    ],
    ids=["no-pages", "garbage"],
)
def test_damaged_pdf(data: bytes) -> None:
    with pytest.raises(DocumentError) as error:
        read_document(data, "broken.pdf")
    assert_refused(error.value, "broken.pdf")


def test_truncated_pdf() -> None:
    data = fixture("plan.pdf")
    with pytest.raises(DocumentError) as error:
        read_document(data[: len(data) // 3], "half.pdf")
    assert_refused(error.value, "half.pdf")


def test_old_word_document() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le")
    with pytest.raises(DocumentError) as error:
        read_document(data, "plan.doc")
    assert_refused(error.value, "plan.doc", ".doc", "save it as .docx or as text")


def test_password_protected_word_document() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(DocumentError) as error:
        read_document(data, "locked.docx")
    assert_refused(error.value, "locked.docx", "password")


@pytest.mark.parametrize("data", [b"", b" \r\n\t "], ids=["nothing", "white-space"])
def test_empty_file(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as error:
        read_document(data, "empty.txt")
    assert_refused(error.value, "empty.txt", "empty")
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as error:
        read_path(str(path))
    assert_refused(error.value, str(path), "empty")


def test_a_text_file_of_blank_lines_in_utf16() -> None:
    with pytest.raises(DocumentError) as error:
        read_document("\n\u3000\n".encode("utf-16"), "blank.txt")
    assert_refused(error.value, "blank.txt", "no text")


def test_image() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    with pytest.raises(DocumentError) as error:
        read_document(png, "scan.png")
    assert_refused(error.value, "scan.png", "PNG", "OCR")


@pytest.mark.parametrize("size", [16, 300, 100_000])
def test_random_bytes(size: int) -> None:
    import random

    data = random.Random(size).randbytes(size)
    with pytest.raises(DocumentError) as error:
        read_document(data, "noise.bin")
    assert_refused(error.value, "noise.bin", "binary")


def test_oversize_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() * 10)
    read = []
    monkeypatch.setattr(limits, "read_capped", lambda stream, name: read.append(name))
    with pytest.raises(DocumentError) as error:
        read_path(str(path))
    assert_refused(error.value, str(path), "too large", "over the 1,000 bytes limit")
    assert read == []  # refused on its size alone


def test_oversize_stdin_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_BYTES", 1000)
    monkeypatch.setattr(limits, "_CHUNK", 256)
    stream = io.BytesIO(TEXT.encode() * 100)
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stream))
    with pytest.raises(DocumentError) as error:
        read_path("-")
    assert_refused(error.value, "standard input", "too large")
    assert stream.tell() <= 1024 + 256  # it stopped reading just past the limit
    with pytest.raises(DocumentError) as error:
        read_document(TEXT.encode() * 100, "big.txt")
    assert_refused(error.value, "big.txt", "too large")


def test_zip_bomb_is_refused_before_it_is_inflated() -> None:
    with pytest.raises(DocumentError) as error:
        read_document(fixture("bomb.docx"), "bomb.docx")
    assert_refused(error.value, "bomb.docx", "expand", "word/document.xml")


def test_a_member_larger_than_its_cap_is_not_inflated_past_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qualpolicy.documents import safezip

    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 500)
    with pytest.raises(DocumentError) as error:
        read_document(fixture("plan.docx"), "plan.docx")
    assert_refused(error.value, "plan.docx", "expand")
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", 1000)
    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 10**8)
    with pytest.raises(DocumentError) as error:
        read_document(fixture("plan.docx"), "plan.docx")
    assert_refused(error.value, "plan.docx", "in all")


def test_damaged_word_document() -> None:
    data = fixture("plan.docx")
    member = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    inside = member.header_offset + 100  # in the middle of the deflated XML
    for broken in (data[: len(data) // 2], data[:inside] + bytes(50) + data[inside + 50 :]):
        with pytest.raises(DocumentError) as error:
            read_document(broken, "broken.docx")
        assert_refused(error.value, "broken.docx", "damaged")
    bad_xml = b.docx("", parts={"word/document.xml": b"<w:document><w:body>"})
    with pytest.raises(DocumentError) as error:
        read_document(bad_xml, "bad.docx")
    assert_refused(error.value, "bad.docx", "damaged")


def test_a_zip_that_is_not_a_word_document() -> None:
    workbook = b.zipped({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(DocumentError) as error:
        read_document(workbook, "plan.xlsx")
    assert_refused(error.value, "plan.xlsx", "Excel", ".docx")


def test_paths_that_are_not_readable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pdf"
    with pytest.raises(DocumentError) as error:
        read_path(str(missing))
    assert_refused(error.value, str(missing), "no such file")
    with pytest.raises(DocumentError) as error:
        read_path(str(tmp_path))
    assert_refused(error.value, str(tmp_path), "directory")


# Cost


def test_import_loads_no_format_library() -> None:
    code = (
        "import sys, qualpolicy.documents.read\n"
        "heavy = ('lxml', 'pypdf', 'charset_normalizer', 'cryptography', 'zipfile')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_fifty_kilobytes_of_text_read_fast_in_each_format() -> None:
    paragraphs = [f"{i}. {p}" for i in range(64) for p in t.BODY]
    assert len("".join(paragraphs).encode()) > 100_000  # as long as the longest seed plan
    html = "<html><body><div>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></body>"
    sources = {
        "plan.txt": "\n".join(paragraphs).encode("gbk"),
        "plan.html": html.encode(),
        "plan.docx": b.docx("".join(b.paragraph(p) for p in paragraphs)),
    }
    for name, data in sources.items():
        read_document(data, name)  # imports, and builds the decoder's tables
        best = min(_timed(data, name) for _ in range(3))
        assert best < 0.1, f"{name}: {best * 1000:.0f} ms"


def _timed(data: bytes, name: str) -> float:
    started = time.perf_counter()
    document = read_document(data, name)
    elapsed = time.perf_counter() - started
    assert len(document.blocks) == 64 * len(t.BODY)
    return elapsed
