"""The report as one self-contained HTML page: no scripts, no fetched styles, fonts or
images, so it reads offline and prints.  Chinese text, English labels.

Every text from a plan file, the catalogue or the actuals (quotes, notes, titles,
regions, URLs) is escaped: a data layer from someone else can never add markup or
run code in a shared report.  A link is made only of an http or https URL; its text
shows the URL decoded (%E8%B4%A8 → 质) and wraps, so the page is never wider than
the window, on a phone too.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from qualpolicy.about import __version__
from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.cascade import Versus
from qualpolicy.analysis.national import National, Region
from qualpolicy.analysis.progress import Evidence
from qualpolicy.analysis.report import (
    Absent,
    Cell,
    Chart,
    Coverage,
    Panel,
    PlanSection,
    Report,
    Says,
    Standing,
    build_report,
)
from qualpolicy.analysis.versions import Versions
from qualpolicy.loading.plans import plan_names
from qualpolicy.loading.tilegrid import TileGrid
from qualpolicy.models import LEVEL_RANKS, Plan
from qualpolicy.render.compare import absent_text, cell_text
from qualpolicy.render.flags import CAPTION as FLAGS_CAPTION
from qualpolicy.render.flags import flags_html
from qualpolicy.render.history import history_html, kind_text, made_text, standing_text
from qualpolicy.render.outfile import write_text
from qualpolicy.render.progress import headroom_text
from qualpolicy.render.svg import FONT, legend_svg, panel_axis, panel_svg, shown_url
from qualpolicy.render.svgmap import map_svg
from qualpolicy.render.text import figure, plural, year
from qualpolicy.render.tilemap import Colouring
from qualpolicy.render.versus import versus_text

STYLE = f"""
:root {{ color-scheme: light; }}
*, *::before, *::after {{ box-sizing: border-box; }}
body {{ font-family: {FONT}; color: #222; background: #fff; margin: 0 auto;
  max-width: 60rem; padding: 1.5rem; line-height: 1.5; font-size: 15px;
  overflow-wrap: break-word; }}
h1 {{ font-size: 1.6rem; margin: 0 0 .25rem; }}
h2 {{ font-size: 1.3rem; border-bottom: 2px solid #1f5fa8; padding-bottom: .2rem;
  margin-top: 2.5rem; }}
h3 {{ font-size: 1.1rem; margin: 0; }}
.en, .meta, .note, .basis, .axis {{ color: #666; font-weight: normal; }}
.meta, .note, .basis, p.absent, .axis {{ font-size: .85rem; margin: .2rem 0; }}
.axis {{ font-style: italic; }}
.narrow {{ display: none; }}
nav ul {{ columns: 3 12rem; padding-left: 1.2rem; }}
figure.map {{ margin: 1.5rem 0; }}
figure.chart {{ margin: 1.5rem 0; padding: .75rem 1rem; border: 1px solid #ddd;
  border-radius: 4px; break-inside: avoid; }}
figcaption {{ margin-bottom: .5rem; }}
svg {{ display: block; max-width: 100%; height: auto; }}
.panel {{ margin: .5rem 0 1rem; }}
ol.footnotes {{ font-size: .8rem; color: #444; margin: .4rem 0 0; padding-left: 1.4rem; }}
ul.absent {{ font-size: .8rem; color: #555; margin: 0; padding-left: 1.4rem; }}
ul.standing {{ font-size: .85rem; margin: .3rem 0 0; padding-left: 1.4rem; }}
ul.standing .region {{ color: #1f5fa8; }}
ul.standing .flagged {{ color: #a4160a; font-weight: bold; }}
.scroll {{ overflow-x: auto; max-width: 100%; }}
a.url, .url {{ overflow-wrap: anywhere; word-break: break-all; }}
table {{ border-collapse: collapse; font-size: .85rem; width: 100%; }}
th, td {{ border-bottom: 1px solid #e4e4e4; padding: .2rem .4rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f4f6fa; }}
td.num {{ text-align: right; white-space: nowrap; }}
table.coverage {{ width: auto; }}
table.coverage td.c {{ text-align: center; min-width: 1.8rem; }}
table.coverage th.plan {{ writing-mode: vertical-rl; white-space: nowrap; min-width: 1.8rem; }}
table.coverage th.level {{ text-align: center; font-weight: normal; color: #444;
  border-left: 2px solid #fff; }}
table.coverage .metric {{ position: sticky; left: 0; background: #fff; min-width: 9rem; }}
table.coverage thead .metric {{ background: #f4f6fa; }}
.c.figure {{ color: #1f5fa8; }} .c.baseline {{ color: #7a7a7a; }}
.c.direction, .c.task, .c.possibly {{ color: #8a8a8a; }}
.c.nothing {{ color: #c8c8c8; }} .c.unread {{ color: #b07a00; }}
#plans, section.plan:not(:first-of-type) {{ break-before: page; }}
dl {{ display: grid; grid-template-columns: 7rem minmax(0, 1fr); margin: .5rem 0;
  font-size: .9rem; }}
dt {{ color: #666; }} dd {{ margin: 0; min-width: 0; }}
.outline h4 {{ font-size: .95rem; margin: .8rem 0 .2rem; }}
.outline ol {{ list-style: none; padding-left: 0; margin: 0; }}
.outline li {{ font-size: .88rem; }}
.outline .n {{ display: inline-block; min-width: 3.5rem; color: #666; }}
tr.baseline td {{ color: #555; }} tr.direction td {{ color: #777; }}
@media (max-width: 40rem) {{ body {{ padding: .75rem; }} figure.chart {{ padding: .5rem; }}
  .plot svg {{ min-width: 34rem; }} figure.map svg {{ min-width: 36rem; }}
  .narrow {{ display: block; }}
  dl {{ grid-template-columns: 5rem minmax(0, 1fr); }} }}
@media print {{ body {{ max-width: none; padding: 0; font-size: 12px; }} nav {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }} .scroll {{ overflow: visible; }} }}
@page {{ size: A4; margin: 14mm; }}
"""

# What a coverage cell shows for what a plan says of a metric, and the words for it.
COVERAGE_SYMBOLS = {
    Says.figure: ("●", "a figure"),
    Says.baseline: ("◆", "current status only"),
    Says.direction: ("○", "named without a figure"),
    Says.possibly: ("~", "possibly: an entry not aligned to it"),
    Says.task: ("△", "mentioned in a task"),
    Says.unread: ("?", "not in the part read of a plan read in part"),
    Says.nothing: ("–", "does not mention it (read in full)"),
}
LEVEL_NAMES = {0: "nation", 1: "provinces", 2: "cities", 3: "counties, districts"}
LINKED = {"http", "https"}


def _e(text: object) -> str:
    return escape(str(text))


def url_html(url: str) -> str:
    """A link whose text is the URL decoded; a URL of another scheme (javascript:, data:)
    is only shown, never linked."""
    shown = _e(shown_url(url))
    if urlsplit(url).scheme.lower() not in LINKED:
        return f'<span class="url">{shown}</span>'
    return f'<a class="url" href="{_e(url)}">{shown}</a>'


UNREAD = "not in the part read"
"""What a plan read only in part says of a metric it was not found to mention; how far it
was read is said once, in the plan's section (the charts and the grid would repeat it for
every metric, and the page would carry the words dozens of times)."""


def versus_html(v: Versus) -> str:
    css = "versus flagged" if v.flagged else "versus"
    return f'<span class="{css}">{_e(versus_text(v))}</span>'


def standing_html(s: Standing) -> str:
    """``全国 = 86 (2025): now 85.6 (2024); +0.4 to go in 1 year (+0.4 a year)``: how the
    target compares with each level above it, then its headroom, in the terminal's words."""
    row = s.row
    said = [versus_html(v) for v in s.versus]
    if s.headroom is not None:
        said.append(_e(headroom_text(s.headroom)))
    if not said:
        return ""
    target = f"{figure(row.target, unit_text=row.unit_text)} ({year(row.target)})"
    return (
        f'<li data-plan="{_e(row.plan.id)}" data-entry="{row.index}">'
        f'<span class="region">{_e(row.plan.region)} {_e(target)}</span>: '
        f"{'; '.join(said)}</li>"
    )


def panel_html(panel: Panel, title: str, *, basis: bool) -> str:
    scale = panel_axis(panel)
    out = ['<div class="panel">']
    if basis:
        out.append(f'<p class="basis">{_e(panel.basis)}</p>')
    out.append(f'<div class="scroll plot">{panel_svg(panel, title, scale)}</div>')
    if scale.note:
        out.append(f'<p class="axis">{_e(scale.note)}</p>')
    out += [f'<p class="note">{_e(note)}</p>' for note in panel.notes]
    lines = [line for line in map(standing_html, panel.standings) if line]
    if lines:
        out += ['<ul class="standing">', *lines, "</ul>"]
    out.append("</div>")
    return "\n".join(out)


def absent_html(a: Absent) -> str:
    head = f'<li data-plan="{_e(a.plan.id)}">{_e(a.plan.region)} — '
    if a.unread:
        link = f'<a href="#plan-{_e(a.plan.id)}">how far it was read</a>'
        return f"{head}{UNREAD} ({link})</li>"
    return f"{head}{_e(absent_text(a.no_figure))}</li>"


def chart_html(chart: Chart) -> str:
    cmp = chart.comparison
    m = cmp.metric
    title = f"{m.name} {m.name_en}"
    out = [
        f'<figure class="chart" id="metric-{_e(m.id)}" data-metric="{_e(m.id)}">',
        f'<figcaption><h3>{_e(m.name)} <span class="en">{_e(m.name_en)}</span></h3>',
        f'<p class="meta">{_e(m.id)} · unit: {_e(m.unit.value)} · {_e(m.better.value)} is better'
        "</p></figcaption>",
    ]
    out += [panel_html(p, title, basis=len(chart.panels) > 1) for p in chart.panels]
    if not chart.panels:
        out.append('<p class="note">No plan gives a figure for it.</p>')
    if chart.absent:
        out.append('<p class="absent">No figure:</p><ul class="absent">')
        out += [absent_html(a) for a in chart.absent]
        out.append("</ul>")
    out += [f'<p class="note">{_e(note)}</p>' for note in cmp.notes]
    if chart.footnotes:
        out.append('<ol class="footnotes">')
        out += [f"<li>{_e(note)}</li>" for note in chart.footnotes]
        out.append("</ol>")
    out.append("</figure>")
    return "\n".join(out)


def cell_words(cell: Cell, plan: Plan) -> str:
    """What a coverage cell says, in words (its hover text)."""
    if cell.says is Says.unread:
        return f"{UNREAD} (how far it was read: its section below)"
    if cell.absent is not None:
        return absent_text(cell.absent)
    return cell_text(cell.entries)


def coverage_html(coverage: Coverage, charted: set[str]) -> str:
    plans = coverage.plans
    levels = "".join(
        f'<th class="level" colspan="{len(group)}">{_e(LEVEL_NAMES[rank])}</th>'
        for rank, group in ((r, list(g)) for r, g in groupby(plans, lambda p: LEVEL_RANKS[p.level]))
    )
    named = plan_names(plans, short=False)
    head = "".join(
        f'<th class="plan" data-plan="{_e(p.id)}" title="{_e(named[p.id])}">{_e(named[p.id])}</th>'
        for p in plans
    )
    out = [
        '<div class="scroll"><table class="coverage">',
        f'<thead><tr><th class="metric"></th>{levels}</tr>',
        f'<tr><th class="metric">Metric</th>{head}</tr></thead><tbody>',
    ]
    for metric in coverage.metrics:
        name = _e(metric.name)
        if metric.id in charted:
            name = f'<a href="#metric-{_e(metric.id)}">{name}</a>'
        cells = []
        for plan in plans:
            cell = coverage.cell(metric, plan)
            symbol, _ = COVERAGE_SYMBOLS[cell.says]
            words = _e(f"{plan.region}: {cell_words(cell, plan)}")
            cells.append(
                f'<td class="c {cell.says.value}" data-plan="{_e(plan.id)}" '
                f'data-says="{cell.says.value}" title="{words}">{symbol}</td>'
            )
        out.append(
            f'<tr data-metric="{_e(metric.id)}"><td class="metric">{name} '
            f'<span class="en">{_e(metric.name_en)}</span></td>{"".join(cells)}</tr>'
        )
    out.append("</tbody></table></div>")
    return "\n".join(out)


def regions_html(regions: list[Region], as_of: dt.date, shown: set[str]) -> str:
    """Which documents the data hold for each region: the type, when it was made, and
    whether it is in force or superseded on the as-of day; a document the report shows
    (``shown``, by id) links to its section."""
    out = [
        '<div class="scroll"><table class="documents-held">',
        "<thead><tr><th>Level</th><th>Region</th><th>Document</th><th>Type</th>"
        "<th>Made</th><th>On the as-of day</th></tr></thead><tbody>",
    ]
    for r in regions:
        for i, d in enumerate(r.plans):
            lead = (
                f'<td rowspan="{len(r.plans)}">{_e(LEVEL_NAMES[r.level])}</td>'
                f'<td rowspan="{len(r.plans)}">{_e(r.region)}</td>'
                if i == 0
                else ""
            )
            out.append(
                f'<tr data-plan="{_e(d.plan.id)}" data-standing="{d.standing.value}">{lead}'
                f"<td>{_plan_link(d.plan.id, shown)}</td>"
                f"<td>{_e(kind_text(d))}</td><td>{_e(made_text(d))}</td>"
                f"<td>{_e(standing_text(d, as_of))}</td></tr>"
            )
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _plan_link(plan_id: str, shown: set[str]) -> str:
    if plan_id not in shown:
        return _e(plan_id)
    return f'<a href="#plan-{_e(plan_id)}">{_e(plan_id)}</a>'


def national_html(n: National, as_of: dt.date, shown: set[str]) -> str:
    """The national picture: the maps, the flags, the histories, the documents held."""
    maps = "".join(
        f'<figure class="map" id="map-{_e(tm.metric.id)}"><div class="scroll">'
        f"{map_svg(tm, Colouring.value)}</div></figure>"
        for tm in n.maps
    )
    flagged = len({(f.plan.id, f.target.index) for f in n.flags})
    held = sum(len(r.plans) for r in n.regions)
    return "\n".join(
        [
            '<section id="national"><h2>The national picture</h2>',
            "<p class='note'>Worked out on every document of the data "
            + (f"in force on {n.in_force_on.isoformat()}" if n.in_force_on else "(every version)")
            + ", whichever plans this report shows: a map that left out the provinces not "
            "shown would say they set nothing.</p>",
            f'<h3 id="maps">Maps: the metrics five or more provinces set ({len(n.maps)})</h3>',
            "<p class='note'>Each province's target for the latest target year among its "
            "documents in force; the colours span the figures shown (not from 0). "
            "qualpolicy map --metric &lt;name&gt; draws one in the terminal or as SVG.</p>",
            maps or "<p class='note'>No metric is set by five or more provinces.</p>",
            f'<h3 id="flags">Flagged targets: {_e(plural(len(n.flags), "flag"))} on '
            f"{_e(plural(flagged, 'target'))} of this report's plans</h3>",
            f"<p class='note'>{_e(FLAGS_CAPTION)}.</p>",
            flags_html(n.flags) if n.flags else "<p class='note'>No target is flagged.</p>",
            f'<h3 id="histories">Regions over time ({len(n.histories)})</h3>',
            "<p class='note'>Each region of this report with more than one document in the "
            "data: its documents in the order they were made, then each metric's targets and "
            "actuals on one timeline.</p>",
            *(history_html(h) for h in n.histories),
            f'<h3 id="documents">Documents held: {_e(plural(held, "document"))} of '
            f"{_e(plural(len(n.regions), 'region'))}</h3>",
            "<p class='note'>"
            + (
                f"No document in the data (a region may have one the data do not hold): "
                f"{_e('、'.join(n.missing))}. "
                if n.missing
                else ""
            )
            + "Links go to the plans this report shows.</p>",
            regions_html(n.regions, as_of, shown),
            "</section>",
        ]
    )


def _header(plan: Plan) -> list[tuple[str, str]]:
    """The plan's header as (label, HTML) rows."""
    s = plan.source
    level = plan.level.value + (f", under {plan.parent}" if plan.parent else "")
    source = [s.publisher or "", s.published.isoformat() if s.published else ""]
    if s.extent.value == "partial":
        source.append(f"read in part{': ' + s.read_to if s.read_to else ''}")
    if s.unavailable_reason:
        source.append(s.unavailable_reason)
    if s.note:
        source.append(s.note)
    rows = [
        ("Level", level),
        ("Issuer", plan.issuer),
        ("Issued", plan.issued.isoformat() if plan.issued else "not stated"),
        ("Horizon", ", ".join(map(str, plan.horizon))),
        ("Source", " · ".join(part for part in source if part) or "—"),
    ]
    if plan.notes:
        rows.append(("Notes", plan.notes))
    return [(k, _e(v)) for k, v in rows] + [("URL", url_html(url)) for url in s.urls]


def _entry_row(entry: Aligned, charted: set[str]) -> str:
    t = entry.target
    metric = _e(entry.match.metric_id or "")
    if entry.match.metric_id in charted:
        metric = f'<a href="#metric-{metric}">{metric}</a>'
    hover = t.quote + (f"\nnote: {t.note}" if t.note else "")
    cells = [
        f'<td title="{_e(hover)}">{_e(entry.metric_text)}</td>',
        f"<td>{_e(t.kind.value)}</td>",
        f'<td class="num">{_e(figure(t, unit_text=entry.unit_text))}</td>',
        f'<td class="num">{_e(year(t))}</td>',
        f"<td>{_e(entry.scope_text or '')}</td>",
        f"<td>{_e(t.hedge.value if t.hedge else '')}</td>",
        f"<td>{_e('; '.join(entry.caveats))}</td>",
        f"<td>{metric}</td>",
    ]
    return f'<tr class="{_e(t.kind.value)}">{"".join(cells)}</tr>'


def plan_html(section: PlanSection, charted: set[str]) -> str:
    plan = section.plan
    english = f' <span class="en">{_e(plan.region_en)}</span>' if plan.region_en else ""
    out = [
        f'<section class="plan" id="plan-{_e(plan.id)}" data-plan="{_e(plan.id)}">',
        f"<h3>{_e(plan.region)}{english}</h3>",
        f"<p>{_e(section.title)}</p>",
        "<dl>",
        *(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in _header(plan)),
        "</dl>",
        f"<h4>Entries ({len(section.entries)})</h4>",
    ]
    if section.entries:
        out.append(
            '<div class="scroll"><table><thead><tr><th>Metric (hover: quote)</th><th>Kind</th>'
            "<th>Value</th><th>Year</th><th>Scope</th><th>Hedge</th><th>Caveats</th>"
            "<th>Metric id</th></tr></thead><tbody>"
        )
        out += [_entry_row(e, charted) for e in section.entries]
        out.append("</tbody></table></div>")
    out.append(f'<div class="outline"><h4>Task outline ({len(section.tasks)})</h4>')
    current: str | None = None
    opened = False
    for line in section.tasks:
        if line.section != current or not opened:
            if opened:
                out.append("</ol>")
            current = line.section
            if current:
                out.append(f"<h4>{_e(current)}</h4>")
            out.append("<ol>")
            opened = True
        out.append(f'<li><span class="n">{_e(line.number)}</span>{_e(line.text)}</li>')
    if opened:
        out.append("</ol>")
    out.append("</div></section>")
    return "\n".join(out)


HOW_TO_READ = (
    "<p>Each chart shows one metric; figures measured on different bases (scope, unit, "
    "new vs stock, change vs level) get separate panels and are never drawn on one axis. "
    "Values are exactly as the plans write them; numbered notes are caveats; hover a mark "
    "for the source quote. A region's actual statistics (data/actuals.yaml) follow its "
    "figures on the same basis, the latest first; hover one for who reported it.</p>"
    "<p>Axes: a level's axis starts at 0. When a panel's values all lie far from 0 (their "
    "spread under a third of the largest), the stretch between 0 and the first round value "
    "below them is cut out: the axis shows a break (//) and the caption under the panel says "
    "where (“axis broken between 0 and 75”). A change since a base year is drawn signed on "
    "an axis that runs to 0: a decrease (较2020年下降14%, labelled = −14%) lies left of 0. "
    "A comparator's arrow points the way the bound allows: for at least a 14% decrease, "
    "further left. No axis is fitted to the values in any other way.</p>"
    '<p class="narrow">On a narrow screen, swipe a chart sideways for its labels; the '
    "lines under it say the same in words.</p>"
    "<p>Under each panel, every target says how it compares with the figures of the levels "
    "above it (⚑ below, matches, above, or the figure above for another year) and its "
    "headroom against the region's latest actual (“+0.4 to go in 1 year”, “met”, “no "
    "actual known”), in the words of <code>qualpolicy compare</code> and "
    "<code>qualpolicy progress</code>.</p>"
)


def as_html(report: Report) -> str:
    charted = {c.comparison.metric.id for c in report.charts}
    named = plan_names(report.plans, short=False)
    names = ", ".join(named.values())
    metrics = [c.comparison.metric for c in report.charts]
    contents = "".join(f'<li><a href="#metric-{_e(m.id)}">{_e(m.name)}</a></li>' for m in metrics)
    plans = "".join(f'<li><a href="#plan-{_e(p)}">{_e(name)}</a></li>' for p, name in named.items())
    symbols = " · ".join(f"{symbol} {words}" for symbol, words in COVERAGE_SYMBOLS.values())
    national = report.national
    if national is not None and report.as_of is not None:
        contents += '<li><a href="#national">The national picture</a></li>'
    body = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Quality plans compared · 质量强省规划对比</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>Quality plans compared <span class='en'>质量强省规划对比</span></h1>",
        f'<p class="meta">{len(report.plans)} plans: {_e(names)} · '
        f"{len(report.charts)} metrics that two or more plans address · "
        + (f"headroom as of {report.as_of.isoformat()} · " if report.as_of else "")
        + f"qualpolicy {_e(__version__)}</p></header>",
        f"<nav><h2>Contents</h2><ul>{contents}</ul><ul>{plans}</ul></nav>",
        '<section id="legend"><h2>How to read the charts</h2>',
        HOW_TO_READ,
        legend_svg(),
        "</section>",
        '<section id="charts"><h2>Shared metrics</h2>',
        *(chart_html(c) for c in report.charts),
        "</section>",
        '<section id="coverage"><h2>Coverage: plans × metrics</h2>',
        "<p class='note'>Plans from the nation down: provinces, cities, then counties and "
        f"districts. {_e(symbols)}; hover a cell for the figures or words.</p>",
        coverage_html(report.coverage, charted),
        "</section>",
        '<section id="plans"><h2>Plans</h2>',
        *(plan_html(s, charted) for s in report.sections),
        "</section>",
        national_html(national, report.as_of, {p.id for p in report.plans})
        if national is not None and report.as_of is not None
        else "",
        "</body></html>",
    ]
    return "\n".join(body) + "\n"


def write_report(
    plans: list[Plan],
    aligner: Aligner,
    path: Path,
    *,
    evidence: Evidence | None = None,
    grid: TileGrid | None = None,
    versions: Versions | None = None,
    force: bool = False,
) -> tuple[Report, int]:
    """Build the report for ``plans`` (with actual statistics and headroom from
    ``evidence``, gathered over every plan of the data, and the national picture on the
    tile ``grid``) and write it as HTML; the report and the file's size."""
    report = build_report(plans, aligner, evidence, grid=grid, versions=versions)
    return report, write_text(path, as_html(report), force=force)
