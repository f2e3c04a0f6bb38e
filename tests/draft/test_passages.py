"""The passage drafter: parts of a plan, years, baselines, tables and what it passes over."""

from __future__ import annotations

import pytest

from qualpolicy.documents.blocks import Block
from qualpolicy.draft.passages import Drafted, DraftedFigure, draft_figures
from qualpolicy.draft.sections import Part, heading, part_of, year_clauses
from qualpolicy.models import Change, Comparator, Kind, Trend, Unit


def draft(*lines: str) -> Drafted:
    return draft_figures([Block(line, f"line {n}") for n, line in enumerate(lines, 1)])


def summary(drafted: Drafted) -> list[tuple[str, Kind, int | None, object]]:
    """(metric, kind, year, value or trend) of each drafted figure."""
    return [
        (d.figure.metric, d.kind, d.year, d.figure.trend or d.figure.value) for d in drafted.figures
    ]


def only(drafted: Drafted) -> DraftedFigure:
    assert len(drafted.figures) == 1, summary(drafted)
    return drafted.figures[0]


PLAN = (
    "湘政办发〔2023〕18号",
    "一、发展基础",
    "2022年，全省制造业产品质量合格率为93.2%，食品抽检合格率达到98.6%。截至2023年底，拥有国家级质检中心37家。"
    "全省公共服务质量满意度得分为81.3分。",
    "二、总体要求",
    "（一）主要目标",
    "到2025年，制造业质量竞争力指数达到87，工程质量抽查合格率稳步提升。",
    "——品牌建设取得新突破。力争新增“湖南精品”50个。",
    "到2035年，质量强省基本建成，质量竞争力进入全国前十。",
    "三、重点任务",
    "1.实施质量攻关。每年实施质量攻关项目50项以上。",
    "2.推进数字化。到2027年，关键工序数控化率提高5个百分点。",
    "3.强化标准支撑。“十四五”期间，建设省级标准化试点示范项目100个。",
    "四、保障措施",
    "联系电话：0731-88881234。",
    "— 3 —",
)  # fmt: skip


def test_parts_and_years() -> None:
    assert summary(draft(*PLAN)) == [
        ("制造业产品质量合格率", Kind.baseline, 2022, 93.2),
        ("食品抽检合格率", Kind.baseline, 2022, 98.6),
        ("国家级质检中心", Kind.baseline, 2023, 37),
        ("公共服务质量满意度得分", Kind.baseline, None, 81.3),
        ("制造业质量竞争力指数", Kind.target, 2025, 87),
        ("工程质量抽查合格率", Kind.direction, 2025, Trend.increase),
        ("“湖南精品”", Kind.target, 2025, 50),
        ("质量竞争力", Kind.target, 2035, 10),
        ("质量攻关项目", Kind.target, None, 50),
        ("关键工序数控化率", Kind.target, 2027, 5),
        ("省级标准化试点示范项目", Kind.target, 2025, 100),
    ]


def test_review_notes_say_where_a_year_came_from() -> None:
    by_metric = {d.figure.metric: d for d in draft(*PLAN).figures}
    assert by_metric["“湖南精品”"].review == ("year from an earlier paragraph",)
    assert "vision goals are usually qualitative" in by_metric["质量竞争力"].review[0]
    assert by_metric["制造业质量竞争力指数"].review == ()


def test_a_year_from_an_earlier_sentence_of_the_paragraph_is_noted() -> None:
    figure = only(draft("到2025年，质量整体水平进一步提高。制造业产品质量合格率达到95%。"))
    assert figure.year == 2025
    assert figure.review == ("year from an earlier sentence of the paragraph",)


def test_a_task_does_not_borrow_the_horizon() -> None:
    figures = draft(
        "一、主要目标", "到2025年，制造业产品质量合格率达到95%。",
        "二、重点任务", "（一）提升质量。培育质量标杆企业20家。",
    ).figures  # fmt: skip
    assert [(d.kind, d.year) for d in figures] == [(Kind.target, 2025), (Kind.target, None)]


def test_a_goal_without_a_year_is_flagged() -> None:
    figure = only(draft("一、主要目标", "制造业产品质量合格率达到95%。"))
    assert (figure.kind, figure.year) == (Kind.target, None)
    assert figure.review == ("no year found for a goal",)


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("2022年，全省制造业产品质量合格率为93.2%。", Kind.baseline, 2022),
        ("截至2023年底，全市拥有国家级质检中心9家。", Kind.baseline, 2023),
        ("目前，已有126家企业建立首席质量官制度。", Kind.baseline, None),
        ("全省已建立4个国家级产业计量测试中心。", Kind.baseline, None),
        ("2025年底前，制造业产品质量合格率达到95%。", Kind.target, 2025),
        ("到“十五五”末，制造业质量竞争力指数达到90。", Kind.target, 2030),
        ("力争“十四五”末营业收入突破120亿元。", Kind.target, 2025),
        ("全市国家级质检中心较“十三五”末增加3家。", Kind.target, None),
    ],
)
def test_the_present_and_the_future_in_any_part(text: str, kind: Kind, year: int | None) -> None:
    figure = only(draft("三、重点任务", text))
    assert (figure.kind, figure.year) == (kind, year)


def test_status_parts_report_baselines() -> None:
    drafted = draft("二、存在的主要问题", "一是支撑不足，检验检测机构中年营收超过1亿元的仅5家。")
    assert [(d.kind, d.figure.value) for d in drafted.figures] == [(Kind.baseline, 5)]


def test_a_restated_figure_is_passed_over() -> None:
    drafted = draft(
        "一、形势背景",
        "布局建设国家质检中心58家、省级质检中心86家。",
        "二、问题短板",
        "58家国家质检中心中，还没有一家布局在集成电路领域。",
    )
    assert [d.figure.value for d in drafted.figures] == [58, 86, 0]
    assert any(s.why == "restates a figure drafted earlier" for s in drafted.skipped)


def test_national_and_other_regions_figures_are_passed_over() -> None:
    drafted = draft(
        "一、发展基础",
        "我国制造业产品质量合格率达到93.65%；与南京(96.1%)、杭州(95.8%)等城市相比仍有差距。",
    )
    assert drafted.figures == []
    assert {s.why for s in drafted.skipped} == {"a national figure", "another region's figure"}


def test_notes_on_data_and_method_are_passed_over() -> None:
    drafted = draft(
        "四、有关说明",
        "（二）满意度测评共发放问卷3000份，回收有效问卷2856份。",
        "五、附表",
        "注：〔 〕内为三年累计数，共涉及指标12项。",
    )
    assert drafted.figures == []
    notes = [s.text for s in drafted.skipped if s.why == "in a note on data or method"]
    assert notes == ["满意度测评共发放问卷3000份", "回收有效问卷2856份", "共涉及指标12项"]


def test_skipped_numbers_say_why_and_where() -> None:
    skipped = {(s.text, s.why, s.where) for s in draft(*PLAN).skipped}
    assert {
        ("2023", "document number", "line 1"),
        ("18", "document number", "line 1"),
        ("2022", "year", "line 3"),
        ("2035", "vision year", "line 8"),
        ("1", "list number", "line 10"),
        ("0731", "phone number", "line 14"),
        ("3", "page number", "line 15"),
    } <= skipped


def test_quotes_are_verbatim_at_their_offsets_in_the_block() -> None:
    blocks = [Block(line, f"line {n}") for n, line in enumerate(PLAN, 1)]
    texts = {b.where: b.text for b in blocks}
    for d in draft_figures(blocks).figures:
        assert texts[d.where][d.figure.start : d.figure.end] == d.figure.quote


def test_traditional_text_with_its_simplifier() -> None:
    import opencc

    converter = opencc.OpenCC("t2s")

    def simplify(text: str) -> str:
        return str(converter.convert(text)).replace("品质", "质量")

    drafted = draft_figures(
        [
            Block("(二)主要目標", "line 1"),
            Block("到2027年,全市品質整體水準明顯提升。", "line 2"),
            Block("——製造業品質競爭力指數達到92以上。", "line 3"),
        ],
        simplify,
    )
    figure = only(drafted)
    assert (figure.figure.metric, figure.kind, figure.year) == (
        "製造業品質競爭力指數",
        Kind.target,
        2027,
    )


TABLE = (
    "附表 主要指标",
    "序号\t指标名称\t单位\t2023年基期值\t2026年目标值\t指标属性",
    "1\t制造业质量竞争力指数\t—\t84.6\t86\t预期性",
    "2\t制造业产品质量合格率\t%\t92.8\t≥94\t预期性",
    "3\t工程质量抽检合格率\t%\t95\t持续提高\t预期性",
    "4\t单位地区生产总值能耗降低\t%\t—\t〔9〕\t约束性",
    "5\t“甘肃精品”认证产品数量\t个\t120\t200左右\t预期性",
    "6\t每万人口高价值发明专利拥有量\t件\t2.1\t3.5\t预期性",
)


def test_an_annex_table_of_indicators() -> None:
    figures = draft(*TABLE).figures
    rows = [(d.figure.metric, d.kind, d.year, d.figure.value, d.figure.comparator) for d in figures]
    assert rows == [
        ("制造业质量竞争力指数", Kind.baseline, 2023, 84.6, Comparator.eq),
        ("制造业质量竞争力指数", Kind.target, 2026, 86, Comparator.eq),
        ("制造业产品质量合格率", Kind.baseline, 2023, 92.8, Comparator.eq),
        ("制造业产品质量合格率", Kind.target, 2026, 94, Comparator.ge),
        ("工程质量抽检合格率", Kind.baseline, 2023, 95, Comparator.eq),
        ("工程质量抽检合格率", Kind.direction, 2026, None, None),
        ("单位地区生产总值能耗降低", Kind.target, 2026, 9, Comparator.eq),
        ("“甘肃精品”认证产品数量", Kind.baseline, 2023, 120, Comparator.eq),
        ("“甘肃精品”认证产品数量", Kind.target, 2026, 200, Comparator.approx),
        ("每万人口高价值发明专利拥有量", Kind.baseline, 2023, 2.1, Comparator.eq),
        ("每万人口高价值发明专利拥有量", Kind.target, 2026, 3.5, Comparator.eq),
    ]
    units = {(d.figure.metric, d.kind): d.figure.unit for d in figures}
    assert units[("制造业质量竞争力指数", Kind.target)] is Unit.index
    assert units[("制造业产品质量合格率", Kind.target)] is Unit.percent
    assert units[("每万人口高价值发明专利拥有量", Kind.target)] is Unit.per_10k_people
    energy = figures[6].figure
    assert (energy.cumulative, energy.change) == (True, Change.decrease)
    assert figures[0].figure.quote == TABLE[2]


def test_rows_without_a_header_are_read_as_text() -> None:
    figure = only(draft("制造业产品质量合格率\t达到95%以上"))
    assert (figure.figure.value, figure.figure.comparator) == (95, Comparator.ge)


@pytest.mark.parametrize(
    ("text", "level", "part"),
    [
        ("一、发展基础", 1, Part.status),
        ("二、形势背景", 1, Part.status),
        ("一、规划实施总体情况", 1, Part.status),
        ("二、存在的主要问题", 1, Part.status),
        ("(二)主要目标。", 2, Part.goals),
        ("★四川加快建设质量强省的主要目标", 1, Part.goals),
        ("附表 主要指标", 1, Part.goals),
        ("四、任务举措", 1, Part.tasks),
        ("四、有关说明", 1, Part.notes),
        ("2.夯实绿色发展质量基础。实施传统产业节能改造", 3, None),
        ("(十七)强化产业基础质量支撑。针对薄弱环节", 2, None),
        ("(1)实施产业基础质量提升工程。", 4, None),
        ("发展基础", 1, Part.status),
    ],
)
def test_headings(text: str, level: int, part: Part | None) -> None:
    found = heading(text)
    assert found is not None
    assert (found.level, found.part) == (level, part)


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，质量整体水平进一步提高。",
        "——产业质量竞争力持续增强。",
        "质量是人类生产生活的重要保障。",
    ],
)
def test_paragraphs_are_not_headings(text: str) -> None:
    assert heading(text) is None


def test_part_of_a_task_title_is_not_the_present() -> None:
    assert part_of("夯实绿色发展质量基础") is None
    assert part_of("解决群众反映强烈的质量问题") is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("到2025年，A达到95%。", [(2025, False)]),
        ("“十四五”期间，建设100个。", [(2025, False)]),
        ("到“十五五”末，A达到90。", [(2030, False)]),
        ("2025年底前完成。", [(2025, False)]),
        ("截至2023年底，全省拥有37家。", [(2023, True)]),
        ("2022年，全省A为93.2%。", [(2022, True)]),
        ("自2019年起连续4年获得激励。", []),
        ("较2020年下降14%。", []),
        ("较“十三五”末增加3家。", []),
    ],
)
def test_year_clauses(text: str, years: list[tuple[int, bool]]) -> None:
    assert [(c.year, c.status) for c in year_clauses(text, None)] == years


def test_a_sentence_opening_year_in_the_goals_is_a_target_year() -> None:
    assert [(c.year, c.status) for c in year_clauses("2024年，A达到94%。", Part.goals)] == [
        (2024, False)
    ]
