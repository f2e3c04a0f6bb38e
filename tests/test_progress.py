"""Headroom: each target beside the latest actual of its region, and `qualpolicy progress`.

The shipped data answers the issue's questions (Zhejiang's 2030 index target is
not above its own 93.07; the nation needs 0.4 in a year to reach 86); hand-made
plans and actuals pin down the rules: floors and ceilings, lower-is-better
metrics, changes since a base year, held levels, bounds, units and the national
comparison.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qualpolicy.analysis.progress import Headroom, Status, gather, headroom, latest, progress
from qualpolicy.loading.actuals import Actual, ActualsFile, Report
from qualpolicy.models import Change, Comparator, Kind, Level, Plan, Target, Unit
from qualpolicy.render import progress as render
from qualpolicy.workspace import Workspace

from .conftest import AS_OF
from .helpers import Run, cli_json, ok, small_plan, target, too_wide

MFG_INDEX = "制造业质量竞争力指数"
AGRI = "农产品质量安全例行监测合格率"
CARBON = "碳排放强度"  # lower is better, a level (index)
ENERGY = "单位地区生产总值能源消耗"  # lower is better, set as a cut since a base year


def actual(
    metric: str, value: float, year: int | None, *, region: str = "testland", **more: Any
) -> Actual:
    """A reported figure (a percentage unless ``more`` says otherwise)."""
    fields: dict[str, Any] = {"unit": Unit.percent, "source": Report(publisher="测试统计局")}
    return Actual(region=region, metric=metric, value=value, year=year, **{**fields, **more})


def baseline(metric: str, value: float, **more: Any) -> Target:
    """The plan's own current figure (no year unless ``more`` gives one)."""
    fields: dict[str, Any] = {"kind": Kind.baseline, "comparator": Comparator.eq, "year": None}
    return target(metric, value, **{**fields, **more})


def national(*targets: Target) -> Plan:
    plan = small_plan(*targets, plan_id="national")
    return dataclasses.replace(plan, region="全国", level=Level.national)


# The hand-made actuals are of 2023: the rules are pinned down as of its last day, so the
# years left run from the actual's year.
HAND_MADE_DAY = dt.date(2023, 12, 31)


def measure(
    ws: Workspace, plan: Plan, *actuals: Actual, others: tuple[Plan, ...] = ()
) -> list[Headroom]:
    """The headroom of every target of ``plan``, in entry order."""
    known = ActualsFile(actuals=list(actuals))
    evidence = gather(known, [plan, *others], ws.aligner, as_of=HAND_MADE_DAY)
    rows = [a for a in ws.aligner.align([plan]) if a.kind is Kind.target]
    return [headroom(row, ws.catalogue, evidence) for row in rows]


def one(ws: Workspace, plan: Plan, *actuals: Actual, others: tuple[Plan, ...] = ()) -> Headroom:
    (only,) = measure(ws, plan, *actuals, others=others)
    return only


# --- the shipped data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mfg(ws: Workspace) -> dict[str, Headroom]:
    """The headroom of each plan's 制造业质量竞争力指数 target, by plan id."""
    from qualpolicy.analysis.compare import compare_metric

    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=AS_OF)
    metric = ws.catalogue.find(MFG_INDEX, ws.normalizer)
    cmp = compare_metric(metric, ws.plans.plans, ws.aligner, evidence=evidence)
    return {plan_id: h for (plan_id, _), h in cmp.headroom.items()}


def test_zhejiang_2030_index_target_is_not_above_its_own_current_level(
    mfg: dict[str, Headroom],
) -> None:
    h = mfg["zhejiang"]
    assert h.status is Status.met
    assert h.not_beyond_known
    assert h.actual is not None and h.actual.actual.value == 93.07
    assert h.actual.actual.year is None  # the plan does not say which year
    assert h.distance == Decimal("-0.07")
    assert render.headroom_text(h) == "met; not above its own 93.07 (year not stated)"


def test_the_national_2025_target_has_passed_without_a_2025_figure(
    mfg: dict[str, Headroom],
) -> None:
    """On 2026-12-07 the nation's 86 for 2025 is past its year; only 85.6 (2024) is known."""
    h = mfg["national"]
    assert (h.status, h.passed) == (Status.passed, True)
    assert h.actual is not None
    assert (h.actual.actual.value, h.actual.actual.year) == (85.6, 2024)
    assert h.actual.actual.source.publisher == "人民日报"
    assert (h.distance, h.years, h.pace) == (Decimal("0.4"), None, None)
    assert render.headroom_text(h) == "target year 2025 passed; latest actual 85.6 (2024)"


def test_the_nation_needed_0_4_in_a_year_at_the_end_of_2024(ws: Workspace) -> None:
    """As of 2025-03-02, the day 85.6 (2024) was published: 0.4 to go in the year 2025 …"""
    metric = ws.catalogue.find(MFG_INDEX, ws.normalizer)
    evidence = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=dt.date(2025, 3, 2))
    (nation,) = [a for a in ws.aligner.align([ws.plans.get("national")]) if held_row(a, metric)]
    h = headroom(nation, ws.catalogue, evidence)
    assert (h.status, h.distance, h.years, h.pace) == (Status.to_go, Decimal("0.4"), 0, None)
    assert render.headroom_text(h) == "now 85.6 (2024); +0.4 to go; no pace: due in 2025"
    # … and a day earlier the 2024 figure was not out: 85.21 (2023) was the latest.
    before = gather(ws.actuals, ws.plans.plans, ws.aligner, as_of=dt.date(2025, 3, 1))
    h = headroom(nation, ws.catalogue, before)
    assert h.actual is not None and (h.actual.actual.value, h.actual.actual.year) == (85.21, 2023)


def held_row(row: Any, metric: Any) -> bool:
    return bool(row.kind is Kind.target and row.match.metric_id == metric.id)


def test_provinces_without_an_actual_say_so(mfg: dict[str, Headroom]) -> None:
    assert mfg["chongqing"].status is Status.no_actual  # its 2027 target
    assert render.headroom_text(mfg["chongqing"]) == "no actual known"
    assert render.headroom_text(mfg["xinjiang"]) == "target year 2025 passed; no actual known"


def test_an_actual_from_long_before_the_plan_measures_no_progress(
    mfg: dict[str, Headroom],
) -> None:
    """四川's latest index is the 2006 公报's: it says where 四川 stood, not how far it has come
    under a plan of 2023, so no distance and no pace are worked out from it."""
    sichuan = mfg["sichuan"]
    assert sichuan.status is Status.not_computed and sichuan.stale
    assert sichuan.actual is not None and sichuan.actual.actual.year == 2006
    assert (sichuan.distance, sichuan.pace) == (None, None)
    text = render.headroom_text(sichuan)
    assert text.startswith("latest actual 80.86 (2006); measured in 2006, over 5 years before")
    assert "now" not in text.split(";")[0]


def test_compare_shows_the_headroom_of_each_target_row(run: Run) -> None:
    table = ok(run, "compare", "--metric", MFG_INDEX)
    assert too_wide(table) == []
    flat = " ".join(" ".join(line.split()) for line in table.splitlines())
    assert "met; not above its own 93.07 (year not stated)" in flat
    assert "target year 2025 passed; latest actual 85.6 (2024)" in flat
    assert "headroom as of 2026-12-07" in flat
    markdown = ok(run, "compare", "--metric", MFG_INDEX, "--format", "markdown")
    assert (
        "| 全国 | nation | target | = 86 | 2025 |  |  |  | target year 2025 passed; "
        "latest actual 85.6 (2024)" in markdown
    )
    earlier = ok(run, "compare", "--metric", MFG_INDEX, "--as-of", "2025-06-30")
    flat = " ".join(" ".join(line.split()) for line in earlier.splitlines())
    assert "now 85.6 (2024); +0.4 to go; no pace: due in 2025" in flat
    assert "headroom as of 2025-06-30" in flat


def test_compare_json_carries_the_headroom_and_its_source(run: Run) -> None:
    data = cli_json(run, "compare", "--metric", MFG_INDEX, "--format", "json")
    rows = {(r["plan"], r["kind"]): r for r in data["rows"] if r["status"] == "figure"}
    assert data["as_of"] == "2026-12-07"
    nation = rows["national", "target"]["headroom"]
    assert (nation["status"], nation["distance"], nation["years"], nation["pace"]) == (
        "passed",
        0.4,
        None,
        None,
    )
    assert (nation["passed"], nation["as_of"]) == (True, "2026-12-07")
    assert nation["actual"]["source"]["url"] == (
        "http://sz.scxxb.com.cn/content/2025-03/05/026064.html"
    )
    zhejiang = rows["zhejiang", "target"]["headroom"]
    assert (zhejiang["met"], zhejiang["not_beyond_known"]) == (True, True)
    assert (zhejiang["actual"]["origin"], zhejiang["actual"]["plan"]) == ("baseline", "zhejiang")
    assert rows["zhejiang", "baseline"]["headroom"] is None  # a baseline is no target


def test_progress_lists_every_target_stiffest_first(ws: Workspace, run: Run) -> None:
    data = cli_json(run, "progress", "--format", "json")
    everything = cli_json(run, "progress", "--format", "json", "--all-versions")
    targets = [a for a in ws.aligner.align(ws.plans.plans) if a.kind is Kind.target]
    assert len(everything) == len(targets) > len(data)  # superseded documents only on asking
    first = data[0]
    assert (first["plan"], first["metric"], first["status"]) == (
        "zhejiang",
        "surface_water_grade_iii",
        "to_go",
    )
    assert {r["as_of"] for r in data} == {"2026-12-07"}
    passed = [(r["plan"], r["metric"]) for r in data if r["status"] == "passed"]
    assert ("national", "mfg_quality_competitiveness_index") in passed
    statuses = [r["status"] for r in data]
    order = ["missed", "to_go", "passed", "uncertain", "met", "not_computed", "no_actual"]
    assert statuses == sorted(statuses, key=order.index)
    assert statuses.count("no_actual") > len(data) / 2
    unknown = {r["text"].split("; ")[-1] for r in data if r["status"] == "no_actual"}
    assert unknown == {"no actual known", "no actual known (metric not in the catalogue)"}
    # as of the end of 2024 the paces are back, the stiffest first
    earlier = cli_json(run, "progress", "--format", "json", "--as-of", "2024")
    paces = [r["relative_pace_percent"] for r in earlier if r["relative_pace_percent"]]
    assert paces == sorted(paces, reverse=True) and len(paces) == 8
    weaker = {(r["plan"], r["target"]["value"]) for r in data if r["below"]}
    assert {("neimenggu", 82.5), ("taiyuan", 80)} <= weaker  # both below 86 by 2025


def test_progress_table_fits_and_says_no_actual_known(run: Run) -> None:
    table = ok(run, "progress")
    assert too_wide(table) == []
    assert "no actual known" in table
    assert table.splitlines()[0] == "Targets as of 2026-12-07, the stiffest pace first"
    markdown = ok(run, "progress", "--format", "markdown")
    assert "| = 86 (2025) | 85.6 (2024) | target year 2025 passed; no actual for 2025 yet |" in (
        markdown
    )


def test_progress_for_one_metric_and_some_plans(run: Run) -> None:
    data = cli_json(
        run, "progress", "-m", "製造業品質競爭力指數", "-p", "浙江,national", "-f", "json"
    )
    assert [(r["plan"], r["status"]) for r in data] == [("national", "passed"), ("zhejiang", "met")]
    csv_lines = ok(run, "progress", "-m", MFG_INDEX, "-f", "csv", "--as-of", "2024").splitlines()
    assert csv_lines[0].startswith("plan,region,metric,metric_name,target,target_year,status")
    national = [line for line in csv_lines if line.startswith("national,")]
    assert national[0].startswith(
        "national,全国,mfg_quality_competitiveness_index,制造业质量竞争力指数,= 86,2025,to_go,"
        "85.21,2023,+0.79,1,+0.79,≈0.927"
    )
    markdown = ok(run, "progress", "-m", MFG_INDEX, "-f", "markdown").splitlines()
    assert markdown[0] == "| Metric | Region | Target | Now | Headroom |"
    assert len(markdown) == 2 + len(cli_json(run, "progress", "-m", MFG_INDEX, "-f", "json"))
    assert (
        "| 制造业质量竞争力指数 | 浙江省 | ≥ 93 (2030) | 93.07 (year not stated) "
        "| met; not above its own level |"
    ) in markdown


def test_progress_without_a_target_is_an_error(run: Run) -> None:
    result = run("progress", "--metric", MFG_INDEX, "--plans", "hebei")
    assert result.exit_code == 1
    assert "set no target for 制造业质量竞争力指数" in result.stderr
    unknown = run("progress", "--metric", "no such metric")
    assert unknown.exit_code == 2 and "no metric called" in unknown.stderr  # a usage error


# --- higher is better ----------------------------------------------------------------------------


def test_a_floor_not_yet_reached_needs_a_pace(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99, year=2027)), actual(AGRI, 97.8, 2023))
    assert (h.status, h.distance, h.years, h.pace) == (
        Status.to_go,
        Decimal("1.2"),
        4,
        Decimal("0.3"),
    )
    assert h.relative_pace is not None and round(h.relative_pace, 4) == Decimal("0.3067")
    assert render.status_text(h) == "+1.2 pp to go in 4 years (+0.3 pp a year, ≈0.307% of now)"


def test_a_figure_to_reach_is_met_when_exceeded(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 98, comparator=Comparator.eq)), actual(AGRI, 98.5, 2023))
    assert h.status is Status.met and h.distance == Decimal("-0.5")


def test_more_than_a_figure_is_not_met_at_the_figure(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 98, comparator=Comparator.gt)), actual(AGRI, 98, 2023))
    assert (h.status, h.distance) == (Status.to_go, Decimal(0))


def test_an_actual_for_the_target_year_that_falls_short_is_missed(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 98, year=2023)), actual(AGRI, 97.8, 2023))
    assert (h.status, h.pace) == (Status.missed, None)
    assert render.status_text(h) == "missed by 0.2 pp"


def test_an_actual_without_a_year_gives_a_distance_but_no_pace(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99)), actual(AGRI, 98, None))
    assert (h.status, h.distance, h.pace) == (Status.to_go, Decimal(1), None)
    assert render.status_text(h) == "+1 pp to go; no pace: the actual's year is not stated"


@pytest.mark.parametrize(
    ("bound", "level", "status"),
    [
        (Comparator.ge, 98, Status.met),  # at least 98 meets ≥ 98
        (Comparator.ge, 99, Status.uncertain),  # at least 98 may or may not reach 99
        (Comparator.le, 97, Status.uncertain),  # at most 98 may or may not reach 97
        (Comparator.le, 99, Status.to_go),  # at most 98 cannot have reached 99
    ],
)
def test_an_actual_that_is_only_a_bound(
    ws: Workspace, bound: Comparator, level: float, status: Status
) -> None:
    h = one(ws, small_plan(target(AGRI, level)), actual(AGRI, 98, 2023, comparator=bound))
    assert h.status is status


# --- lower is better -----------------------------------------------------------------------------


@pytest.mark.parametrize("comparator", [Comparator.le, Comparator.eq])
def test_a_lower_is_better_target_asks_for_less(ws: Workspace, comparator: Comparator) -> None:
    plan = small_plan(target(CARBON, 4, unit=Unit.index, comparator=comparator))
    h = one(ws, plan, actual(CARBON, 5, 2023, unit=Unit.index))
    assert (h.status, h.direction, h.distance, h.pace) == (
        Status.to_go,
        -1,
        Decimal(-1),
        Decimal("-0.5"),
    )
    assert h.relative_pace == Decimal(10)  # 0.5 of 5 a year, in the better direction
    assert render.status_text(h) == "−1 to go in 2 years (−0.5 a year, 10% of now)"


def test_a_lower_is_better_target_above_its_own_level_is_flagged(ws: Workspace) -> None:
    plan = small_plan(
        target(CARBON, 4, unit=Unit.index, comparator=Comparator.le),
        baseline(CARBON, 3, unit=Unit.index),
    )
    h = one(ws, plan)
    assert (h.status, h.not_beyond_known) == (Status.met, True)
    assert render.headroom_text(h) == "met; not below its own 3 (year not stated)"


def test_a_cut_since_a_base_year_is_measured_from_the_base_level(ws: Workspace) -> None:
    cut = target(ENERGY, 14, comparator=Comparator.eq, change=Change.decrease, base_year=2020)
    level = {"unit": Unit.other, "unit_text": "吨标准煤/万元"}
    h = one(
        ws,
        small_plan(cut),
        actual(ENERGY, 0.5, 2020, **level),
        actual(ENERGY, 0.45, 2023, **level),
    )
    assert h.base is not None and h.base.actual.year == 2020
    assert (h.status, h.level, h.distance, h.years, h.pace) == (
        Status.to_go,
        Decimal("0.43"),
        Decimal("-0.02"),
        2,
        Decimal("-0.01"),
    )
    assert render.headroom_text(h).startswith(
        "now 0.45 吨标准煤/万元 (2023); −0.02 吨标准煤/万元 to go in 2 years"
    )


def test_a_cut_without_its_base_year_level_says_what_it_needs(ws: Workspace) -> None:
    cut = target(ENERGY, 14, comparator=Comparator.eq, change=Change.decrease, base_year=2020)
    h = one(ws, small_plan(cut), actual(ENERGY, 0.45, 2023, unit=Unit.other, unit_text="吨"))
    assert (h.status, h.distance) == (Status.not_computed, None)
    assert h.reason == "needs the 2020 level, which is not known"


def test_a_rise_in_percentage_points_adds_to_the_base_share(ws: Workspace) -> None:
    rise = target(
        AGRI,
        2,
        unit=Unit.percentage_points,
        comparator=Comparator.eq,
        change=Change.increase,
        base_year=2020,
    )
    h = one(ws, small_plan(rise), actual(AGRI, 96, 2020), actual(AGRI, 97, 2023))
    assert (h.level, h.distance, h.pace) == (Decimal(98), Decimal(1), Decimal("0.5"))


def test_a_yearly_rate_has_no_level_to_measure(ws: Workspace) -> None:
    rate = target(AGRI, 1, change=Change.increase, per_year=True)
    h = one(ws, small_plan(rate), actual(AGRI, 97, 2023))
    assert h.status is Status.not_computed and h.reason is not None and "yearly rate" in h.reason


# --- held levels ---------------------------------------------------------------------------------


def test_a_held_level_already_reached_is_met_and_not_flagged(ws: Workspace) -> None:
    plan = small_plan(target(AGRI, 99, held=True), baseline(AGRI, 99.2))
    h = one(ws, plan)
    assert (h.status, h.not_beyond_known) == (Status.met, False)
    assert render.headroom_text(h) == "now 99.2% (year not stated); met"


def test_a_held_level_not_yet_reached_is_to_go(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99, held=True)), actual(AGRI, 98.5, 2023))
    assert (h.status, h.distance) == (Status.to_go, Decimal("0.5"))


def test_the_same_target_without_held_is_flagged(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99), baseline(AGRI, 99.2)))
    assert (h.status, h.not_beyond_known) == (Status.met, True)


# --- which actual, and on which basis ------------------------------------------------------------


def test_a_percentage_is_never_measured_against_points(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99)), actual(AGRI, 97, 2023, unit=Unit.points))
    assert (h.status, h.distance) == (Status.not_computed, None)
    assert h.reason == "the actual is on another basis: units points vs share %"


def test_a_scope_is_never_measured_against_the_whole_region(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99, scope="生产领域")), actual(AGRI, 97, 2023))
    assert h.status is Status.not_computed


def test_another_regions_actual_does_not_count(ws: Workspace) -> None:
    h = one(ws, small_plan(target(AGRI, 99)), actual(AGRI, 97, 2023, region="elsewhere"))
    assert h.status is Status.no_actual


def test_an_unmatched_metric_says_why_no_actual_is_known(ws: Workspace) -> None:
    h = one(ws, small_plan(target("某个目录里没有的指标", 5)))
    assert (h.status, h.reason) == (Status.no_actual, "metric not in the catalogue")


def test_the_latest_actual_is_the_latest_dated_one(ws: Workspace) -> None:
    plan = small_plan(target(AGRI, 99), baseline(AGRI, 98.1, year=2023))
    h = one(
        ws,
        plan,
        actual(AGRI, 97, 2022),
        actual(AGRI, 98.4, None),
        actual(AGRI, 98.2, 2023),
    )
    assert h.actual is not None and h.actual.actual.value == 98.2  # reported beats baseline
    evidence = gather(ActualsFile(actuals=[actual(AGRI, 98.4, None)]), [], ws.aligner)
    assert latest(evidence.known).actual.value == 98.4  # undated, when nothing else is known


def test_a_figure_reported_before_the_plan_was_issued_was_known_to_it(ws: Workspace) -> None:
    early = Report(publisher="测试统计局", published=dt.date(2023, 1, 5))
    late = Report(publisher="测试统计局", published=dt.date(2023, 6, 1))
    plan = dataclasses.replace(small_plan(target(AGRI, 98)), issued=dt.date(2023, 3, 10))
    known = one(ws, plan, actual(AGRI, 98.5, 2022, source=early))
    unknown = one(ws, plan, actual(AGRI, 98.5, 2022, source=late))
    assert (known.not_beyond_known, unknown.not_beyond_known) == (True, False)
    assert known.status is unknown.status is Status.met


# --- the levels above -----------------------------------------------------------------------------


def test_a_target_below_the_national_one_is_flagged(ws: Workspace) -> None:
    nation = national(target(AGRI, 98))
    weak, strong, later, sooner = measure(
        ws,
        small_plan(
            target(AGRI, 97),  # lower, the same year
            target(AGRI, 99),
            target(AGRI, 97, year=2027),  # lower and later: below too
            target(AGRI, 97.5, year=2023),  # lower but sooner: the years decide
        ),
        others=(nation,),
    )
    assert [v.other.plan.id for v in weak.below] == ["national"]
    assert [v.other.plan.id for v in later.below] == ["national"]
    assert (strong.below, sooner.below) == ((), ())
    # compare states the cascade in its own notes; progress says it in the headroom
    assert render.headroom_text(weak) == "no actual known"
    assert render.notes_text(weak) == "no actual known; ⚑ below 全国 ≥ 98% (2025)"


def test_a_city_target_below_its_province_is_flagged(ws: Workspace) -> None:
    province = small_plan(target(AGRI, 97))
    city = dataclasses.replace(
        small_plan(target(AGRI, 96), plan_id="testcity"),
        region="测试市",
        level=Level.prefecture,
        parent="testland",
    )
    (h,) = measure(ws, city, others=(province, national(target(AGRI, 95))))
    assert [v.other.plan.id for v in h.below] == ["testland"]


def test_below_national_for_a_lower_is_better_metric(ws: Workspace) -> None:
    index = {"unit": Unit.index, "comparator": Comparator.le}
    nation = national(target(CARBON, 4, **index))
    (h,) = measure(ws, small_plan(target(CARBON, 5, **index)), others=(nation,))
    assert len(h.below) == 1
    (h,) = measure(ws, small_plan(target(CARBON, 3, **index)), others=(nation,))
    assert h.below == ()


def test_the_national_plan_is_not_compared_with_itself(ws: Workspace) -> None:
    nation = national(target(AGRI, 98))
    (h,) = measure(ws, nation, others=())
    assert h.below == ()


def test_progress_sorts_by_the_pace_each_target_needs(ws: Workspace) -> None:
    plan = small_plan(
        target(AGRI, 99, year=2030),  # 1 in 7 years
        target(AGRI, 99, year=2025),  # 1 in 2 years: stiffer
        target(AGRI, 97),  # met
        target(CARBON, 4, unit=Unit.index, comparator=Comparator.le),  # no actual
    )
    known = ActualsFile(actuals=[actual(AGRI, 98, 2023)])
    rows = progress([plan], ws.aligner, gather(known, [plan], ws.aligner, as_of=HAND_MADE_DAY))
    assert [(h.target.target.year, h.status) for h in rows] == [
        (2025, Status.to_go),
        (2030, Status.to_go),
        (2025, Status.met),
        (2025, Status.no_actual),
    ]
