"""Text bytes to text: the encodings Chinese files come in, checked before any guessing."""

from __future__ import annotations

import pytest

from qualpolicy.documents.decoding import decode
from qualpolicy.documents.errors import DocumentError

from . import plan_text as t

SIMPLIFIED = "\n".join(t.BODY)
TRADITIONAL = (
    "到2027年，全省製造業質量競爭力指數達到90以上，農產品質量安全例行監測合格率達到98%以上。"
)


@pytest.mark.parametrize("length", [4, 10, 30, 200, len(SIMPLIFIED)])
def test_gbk_of_any_length_is_gbk(length: int) -> None:
    text = SIMPLIFIED[:length]
    assert decode(text.encode("gbk"), "a") == (text, "gb18030")


@pytest.mark.parametrize("length", [10, 30, len(TRADITIONAL)])
def test_big5_of_any_length_is_big5(length: int) -> None:
    text = TRADITIONAL[:length]
    assert decode(text.encode("big5"), "a") == (text, "big5")


def test_characters_beyond_gbk_in_gb18030() -> None:
    text = "计量单位㎏与欧元符号€、藏文ཀ同在一行。"
    assert decode(text.encode("gb18030"), "a") == (text, "gb18030")


def test_utf32_with_its_mark() -> None:
    assert decode(t.TARGET_2027.encode("utf-32"), "a") == (t.TARGET_2027, "utf-32")


def test_other_encodings_go_to_the_detector() -> None:
    russian = "Качество продукции растёт: доля соответствующих товаров достигнет 98 процентов."
    assert decode(russian.encode("cp1251"), "a") == (russian, "cp1251")


def test_a_declared_encoding_wins_over_a_guess_but_not_over_utf8() -> None:
    text = "質量強省"
    assert decode(text.encode("big5"), "a", declared="big5")[1] == "cp950"
    assert decode(text.encode("utf-8"), "a", declared="gbk") == (text, "utf-8")
    gbk = "质量强省建设"  # a wrong label is not believed, though it decodes the bytes
    assert decode(gbk.encode("gbk"), "a", declared="shift_jis") == (gbk, "gb18030")
    assert decode(gbk.encode("gbk"), "a", declared="iso-8859-1") == (gbk, "gb18030")
    assert decode(TRADITIONAL.encode("big5"), "a", declared="gb2312") == (TRADITIONAL, "big5")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00",
        "质量2025".encode("utf-16-le"),  # UTF-16 without its mark has NUL bytes: not read
        b"\x1b\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 3,
    ],
)
def test_bytes_that_are_not_text(data: bytes) -> None:
    with pytest.raises(DocumentError, match="binary"):
        decode(data, "a")
