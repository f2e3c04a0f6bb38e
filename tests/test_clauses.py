"""The clause reader: one sentence in, the figures it states out (qualpolicy.text.clauses)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualpolicy.models import Change, Comparator, Hedge, Kind, Trend, Unit
from qualpolicy.text.clauses import Figure, read, read_clause

# Taiwan vocabulary the test simplifier swaps back, after OpenCC's t2s.
TAIWAN = {"品质": "质量", "水准": "水平", "软体": "软件", "智慧财产权": "知识产权"}


@cache
def simplifier() -> Callable[[str], str]:
    import opencc

    converter = opencc.OpenCC("t2s")

    def simplify(text: str) -> str:
        converted: str = converter.convert(text)
        for taiwan, mainland in TAIWAN.items():
            converted = converted.replace(taiwan, mainland)
        return converted

    return simplify


def one(text: str, simplify: Callable[[str], str] | None = None) -> Figure:
    figures = read_clause(text, simplify)
    assert len(figures) == 1, [(f.metric, f.value) for f in figures]
    return figures[0]


def values(text: str) -> list[tuple[str, Any]]:
    return [(f.metric, f.value) for f in read_clause(text)]


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("制造业质量竞争力指数达到88以上", Comparator.ge),
        ("药品抽检合格率不低于99%", Comparator.ge),
        ("旅游投诉结案率不少于98%", Comparator.ge),
        ("服务企业至少1000家", Comparator.ge),
        ("“浙江出口名牌”数量突破1500个", Comparator.gt),
        ("高技术制造业增加值占比超过15%", Comparator.gt),
        ("累计培育企业首席质量官9500余名", Comparator.gt),
        ("工业固体废物综合利用率逾75%", Comparator.gt),
        ("食品安全事故发生率控制在0.5%以内", Comparator.le),
        ("每次评选不超过3家", Comparator.le),
        ("企业开办时间压缩至1个工作日以内", Comparator.le),
        ("特种设备万台死亡人数低于0.15", Comparator.lt),
        ("注册质量工程师不足400人", Comparator.lt),
        ("每年培育“浙江精品”100个左右", Comparator.approx),
        ("全省质量竞争力指数约为84.3", Comparator.approx),
        ("注册商标总量近80万件", Comparator.approx),
        ("制造业产品质量合格率达到95%", Comparator.eq),
        ("全省制造业产品质量合格率为93.2%", Comparator.eq),
        ("每万人口高价值发明专利拥有量17件", Comparator.eq),
    ],
)
def test_comparators(text: str, comparator: Comparator) -> None:
    assert one(text).comparator is comparator


def test_a_value_without_a_verb_is_equal_and_flagged() -> None:
    figure = one("每万人口高价值发明专利拥有量17件")
    assert figure.comparator is Comparator.eq
    assert any("no verb" in note for note in figure.review)


@pytest.mark.parametrize(
    ("text", "value", "unit", "unit_text"),
    [
        ("研发投入强度达到3.5%", 3.5, Unit.percent, None),
        ("公共服务质量满意度达到82分以上", 82, Unit.points, None),
        ("新建国家质检中心5家", 5, Unit.count, "家"),
        ("每年培训质量管理人员不少于300人次", 300, Unit.count, "人次"),
        ("为企业提供计量服务1.2万台件次以上", 12000, Unit.count, "台件次"),
        ("关键工序数控化率提高5个百分点", 5, Unit.percentage_points, None),
        ("每万人口高价值发明专利拥有量达到15件", 15, Unit.per_10k_people, "件"),
        ("实现企业省内迁出平均3个工作日办结", 3, Unit.days, "个工作日"),
        ("审批时间不超过5天", 5, Unit.days, "天"),
        ("出口额实现3倍", 3, Unit.multiple, None),
        ("绿色产品认证证书数居全国第2位", 2, Unit.rank, None),
        ("全员劳动生产率达到30万元/人", 30, Unit.yuan_10k_per_person, "万元/人"),
        ("营业收入突破3000亿元", 3000, Unit.other, "亿元"),
        ("抽检量达到1.5批次/千人", 1.5, Unit.other, "批次/千人"),
        ("制造业质量竞争力指数达到93.07", 93.07, Unit.index, None),
        ("公共服务质量满意度连续2年获全国第一", 2, Unit.years, None),
        ("企业自我声明公开标准24万余项", 240000, Unit.count, "项"),
        ("有效注册商标总量达到96.5万件", 965000, Unit.count, "件"),
    ],
)
def test_values_and_units(text: str, value: float, unit: Unit, unit_text: str | None) -> None:
    figure = one(text)
    assert (figure.value, figure.unit, figure.unit_text) == (value, unit, unit_text)


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator"),
    [
        ("质量品牌工作提高三个百分点", 3, Unit.percentage_points, Comparator.eq),
        ("力争全省快速获权能力进入全国前三", 3, Unit.rank, Comparator.le),
        ("加快培育千家服务业领军企业", 1000, Unit.count, Comparator.eq),
        ("我省只有一家制造业企业获中国质量奖", 1, Unit.count, Comparator.eq),
        ("还没有一家布局在先进制造业领域", 0, Unit.count, Comparator.eq),
        ("执法办案时间从25天缩减为半天", 0.5, Unit.days, Comparator.eq),
    ],
)
def test_chinese_numerals(text: str, value: float, unit: Unit, comparator: Comparator) -> None:
    figure = one(text)
    assert (figure.value, figure.unit, figure.comparator) == (value, unit, comparator)


@pytest.mark.parametrize(
    "text",
    [
        "加强落实两个规定和双重预防机制",
        "打造一批精益求精的标杆企业",
        "聚焦三大科创高地和十大产业链",
    ],
)
def test_small_counts_and_articles_in_characters_are_not_figures(text: str) -> None:
    assert read_clause(text) == []


@pytest.mark.parametrize(
    ("text", "hedge", "hedged"),
    [
        # opening the sentence: every figure
        ("力争到2025年,A合格率达到95%,B合格率达到90%。", Hedge.lizheng, [True, True]),
        ("争取新建省级以上企业技术中心15个,培育示范企业10家。", Hedge.zhengqu, [True, True]),
        ("努力推动软件业务收入年均增长12%。", Hedge.nuli, [True]),
        # opening a later clause: from there on
        ("深化制度,力争A覆盖率达到90%,B覆盖率不低于80%。", Hedge.lizheng, [True, True]),
        ("A合格率达到95%,力争B合格率达到98%。", Hedge.lizheng, [False, True]),
        # inside a clause: that clause only
        ("公共服务质量满意度争取达到85分,旅游投诉结案率不低于98%。", Hedge.zhengqu, [True, False]),
        # 争创 is a verb: its own object only
        ("争创标杆城市2个、示范区3个。争创实验室,主导制定国际标准10项。", Hedge.zhengchuang,
         [True, True, False]),
    ],
)  # fmt: skip
def test_hedges(text: str, hedge: Hedge, hedged: list[bool]) -> None:
    figures = read_clause(text)
    assert [f.hedge is hedge for f in figures] == hedged
    assert all(f.hedge in (hedge, None) for f in figures)


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("农产品质量安全例行监测合格率稳定在99%以上", True),
        ("快递服务满意度保持在80分以上", True),
        ("重大建设工程竣工验收合格率保持100%", True),
        ("食品安全评价性抽检合格率达到98%以上", False),
    ],
)
def test_held(text: str, held: bool) -> None:
    assert one(text).held is held


@pytest.mark.parametrize(
    ("text", "change", "base_year", "per_year", "unit"),
    [
        ("单位地区生产总值能源消耗较2020年下降14%", Change.decrease, 2020, False, Unit.percent),
        ("单位工业增加值用水量比2020年降低16%", Change.decrease, 2020, False, Unit.percent),
        ("关键工序数控化率提高5个百分点", Change.increase, None, False, Unit.percentage_points),
        ("地理标志产品年均增长10%左右", Change.increase, None, True, Unit.percent),
        ("国家级质检中心较“十三五”末增加3家", Change.increase, 2020, False, Unit.count),
        ("新建住宅工程质量常见问题发生率降低30%", Change.decrease, None, False, Unit.percent),
        ("食品安全事故发生率下降到0.5%", None, None, False, Unit.percent),
        ("产品质量合格率提高到95%", None, None, False, Unit.percent),
    ],
)
def test_changes(
    text: str, change: Change | None, base_year: int | None, per_year: bool, unit: Unit
) -> None:
    figure = one(text)
    assert (figure.change, figure.base_year, figure.per_year, figure.unit) == (
        change,
        base_year,
        per_year,
        unit,
    )


@pytest.mark.parametrize(
    ("text", "flag", "expected"),
    [
        ("每年培育“浙江精品”100个左右", "per_year", True),
        ("市财政每年安排专项资金不少于2000万元", "per_year", True),
        ("新建国家质检中心5家", "new_only", True),
        ("新增省级专精特新中小企业8家", "new_only", True),
        ("新培育获得天府质量奖组织和个人30个", "new_only", True),
        ("新创建10个以上国家农业标准化试点示范", "new_only", True),
        ("创建国家质量标准实验室2家", "new_only", False),
        ("城镇新建绿色建筑占比达到100%", "new_only", False),
        ("累计培育国家知识产权示范企业30家以上", "cumulative", True),
        ("浙江出口名牌累计达1050个", "cumulative", True),
        ("“十四五”期间,建设省级标准化试点示范项目100个", "cumulative", True),
        ("主导制定国际标准5项以上", "cumulative", False),
    ],
)
def test_flags(text: str, flag: str, expected: bool) -> None:
    assert getattr(one(text), flag) is expected


def test_flags_carry_to_items_and_clauses_without_a_verb_of_their_own() -> None:
    figures = read_clause(
        "新建国家质检中心5家,省级质检中心10家,社会公用计量标准达到3000项,"
        "累计新增国际标准63项、国家标准603项"
    )
    assert [(f.value, f.new_only, f.cumulative) for f in figures] == [
        (5, True, False),
        (10, True, False),
        (3000, False, False),
        (63, True, True),
        (603, True, True),
    ]
    assert figures[1].quote == "新建国家质检中心5家,省级质检中心10家"


@pytest.mark.parametrize(
    ("text", "metrics", "combined"),
    [
        # each item a whole measure, or 均: split
        ("农产品质量安全例行监测合格率和食品抽检合格率均达到98%以上",
         ["农产品质量安全例行监测合格率", "食品抽检合格率"], False),
        ("A合格率、B合格率达到98%以上", ["A合格率", "B合格率"], False),
        ("制造业产品和消费品质量合格率均达到95%以上",
         ["制造业产品质量合格率", "消费品质量合格率"], False),
        ("全省监管单位、监管人员、监管事项100%纳入监管平台",
         ["监管单位", "监管人员", "监管事项"], False),
        ("国家级品质品牌总量和品牌价值实现“双倍增”", ["国家级品质品牌总量", "品牌价值"], False),
        # one head or one joint count: one combined figure
        ("药品和医疗器械抽检合格率不低于99%", ["药品和医疗器械抽检合格率"], True),
        ("新增国家级、省级质量标杆企业20家", ["国家级、省级质量标杆企业"], True),
        ("力争新增中国质量奖及提名奖2个以上", ["中国质量奖及提名奖"], True),
        ("新增参与制定修订国际、国家、行业、地方、团体标准达到1150项",
         ["参与制定修订国际、国家、行业、地方、团体标准"], True),
        # one name, or coordinated verbs: one figure, not combined
        ("累计新增主导和参与制修订国际标准63项", ["主导和参与制修订国际标准"], False),
        ("软件和信息技术服务业营业收入突破3000亿元", ["软件和信息技术服务业营业收入"], False),
        ("新培育获得天府质量奖组织和个人30个", ["获得天府质量奖组织和个人"], False),
    ],
)  # fmt: skip
def test_enumerations(text: str, metrics: list[str], combined: bool) -> None:
    figures = read_clause(text)
    assert [f.metric for f in figures] == metrics
    assert all(f.combined is combined for f in figures)
    assert len({f.value for f in figures}) == 1


def test_split_items_each_quote_the_whole_clause() -> None:
    text = "地产农产品质量安全例行监测合格率和食品抽查合格率均达到98%以上"
    assert {f.quote for f in read_clause(text)} == {text}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("生产领域和流通领域药品抽检合格率分别达到99.8%、99.5%以上",
         [("药品抽检合格率", "生产领域", 99.8), ("药品抽检合格率", "流通领域", 99.5)]),
        ("落户我省的国际和全国标准化技术委员会分别为3个、10个",
         [("落户我省的国际标准化技术委员会", None, 3),
          ("落户我省的全国标准化技术委员会", None, 10)]),
        ("农产品例行监测合格率和水产品抽检合格率分别达到98%和97%",
         [("农产品例行监测合格率", None, 98), ("水产品抽检合格率", None, 97)]),
    ],
)  # fmt: skip
def test_respectively_pairs_values_with_items(
    text: str, expected: list[tuple[str, str | None, float]]
) -> None:
    assert [(f.metric, f.scope, f.value) for f in read_clause(text)] == expected


def test_a_bound_after_the_last_value_holds_for_all() -> None:
    figures = read_clause("生产领域和流通领域药品抽检合格率分别达到99.8%、99.5%以上")
    assert [f.comparator for f in figures] == [Comparator.ge, Comparator.ge]
    assert all("以上 read as applying to every value" in f.review for f in figures)


@pytest.mark.parametrize(
    ("text", "metric", "scope"),
    [
        ("到2025年,规模以上工业企业研发投入强度达到2.3%", "研发投入强度", "规模以上工业企业"),
        ("全省制造业质量竞争力指数达到93.07", "制造业质量竞争力指数", None),
        ("其中,我省食品抽检合格率达到98%", "食品抽检合格率", None),
        ("设区城市空气质量优良天数比例达到95%以上", "空气质量优良天数比例", "设区城市"),
        ("力争培育具有独立工程总承包综合能力的骨干企业100家",
         "具有独立工程总承包综合能力的骨干企业", None),
        ("打造178个“一站式”服务平台", "“一站式”服务平台", None),
        ("已建立4个国家级和6个省级产业计量测试中心", "国家级产业计量测试中心", None),
    ],
)  # fmt: skip
def test_metric_wording(text: str, metric: str, scope: str | None) -> None:
    figure = read_clause(text)[0]
    assert (figure.metric, figure.scope) == (metric, scope)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5G网络实现城市、乡镇全覆盖", 100),
        ("力争全省规模以上企业首席质量官制度全覆盖", 100),
        ("全省规模以上工业企业全部设立首席质量官", 100),
        ("新建建筑全面执行绿色建筑标准", 100),
        ("全省有效发明专利拥有量实现倍增", 2),
        ("中国质量奖获奖企业数为零", 0),
    ],
)
def test_values_implied_by_words(text: str, value: int) -> None:
    figures = read_clause(text)
    assert figures and all(f.value == value and f.implied for f in figures)


def test_full_coverage_of_places() -> None:
    each = read_clause("5G网络实现城市、乡镇全覆盖")
    assert [(f.metric, f.scope) for f in each] == [
        ("5G网络覆盖率", "城市"),
        ("5G网络覆盖率", "乡镇"),
    ]
    together = one("实现市、县(市、区)老年活动中心全覆盖")
    assert (together.metric, together.scope) == ("老年活动中心覆盖率", "市、县(市、区)")
    assert one("新建建筑全面执行绿色建筑标准").scope == "新建建筑"


def test_a_quality_without_a_measure_is_not_doubled() -> None:
    assert read_clause("推动装备产品实现可靠性倍增") == []


@pytest.mark.parametrize(
    ("text", "metric", "trend"),
    [
        ("农业标准化生产普及率稳步提升", "农业标准化生产普及率", Trend.increase),
        ("工程质量抽检合格率逐年提高", "工程质量抽检合格率", Trend.increase),
        ("降低企业碳排放强度", "企业碳排放强度", Trend.decrease),
        ("增加市场自主制定标准的比重", "市场自主制定标准的比重", Trend.increase),
        ("全面提升我省消费品质量合格率", "消费品质量合格率", Trend.increase),
        ("不发生系统性区域性重大质量安全事故", "系统性区域性重大质量安全事故", Trend.none),
        ("确保全年不发生重大质量安全事故", "重大质量安全事故", Trend.none),
    ],
)
def test_directions(text: str, metric: str, trend: Trend) -> None:
    figure = one(text)
    assert (figure.kind, figure.metric, figure.trend, figure.value) == (
        Kind.direction,
        metric,
        trend,
        None,
    )


def test_zero_growth_names_each_item() -> None:
    figures = read_clause("实施化肥、农药零增长行动")
    assert [(f.metric, f.trend) for f in figures] == [
        ("化肥", Trend.zero_growth),
        ("农药", Trend.zero_growth),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "品牌影响力显著增强",
        "质量竞争力进入全国前列",
        "人民群众质量获得感、满意度明显增强",
        "品质竞争型产业规模显著扩大",
        "积极布局海外仓,提升使用效率",
    ],
)
def test_vague_aims_are_not_directions(text: str) -> None:
    assert read_clause(text) == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2024年4月11日,全省质量工作会议召开", "date"),
        ("发布日期: 2025- 01- 26 11: 58", "date"),
        ("湘政办发〔2023〕18号", "document number"),
        ("1.加快建设质量强国", "list number"),
        ("(3)提升检测认证公信力", "list number"),
        ("附件:2.工作进度安排表", "list number"),
        ("联系电话:0731-88881234", "phone number"),
        ("来源:m.fx361.cc/news/2018/0328/19747639.html", "an e-mail or web address"),
        ("转自 news.iqilu.com/shandong/yaowen/2018/0706/3974389.shtml", "an e-mail or web address"),
        ("— 3 —", "page number"),
        ("到2035年,质量强省基本建成", "vision year"),
        ("到2025年,质量整体水平进一步提高", "year"),
        ("实施“415X”先进制造业集群培育行动", "in a name or title"),
        ("5G网络加快建设", "name"),
        ("2023年《中国500最具价值品牌》报告显示", "in a name or title"),
        ("近90%集中在7大传统领域", "list name"),
        ("12345热线加快整合", "no unit: a name or a phrase, not a figure"),
        ("主要指标完成情况见附表1", "a reference to a table or annex"),
        ("重点推进智能物联等7个产业链试点项目", "counts the items just listed"),
        ("远低于北京(45个、329个)", "another region's figure"),
        ("与南京(96.1%)等先进城市相比仍有差距", "another region's figure"),
        ("而广东、江苏、山东分别有3家、2家、2家", "another region's figure"),
        ("我国制造业产品质量合格率连续多年达93%以上", "a national figure"),
        ("对主导制定国家标准的企业给予一次性奖励20万元", "an incentive amount, not a figure"),
        ("瞄准两大类8个重点产业集群", "describes the scope of a programme"),
        ("检验检测机构中年营收超过1亿元的仅5家", "a threshold in a description"),
        ("办案时间从25天缩减为半天", "a former level"),
    ],
)
def test_noise_is_never_a_figure(text: str, why: str) -> None:
    reading = read(text)
    assert any(s.why.startswith(why) for s in reading.skipped), reading.skipped
    assert all(why not in f.quote for f in reading.figures)
    noisy = {s.text for s in reading.skipped if s.why.startswith(why)}
    assert not any(str(f.value) in noisy for f in reading.figures)


def test_the_figures_around_noise_are_kept() -> None:
    assert values("检验检测机构中年营收超过1亿元的仅5家") == [("检验检测机构中年营收超过1亿元", 5)]
    assert values("办案时间从25天缩减为半天") == [("办案时间", 0.5)]


def test_a_former_level_with_its_year_is_a_baseline() -> None:
    before, after = read_clause("质量竞争力指数由2020年的85提高到88")
    assert (before.kind, before.year, before.value) == (Kind.baseline, 2020, 85)
    assert (after.kind, after.year, after.value) == (Kind.target, None, 88)
    assert before.metric == after.metric == "质量竞争力指数"


def test_a_ranking_in_brackets_ranks_the_figure_before_it() -> None:
    count, rank = read_clause("绿色产品认证证书数累计2391张(全国第2位)")
    assert (count.value, count.cumulative) == (2391, True)
    assert (rank.metric, rank.value, rank.unit, rank.cumulative) == (
        "绿色产品认证证书数全国排名",
        2,
        Unit.rank,
        False,
    )


def test_traditional_script_keeps_its_own_characters() -> None:
    text = (
        "力爭製造業品質競爭力指數達到92以上,"
        "生產領域和流通領域藥品抽檢合格率分別達到99.8%、99.5%以上"
    )
    first, *_ = figures = read_clause(text, simplifier())
    assert (first.metric, first.value, first.unit, first.hedge) == (
        "製造業品質競爭力指數",
        92,
        Unit.index,
        Hedge.lizheng,
    )
    assert [f.scope for f in figures[1:]] == ["生產領域", "流通領域"]
    assert all(text[f.start : f.end] == f.quote for f in figures)


def test_quotes_stay_verbatim_when_the_simplified_text_is_shorter() -> None:
    text = "加強智慧財產權保護,智慧財產權行政保護滿意度約為82分,新增“福州優品”品牌50個"
    assert len(simplifier()(text)) < len(text)
    figures = read_clause(text, simplifier())
    assert [(f.metric, f.quote) for f in figures] == [
        ("智慧財產權行政保護滿意度", "智慧財產權行政保護滿意度約為82分"),
        ("“福州優品”品牌", "新增“福州優品”品牌50個"),
    ]
    assert figures[1].unit_text == "個"
    assert all(text[f.start : f.end] == f.quote for f in figures)


def test_without_simplify_the_text_is_read_as_simplified() -> None:
    assert one("制造业质量竞争力指数达到88").unit is Unit.index
    assert read_clause("製造業品質競爭力指數達到92以上") != []  # digits still read


def test_quotes_are_the_short_clause_and_offsets_point_at_them() -> None:
    text = (
        "到2027年,质量整体水平进一步提高;产业质量竞争力明显增强,"
        "制造业质量竞争力指数达到88以上,现代服务业供给有效满足需要"
    )
    figure = one(text)
    assert figure.quote == "制造业质量竞争力指数达到88以上"
    assert text[figure.start : figure.end] == figure.quote


SOURCES = sorted((Path(__file__).resolve().parent.parent / "data" / "sources").glob("*.txt"))
PIECES = [
    *"达到以上以内左右不低于较年下降提高个百分点万亿余家项件%",
    *"，、。；（）“”《》新建累计每年力争均分别和",
]


@settings(max_examples=150, deadline=None)
@given(
    source=st.sampled_from(SOURCES),
    start=st.integers(min_value=0, max_value=20_000),
    length=st.integers(min_value=1, max_value=160),
)
def test_any_stretch_of_a_source_reads_into_verbatim_quotes(
    source: Path, start: int, length: int
) -> None:
    text = source.read_text(encoding="utf-8")[start : start + length]
    for simplify in (None, simplifier()):
        for figure in read_clause(text, simplify):
            assert figure.quote and text[figure.start : figure.end] == figure.quote


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "2025", "98.5", "3", "指数", "合格率"]), max_size=40))
def test_any_jumble_of_plan_words_reads_without_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    for figure in read(text).figures:
        assert text[figure.start : figure.end] == figure.quote
