"""Turning a text or HTML file's bytes into text, whatever common encoding it was saved in.

Chinese files come in UTF-8, UTF-16 (with a byte-order mark), GB18030/GBK/GB2312 (many
government pages) or Big5. A general detector guesses wrong on short Chinese files often
enough that the likely answers are checked first: a byte-order mark, then strict UTF-8, then
GB18030 against Big5, judged by which one yields more of the characters people actually use.
Only bytes that are none of these go to charset-normalizer (imported then, not before).
"""

from __future__ import annotations

import codecs
import contextlib
import re
from functools import cache

from qualpolicy.documents.errors import DocumentError

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels files declare (HTML <meta charset>) for encodings that a wider one decodes the same:
# pages labelled gb2312 routinely hold GBK-only characters, and Big5 files Microsoft's additions.
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "cp950",
    "big5hkscs": "big5hkscs",
}

_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")

# Control characters that never occur in text (tab, line feed, form feed, carriage return and
# escape do); more than a few of them means the bytes were not text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.01

# A Chinese decoding is believed when at least this share of its non-ASCII characters are
# common hanzi (the rest are punctuation, digits and rarer characters); the wrong one of
# GB18030 and Big5 yields mostly rare characters, symbols and private-use code points.
_MIN_COMMON_SHARE = 0.4

# A file with a rare undecodable byte (a damaged download) is still read, with U+FFFD there;
# for UTF-8, when it has plenty of characters that did decode.
_MAX_BAD_SHARE = 0.001
_MIN_WIDE_PER_BAD = 20

# GB18030 and Big5 are told apart on the first part of a file: a choice that large is sure.
_SAMPLE_BYTES = 32 * 1024


def not_text(name: str) -> DocumentError:
    return DocumentError(
        name,
        "not a document qualpolicy can read (binary data, not text)",
        "give the plan as a PDF, Word .docx, HTML page or plain-text file",
    )


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The text and the codec it was decoded with. ``declared`` is the encoding the file
    names for itself (an HTML page's charset): when the bytes are not UTF-8, it is believed
    unless another Chinese encoding reads them as more common Chinese."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, bad = _decoded(data, codec)
            if bad:
                raise not_text(name)
            return _checked(text, name), codec
    if b"\x00" in data:  # no 8-bit text encoding uses NUL; UTF-16 without a mark is not read
        raise not_text(name)
    utf8, bad = _decoded(data, "utf-8")
    if not bad:
        return _checked(utf8, name), "utf-8"
    tolerated = max(1, int(len(data) * _MAX_BAD_SHARE))
    wide = len(utf8) - len(utf8.encode("ascii", errors="ignore")) - bad
    if bad <= tolerated and wide >= _MIN_WIDE_PER_BAD * bad:
        return _checked(utf8, name), "utf-8"
    named = _codec(declared) if declared else None
    chinese = _chinese(data[:_SAMPLE_BYTES], named)
    if chinese is not None:
        text, bad = _decoded(data, chinese)
        if bad <= tolerated:
            return _checked(text, name), chinese
    if named:
        text, bad = _decoded(data, named)
        if not bad:
            return _checked(text, name), named
    import charset_normalizer  # only for the rare file in none of the encodings above

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise not_text(name)
    return _checked(str(best), name), best.encoding


def _decoded(data: bytes, codec: str) -> tuple[str, int]:
    """The text, and how many places could not be decoded (replaced by U+FFFD). A character
    cut off at the very end (a truncated download) is dropped rather than counted."""
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) - 3:  # the error is at the end: retry without the stub
            try:
                return data[: exc.start].decode(codec), 0
            except UnicodeDecodeError:
                pass
    text = data.decode(codec, errors="replace")
    return text, text.count("\ufffd")


def _checked(text: str, name: str) -> str:
    if len(_CONTROL.findall(text)) > max(2, len(text) * _MAX_CONTROL_SHARE):
        raise not_text(name)
    return text


def _codec(label: str) -> str | None:
    """The Python codec for an encoding label, widened where a superset decodes the same."""
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return _WIDER.get(codec, codec)


def _chinese(sample: bytes, named: str | None) -> str | None:
    """The encoding the file names, GB18030 or Big5: the one that decodes the sample cleanly
    and reads as the most common Chinese. A page's label is checked like a guess, since
    pages are mislabelled (gb2312 on Big5 bytes, iso-8859-1 on GBK ones)."""
    candidates = [named] if named else []  # first: on a tie, the label wins
    candidates.append("gb18030")  # then the mainland encoding
    for codec in _BIG5_FAMILY:
        if not _decoded(sample, codec)[1]:
            candidates.append(codec)
            break
    common = _common_hanzi()
    best: str | None = None
    best_score = -1
    for codec in dict.fromkeys(candidates):
        text, bad = _decoded(sample, codec)
        wide = len(text) - len(text.encode("ascii", errors="ignore")) - bad
        score = sum(map(common.__contains__, text))
        if bad > len(sample) * _MAX_BAD_SHARE:
            continue
        if wide and score >= wide * _MIN_COMMON_SHARE and score > best_score:
            best, best_score = codec, score
    return best


@cache
def _common_hanzi() -> frozenset[str]:
    """The characters of everyday Chinese: GB2312's level-1 hanzi (the 3,755 most used
    simplified ones) and Big5's 5,401 frequently used traditional ones."""
    chars: set[str] = set()
    for codec, leads, trails in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for lead in leads:
            for trail in trails:
                # the few unassigned positions at the end of each region are skipped
                with contextlib.suppress(UnicodeDecodeError):
                    chars.add(bytes((lead, trail)).decode(codec))
    return frozenset(chars)
