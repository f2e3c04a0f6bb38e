"""A draft plan's header from what its document says: the title, who issued it and when,
its document number, the region and its level, the script and vocabulary it is written in.

Each field is read from the lines a government document puts them on — the title near
the top (or in the page's own title), the issuer and date in the signature block or the
page's metadata, the number (苏政发〔2023〕18号) under the title — and a field the text
does not give is left empty and named, never guessed from elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from qualpolicy.documents.blocks import Document
from qualpolicy.models import Level, Script, Vocabulary
from qualpolicy.text.clauses import PROVINCES
from qualpolicy.text.normalize import Normalizer, script_of

# Where a document's header lines are: its first and last blocks.
HEAD_BLOCKS = 25
TAIL_BLOCKS = 15

# A plan's title names the quality-strong region it builds (质量强省, 品質強市 …) and
# the kind of document it is, last but for a period in brackets.
_TITLE = re.compile(r"(?:质量|品质|質量|品質)(?:强|強)(?:省|市|县|縣|区|區|国|國|州|盟)")
_KIND_END = re.compile(
    r"(?:方案|意见|意見|纲要|綱要|规划|規劃|思路|计划|計劃|通知|决定|決定|办法|辦法|行动|行動)"
    r"\s*(?:[(（][^()（）]{4,14}[)）])?\s*$"
)
# The plan a notice issues: 关于印发《…》的通知 (another document quoted is not the title).
_ISSUED_TITLE = re.compile(r"(?:印发|印發|发布|發布)\s*《([^》]{4,60})》")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔［\[【(（]\s*(\d{4})\s*[〕］\]】)）]\s*\d{1,4}\s*号")
_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})"
)
# A web page's metadata line naming who published the document.
_SOURCE_LINE = re.compile(
    r"(?:来源|發布機構|发布机构|发文机关|發文機關|发文单位|發文單位)\s*[:：]\s*([^\s|｜]{2,40})"
)
_ISSUER = re.compile(
    r"(?:中共[\u4e00-\u9fff]{2,8}?(?:委员会|委)[、\s]*)?"
    rf"(?:(?:{PROVINCES})[\u4e00-\u9fff]{{0,6}}?(?:省|市|自治区)|[\u4e00-\u9fff]{{2,4}}(?:市|县|区|州|盟))"
    r"(?:人民政府(?:办公厅|办公室)?|市场监督管理局|市场监管局|质量强(?:省|市|县|区)工作领导小组)"
    r"|国务院(?:办公厅)?|中共中央|国家市场监督管理总局"
)
_REGION = re.compile(r"([\u4e00-\u9fff]{2,9}?(?:自治区|省|市|县|区))")
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
TAIWAN_WORDS = 3


@dataclass(frozen=True)
class Header:
    """The plan's header fields as far as the document gives them."""

    title: str | None = None
    title_exact: bool = False
    """The title is the document's own (its page title or title line), not a description."""
    issuer: str | None = None
    issued: dt.date | None = None
    document_number: str | None = None
    region: str | None = None
    level: Level | None = None
    script: Script = Script.simplified
    vocabulary: Vocabulary = Vocabulary.mainland
    notes: tuple[str, ...] = ()
    """Where the reader guessed: a date that may be the page's, not the document's …"""
    missing: tuple[str, ...] = field(default=())
    """Fields the document does not give: the curator fills them in."""


def read_header(document: Document, normalizer: Normalizer) -> Header:
    """What ``document``'s own words say of its header (in simplified script)."""
    original = [b.text for b in document.blocks]
    everything = "\n".join(original)
    script = script_of(everything)
    vocabulary = (
        _vocabulary(everything, normalizer)
        if script is Script.traditional
        else (Vocabulary.mainland)
    )

    def simplified(text: str) -> str:
        return normalizer.normalize(text, script, vocabulary)

    edges = original[:HEAD_BLOCKS] + original[-TAIL_BLOCKS:]
    notes: list[str] = []
    title, exact = _title(document.title, original[:HEAD_BLOCKS], simplified)
    number = next((m.group(0) for b in edges if (m := _NUMBER.search(b))), None)
    issuer = _issuer([simplified(b) for b in edges])
    issued = _date(edges)
    if issued is not None:
        notes.append(f"issued {issued.isoformat()}: the first date of the header or signature")
    region = _region(issuer, title)
    level = _level(region)
    found = {
        "title": title,
        "issuer": issuer,
        "issued": issued,
        "document_number": number,
        "region": region,
        "level": level,
    }
    missing = tuple(name for name, value in found.items() if value is None)
    return Header(
        title=title,
        title_exact=exact,
        issuer=issuer,
        issued=issued,
        document_number=number,
        region=region,
        level=level,
        script=script,
        vocabulary=vocabulary,
        notes=tuple(notes),
        missing=missing,
    )


def _vocabulary(text: str, normalizer: Normalizer) -> Vocabulary:
    """Taiwan vocabulary when three or more of its own words occur (品质 and 智慧 have
    mainland uses too: 城市品质, 智慧监管); else mainland."""
    simplified = normalizer.normalize(text, Script.traditional, Vocabulary.mainland)
    words = {
        r.phrase for r in normalizer.rules.taiwan if r.phrase != r.to and r.phrase in simplified
    }
    return Vocabulary.taiwan if len(words) >= TAIWAN_WORDS else Vocabulary.mainland


def _issuer(lines: list[str]) -> str | None:
    """Who issued the document: a regional government or office named in the header or
    signature, else the page's publisher line, else a national body named there (a
    regional plan quotes 国务院 often; it issues only the nation's)."""
    named = [m.group(0) for line in lines for m in _ISSUER.finditer(line)]
    regional = [n for n in named if not n.startswith(("国务院", "中共中央", "国家"))]
    published = [m.group(1) for line in lines if (m := _SOURCE_LINE.search(line))]
    found = regional or published or named
    return found[0] if found else None


def _title(declared: str | None, head: list[str], simplified: object) -> tuple[str | None, bool]:
    """The plan's title in its own script: 《…》 of a 关于印发《…》的通知, else a title line
    near the top, else the page's own title."""
    for line in head:
        quoted = _ISSUED_TITLE.search(line)
        if quoted and _TITLE.search(quoted.group(1)):
            return quoted.group(1), True
    for line in head:
        text = line.strip()
        if len(text) <= 60 and _TITLE.search(text) and _KIND_END.search(text):
            return text, True
    if declared and _TITLE.search(declared) and _KIND_END.search(declared):
        return declared.strip(), True
    return None, False


def _date(lines: list[str]) -> dt.date | None:
    """The first whole date of the header or signature lines that is a real day."""
    for line in lines:
        for m in _DATE.finditer(line):
            parts = [int(p) for p in m.groups() if p is not None]
            try:
                return dt.date(*parts)
            except ValueError:
                continue
    return None


def _region(issuer: str | None, title: str | None) -> str | None:
    for text in (issuer, title):
        if text:
            m = _REGION.match(text.removeprefix("中共"))
            if m:
                return m.group(1)
    if issuer and issuer.startswith(("国务院", "中共中央", "国家")):
        return "全国"
    return None


def _level(region: str | None) -> Level | None:
    if region is None:
        return None
    if region == "全国":
        return Level.national
    if region in MUNICIPALITIES:
        return Level.municipality
    for suffix, level in (
        ("自治区", Level.province),
        ("省", Level.province),
        ("市", Level.prefecture),
        ("县", Level.county),
        ("区", Level.district),
    ):
        if region.endswith(suffix):
            return level
    return None
