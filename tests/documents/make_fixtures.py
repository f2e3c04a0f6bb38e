"""Writes the document fixtures under tests/documents/fixtures/ (committed; tests only read them).

    .venv/bin/python -m tests.documents.make_fixtures

The PDFs need ReportLab (a dev dependency). plan.pdf also needs a TrueType CJK font,
WenQuanYi Micro Hei (Debian: apt-get install fonts-wqy-microhei), of which ReportLab embeds
a subset, as Word and WPS do, with the ToUnicode map that text extraction reads; the
encrypted ones use Adobe's STSong-Light, which PDF readers bring and the file only names
(smaller files, and the other way Chinese PDFs are written). Encrypting needs the
cryptography package (a dependency of qualpolicy). The tests need neither font nor
ReportLab. Every file but the two encrypted PDFs (random keys) comes out byte for byte the
same each time.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from . import builders as b
from . import plan_text as t

FIXTURES = Path(__file__).parent / "fixtures"
FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
EMBEDDED = "WenQuanYiMicroHei"
NAMED = "STSong-Light"
RUNNING_HEAD = "江南省人民政府文件"

# Printed lines of the PDF: characters per full line and lines per page (small pages, so
# that the plan runs over three of them and one paragraph over a page break).
_PER_LINE = 26
_LINES_PER_PAGE = 16


def plan_docx() -> bytes:
    """The plan as Word writes it: styled headings, a paragraph in several runs, tracked
    changes, a content control, a text box, an empty paragraph and the indicator table."""
    preamble_runs = (t.PREAMBLE[:10], b.run(t.PREAMBLE[10:24], bold=True), t.PREAMBLE[24:])
    first, rest = t.TASK_MANUFACTURING[:20], t.TASK_MANUFACTURING[20:]
    tracked = (
        f"{b.run(first)}<w:del><w:r><w:delText>删去的旧表述</w:delText></w:r></w:del>"
        f"<w:ins>{b.run(rest)}</w:ins>"
    )
    text_box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        f"<w:txbxContent>{b.paragraph('文本框中的批注')}</w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f"<w:txbxContent>{b.paragraph('文本框中的批注')}</w:txbxContent>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = "".join(
        (
            b.paragraph(t.TITLE, style="Title"),
            b.paragraph(t.SUBTITLE),
            b.paragraph(*preamble_runs),
            b.paragraph(t.HEADING_AIMS, style="Heading1"),
            b.paragraph(t.TARGET_2027),
            f"<w:sdt><w:sdtContent>{b.paragraph(t.TARGET_2030)}</w:sdtContent></w:sdt>",
            b.paragraph(t.HEADING_TASKS, style="Heading1"),
            f"<w:p>{tracked}</w:p>",
            b.paragraph(t.TASK_INFRASTRUCTURE, text_box),
            b.paragraph(t.TASK_SERVICES),
            b.paragraph(),
            b.paragraph(t.HEADING_SUPPORT, style="Heading1"),
            b.paragraph(t.SUPPORT),
            b.paragraph(t.ANNEX),
            b.table(t.INDICATORS),
        )
    )
    return b.docx(body, title=t.TITLE)


def bomb_docx() -> bytes:
    """A .docx whose 8 MiB document part (one paragraph, then spaces) zips to a few KB."""
    document = b.document_xml(b.paragraph(t.PREAMBLE)) + b" " * (8 * 1024 * 1024)
    return b.docx("", parts={"word/document.xml": document})


def gov_page() -> bytes:
    """The plan as a provincial government site publishes it, saved from a browser, in GBK
    under a gb2312 label (with a GBK-only character, 堃) and with the site's noise around."""
    rows = "".join(
        "<tr>" + "".join(f"<td><p>{cell}</p></td>" for cell in row) + "</tr>"
        for row in t.INDICATORS
    )
    paragraphs = "\n".join(f'<p style="text-indent:2em">{p}</p>' for p in t.BODY)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="ArticleTitle" content="{t.TITLE}">
<title>{t.TITLE}_江南省人民政府门户网站</title>
<style>.nav li {{ float: left }}</style>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div class="top">
  <div class="header"><img src="https://www.example.gov.cn/logo.png" alt="江南省人民政府">
  <form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
  <li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul>
</div>
<div class="wrapper">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a>
  &gt; 规划计划</div>
  <div class="left">
    <h3>相关文件</h3>
    <ul><li><a href="/a/1.html">江南省“十四五”市场监管现代化规划</a></li>
    <li><a href="/a/2.html">关于开展质量提升行动的通知</a></li></ul>
  </div>
  <div class="article">
    <h1>{t.TITLE}</h1>
    <div class="info">发布日期：2025-03-01 来源：江南省市场监督管理局（李堃供稿）
    浏览次数：<span id="count">3521</span> 【字体：<a>大</a> <a>中</a> <a>小</a>】
    【<a href="javascript:window.print()">打印</a>】【<a>关闭</a>】</div>
    <div class="TRS_Editor" id="zoom">
<p style="text-align:center">{t.SUBTITLE}</p>
{paragraphs}
<p>{t.ANNEX}</p>
<table border="1" cellspacing="0">{rows}</table>
<p>&nbsp;</p>
    </div>
    <div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a>
    <a class="bds_tsina">微博</a></div>
    <div class="pages">
      <p>上一篇：<a href="/a/0.html">江南省标准化发展纲要</a></p>
      <p>下一篇：<a href="/a/3.html">江南省知识产权强省建设方案</a></p>
    </div>
    <p class="tools">打印本页 关闭窗口</p>
  </div>
</div>
<div class="footer">
  <p>主办单位：江南省人民政府办公厅　承办单位：江南省大数据发展中心</p>
  <p>联系电话：0571-87050000　地址：江南省临江市人民大道1号</p>
  <p>网站标识码：3300000099　<a>江ICP备05012345号</a>　<a>江公网安备 33010602000123号</a></p>
  <p>版权所有 &copy; 江南省人民政府　您是第 1234567 位访问者</p>
</div>
<div style="display:none">质量 强省 方案 关键词</div>
</body>
</html>
"""
    return page.encode("gbk")


def _canvas(out: io.BytesIO, font: str) -> Canvas:
    if font == EMBEDDED:
        if not FONT_FILE.exists():
            sys.exit(f"{FONT_FILE} is missing: apt-get install fonts-wqy-microhei")
        pdfmetrics.registerFont(TTFont(EMBEDDED, str(FONT_FILE), subfontIndex=0))
    elif font == NAMED:
        pdfmetrics.registerFont(UnicodeCIDFont(NAMED))
    canvas = Canvas(out, pagesize=A4, invariant=True)
    canvas.setTitle(t.TITLE)
    return canvas


def _printed_lines() -> list[tuple[str, float]]:
    """The plan as printed lines with their indents: first lines indented two characters,
    a sentence running on wherever the line is full."""
    lines: list[tuple[str, float]] = [(t.TITLE, 6), (t.SUBTITLE, 8)]
    for text in t.BODY:
        width = _PER_LINE - 2
        indent = 2.0
        while text:
            lines.append((text[:width], indent))
            text = text[width:]
            width, indent = _PER_LINE, 0.0
    return lines


def plan_pdf(font: str = EMBEDDED, pages_wanted: int | None = None) -> bytes:
    """The plan over three pages with a running head, a page count at the top and a page
    number at the foot; the annex table on its own last page."""
    size = 16
    width, height = A4
    left = (width - _PER_LINE * size) / 2
    body = _printed_lines()
    pages = [body[i : i + _LINES_PER_PAGE] for i in range(0, len(body), _LINES_PER_PAGE)]
    pages.append([])  # the annex
    if pages_wanted:
        pages = pages[:pages_wanted]
    out = io.BytesIO()
    canvas = _canvas(out, font)
    for number, lines in enumerate(pages, 1):
        canvas.setFont(font, 10)
        canvas.drawCentredString(width / 2, height - 50, RUNNING_HEAD)
        canvas.drawRightString(width - left, height - 66, f"第 {number} 页 共 {len(pages)} 页")
        canvas.drawCentredString(width / 2, 40, f"— {number} —")
        canvas.setFont(font, size)
        y = height - 110
        for text, indent in lines:
            canvas.drawString(left + indent * size, y, text)
            y -= size * 2
        if not lines:
            canvas.drawString(left, y, t.ANNEX)
            canvas.setFont(font, 11)
            for row in t.INDICATORS:
                y -= 24
                for column, cell in zip((0, 30, 200, 270, 350), row, strict=True):
                    canvas.drawString(left + column, y, cell)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def scanned_pdf() -> bytes:
    """Two scanned pages: each a picture of lines of print, with only the page number as
    text (a scanner's stamp)."""
    scan = Image.new("1", (210, 297), 1)
    draw = ImageDraw.Draw(scan)
    for y in range(30, 270, 12):
        draw.rectangle((25, y, 185 if y % 60 else 125, y + 5), fill=0)
    out = io.BytesIO()
    canvas = _canvas(out, "Helvetica")
    width, height = A4
    for number in (1, 2):
        canvas.drawImage(ImageReader(scan), 0, 0, width, height)
        canvas.setFont("Helvetica", 10)
        canvas.drawCentredString(width / 2, 30, f"- {number} -")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def encrypted_pdf(*, user_password: str) -> bytes:
    """The plan's first page, AES-encrypted; an empty user password only restricts it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plan_pdf(NAMED, pages_wanted=1))))
    writer.encrypt(user_password=user_password, owner_password="owner-2025", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    files = {
        "plan.docx": plan_docx(),
        "bomb.docx": bomb_docx(),
        "gov_page.html": gov_page(),
        "plan.pdf": plan_pdf(),
        "scanned.pdf": scanned_pdf(),
        "encrypted.pdf": encrypted_pdf(user_password="secret-2025"),
        "restricted.pdf": encrypted_pdf(user_password=""),
    }
    for name, data in files.items():
        (FIXTURES / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
