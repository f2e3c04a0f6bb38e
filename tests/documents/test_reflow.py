"""PDF lines back into paragraphs; page headers, footers and numbers left out."""

from __future__ import annotations

import pytest

from qualpolicy.documents.radicals import fix_radicals
from qualpolicy.documents.reflow import drop_furniture, paragraphs

FULL = "为深入贯彻落实质量强国建设纲要，加快推进质量强省建"  # a full printed line
BODY = [FULL, "设，制定本方案。", "一、主要目标", FULL, "设，全面提升质量水平。"]
# The bodies of four pages, no line alike.
PAGES = [
    [f"{word}{FULL[2:]}", f"设，{word}方案。", f"（{n}）{word}行动", f"{FULL[:-2]}{word}"]
    for n, word in enumerate(("制定", "实施", "评估", "考核"), 1)
]


@pytest.mark.parametrize(
    "number",
    [
        "第 5 页 共 20 页",
        "第5页/共20页",
        "共20页 第5页",
        "— 5 —",
        "- 5 -",
        "－5－",
        "5",
        "5/20",
        "Page 5 of 20",
    ],
)
def test_page_numbers_at_the_top_or_foot_of_a_page_are_dropped(number: str) -> None:
    assert drop_furniture([[number, *BODY]]) == [BODY]
    assert drop_furniture([[*BODY, number]]) == [BODY]


def test_a_number_in_the_middle_of_a_page_is_kept() -> None:
    page = [*BODY, "98", "2025", *BODY]
    assert drop_furniture([page]) == [page]


def test_lines_repeated_at_the_edges_of_most_pages_are_running_heads() -> None:
    pages = [
        ["江南省人民政府文件", f"江政发〔2025〕{n}号 第{n}页", *body, "江南省人民政府办公厅印发"]
        for n, body in enumerate(PAGES, 1)
    ]
    pages[3] = pages[3][:-1]  # the last page has no foot
    assert drop_furniture(pages) == PAGES


def test_a_line_on_one_page_only_is_not_a_running_head() -> None:
    pages = [["江南省人民政府文件", *PAGES[0]], *PAGES[1:]]
    assert drop_furniture(pages) == pages


def test_lines_that_do_not_end_a_sentence_run_on() -> None:
    assert paragraphs([BODY]) == [
        (1, FULL + "设，制定本方案。"),
        (1, "一、主要目标"),
        (1, FULL + "设，全面提升质量水平。"),
    ]


def test_a_paragraph_runs_on_over_a_page_break_and_keeps_its_first_page() -> None:
    pages = [[FULL, FULL], [FULL, "到2027年达到90以上。", FULL + "。"]]
    assert paragraphs(pages) == [(1, FULL * 3 + "到2027年达到90以上。"), (2, FULL + "。")]


def test_a_numbered_heading_starts_a_paragraph_and_a_short_line_ends_one() -> None:
    lines = [
        "江南省质量强省建设实施方案",  # a title: no full stop, but short
        FULL,
        FULL,
        "（一）实施制造业质量提升行动。聚焦集成电路、新",
        "能源汽车等重点产业链，组织开展质量攻关，推广先进",
        FULL,
        "1.加强质量基础设施建设",
        FULL,
        "第二章 保障措施",
    ]
    assert [text[:6] for _, text in paragraphs([lines])] == [
        "江南省质量强",
        FULL[:6],
        "（一）实施制",
        "1.加强质量",
        FULL[:6],
        "第二章 保障",
    ]


def test_indented_first_lines_mark_paragraphs_where_a_document_has_them() -> None:
    lines = [
        "\u3000\u3000质量是发展的重要保障。建设质量强省是一项基础",
        "性工作。进入新时代，质量发展面临新的机遇和挑战。",  # a sentence ends at the line end
        "从国际上看，全球产业链加速重构，质量竞争日益激烈",
        "\u3000\u3000到2030年，质量强省建设取得决定性进展，质量基础",
        "设施更加完善。",
        "\u3000\u3000二、重点任务",
    ]
    assert [page for page, _ in paragraphs([lines])] == [1, 1, 1]
    first, second, third = (text for _, text in paragraphs([lines]))
    assert first.endswith("质量竞争日益激烈")
    assert second == "到2030年，质量强省建设取得决定性进展，质量基础设施更加完善。"
    assert third == "二、重点任务"


def test_latin_words_cut_at_a_line_end_get_their_space_back_and_numbers_do_not() -> None:
    lines = [
        "推广卓越绩效、六西格玛、ISO",
        "9001质量管理体系等先进方法，到2027年达到9",
        "8%以上。推行Quality",
        "Management体系。",
    ]
    assert paragraphs([lines]) == [
        (
            1,
            "推广卓越绩效、六西格玛、ISO9001质量管理体系等先进方法，到2027年达到98%以上。"
            "推行Quality Management体系。",
        ),
    ]


def test_radicals_become_the_hanzi_they_stand_for() -> None:
    assert fix_radicals("质量⼯作的重要论述指⽰，实施意⻅，相关部⻔⽂件") == (
        "质量工作的重要论述指示，实施意见，相关部门文件"
    )
    assert fix_radicals("（一）１２３，ＡＢＣ。") == "（一）１２３，ＡＢＣ。"  # full-width kept
