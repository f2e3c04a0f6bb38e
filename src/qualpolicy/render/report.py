"""The report as one self-contained HTML page: no scripts, no fetched styles, fonts or
images, so it reads offline and prints.  Chinese text, English labels."""

from __future__ import annotations

from html import escape
from pathlib import Path

from qualpolicy.about import __version__
from qualpolicy.analysis.align import Aligned, Aligner
from qualpolicy.analysis.matrix import Matrix
from qualpolicy.analysis.progress import Evidence, Headroom
from qualpolicy.analysis.report import Chart, PlanSection, Report, build_report
from qualpolicy.models import Kind, Plan
from qualpolicy.render.compare import cell_text
from qualpolicy.render.outfile import write_text
from qualpolicy.render.progress import headroom_text
from qualpolicy.render.svg import FONT, legend_svg, panel_svg
from qualpolicy.render.text import figure, year

STYLE = f"""
:root {{ color-scheme: light; }}
body {{ font-family: {FONT}; color: #222; background: #fff; margin: 0 auto;
  max-width: 60rem; padding: 1.5rem; line-height: 1.5; font-size: 15px; }}
h1 {{ font-size: 1.6rem; margin: 0 0 .25rem; }}
h2 {{ font-size: 1.3rem; border-bottom: 2px solid #1f5fa8; padding-bottom: .2rem;
  margin-top: 2.5rem; }}
h3 {{ font-size: 1.1rem; margin: 0; }}
.en, .meta, .note, .basis {{ color: #666; font-weight: normal; }}
.meta, .note, .basis, .absent {{ font-size: .85rem; margin: .2rem 0; }}
nav ul {{ columns: 3; padding-left: 1.2rem; }}
figure.chart {{ margin: 1.5rem 0; padding: .75rem 1rem; border: 1px solid #ddd;
  border-radius: 4px; break-inside: avoid; }}
figcaption {{ margin-bottom: .5rem; }}
.panel {{ margin: .5rem 0; }}
ol.footnotes {{ font-size: .8rem; color: #444; margin: .4rem 0 0; padding-left: 1.4rem; }}
ul.headroom {{ font-size: .85rem; margin: .4rem 0 0; padding-left: 1.4rem; }}
ul.headroom .region {{ color: #1f5fa8; }}
table {{ border-collapse: collapse; font-size: .85rem; width: 100%; }}
th, td {{ border-bottom: 1px solid #e4e4e4; padding: .2rem .4rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f4f6fa; }}
td.num {{ text-align: right; white-space: nowrap; }}
table.coverage td.c {{ text-align: center; width: 2.2rem; }}
table.coverage th.plan {{ writing-mode: vertical-rl; white-space: nowrap; width: 2.2rem; }}
.c.target {{ color: #1f5fa8; }} .c.baseline {{ color: #7a7a7a; }} .c.direction {{ color: #b0b0b0; }}
#plans, section.plan:not(:first-of-type) {{ break-before: page; }}
dl {{ display: grid; grid-template-columns: 7rem 1fr; margin: .5rem 0; font-size: .9rem; }}
dt {{ color: #666; }} dd {{ margin: 0; }}
.outline h4 {{ font-size: .95rem; margin: .8rem 0 .2rem; }}
.outline ol {{ list-style: none; padding-left: 0; margin: 0; }}
.outline li {{ font-size: .88rem; }}
.outline .n {{ display: inline-block; min-width: 3.5rem; color: #666; }}
tr.baseline td {{ color: #555; }} tr.direction td {{ color: #777; }}
@media print {{ body {{ max-width: none; padding: 0; font-size: 12px; }} nav {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }} }}
@page {{ size: A4; margin: 14mm; }}
"""

# What a coverage cell shows for the most telling entry a plan has for a metric.
COVERAGE_SYMBOLS = {
    Kind.target: ("●", "target"),
    Kind.baseline: ("◆", "baseline"),
    Kind.direction: ("○", "direction"),
}


def _e(text: object) -> str:
    return escape(str(text))


def headroom_html(h: Headroom) -> str:
    """``全国 = 86 (2025): now 85.6 (2024); +0.4 to go in 1 year (+0.4 a year)``."""
    row = h.target
    target = f"{figure(row.target, unit_text=row.unit_text)} ({year(row.target)})"
    return (
        f'<li data-plan="{_e(row.plan.id)}"><span class="region">{_e(row.plan.region)} '
        f"{_e(target)}</span>: {_e(headroom_text(h))}</li>"
    )


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
    for panel in chart.panels:
        out.append('<div class="panel">')
        if len(chart.panels) > 1:
            out.append(f'<p class="basis">{_e(panel.basis)}</p>')
        out.append(panel_svg(panel, title))
        out += [f'<p class="note">{_e(note)}</p>' for note in panel.notes]
        out.append("</div>")
    if not chart.panels:
        out.append('<p class="note">No plan gives a figure for it.</p>')
    if chart.headroom:
        out.append('<p class="note">Headroom against the latest actual:</p><ul class="headroom">')
        out += [headroom_html(h) for h in chart.headroom]
        out.append("</ul>")
    if cmp.no_figure:
        out.append('<p class="absent">No figure: ')
        out.append("; ".join(f"{_e(a.plan.region)} — {_e(a.description)}" for a in cmp.no_figure))
        out.append("</p>")
    if chart.footnotes:
        out.append('<ol class="footnotes">')
        out += [f"<li>{_e(note)}</li>" for note in chart.footnotes]
        out.append("</ol>")
    out.append("</figure>")
    return "\n".join(out)


def coverage_html(matrix: Matrix, charted: set[str]) -> str:
    head = "".join(
        f'<th class="plan" title="{_e(p.region)}">{_e(p.region)}</th>' for p in matrix.plans
    )
    out = [
        '<table class="coverage">',
        f"<thead><tr><th>Metric</th>{head}</tr></thead><tbody>",
    ]
    for metric in matrix.metrics:
        name = _e(metric.name)
        if metric.id in charted:
            name = f'<a href="#metric-{_e(metric.id)}">{name}</a>'
        cells = []
        for plan in matrix.plans:
            entries = matrix.cell(metric, plan)
            if not entries:
                cells.append('<td class="c"></td>')
                continue
            best = min((e.kind for e in entries), key=list(COVERAGE_SYMBOLS).index)
            symbol, css = COVERAGE_SYMBOLS[best]
            cells.append(
                f'<td class="c {css}" data-plan="{_e(plan.id)}" title="{_e(cell_text(entries))}">'
                f"{symbol}</td>"
            )
        out.append(
            f'<tr data-metric="{_e(metric.id)}"><td>{name} '
            f'<span class="en">{_e(metric.name_en)}</span></td>{"".join(cells)}</tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def _header(plan: Plan) -> list[tuple[str, str]]:
    s = plan.source
    level = plan.level.value + (f", under {plan.parent}" if plan.parent else "")
    source = [s.publisher or "", s.published.isoformat() if s.published else ""]
    if s.extent.value == "partial":
        source.append(f"read in part{': ' + s.read_to if s.read_to else ''}")
    if s.unavailable_reason:
        source.append(s.unavailable_reason)
    rows = [
        ("Level", level),
        ("Issuer", plan.issuer),
        ("Issued", plan.issued.isoformat() if plan.issued else "not stated"),
        ("Horizon", ", ".join(map(str, plan.horizon))),
        ("Source", " · ".join(part for part in source if part) or "—"),
    ]
    return rows + [("URL", url) for url in s.urls]


def _entry_row(entry: Aligned, charted: set[str]) -> str:
    t = entry.target
    metric = _e(entry.match.metric_id or "")
    if entry.match.metric_id in charted:
        metric = f'<a href="#metric-{metric}">{metric}</a>'
    cells = [
        f'<td title="{_e(t.quote)}">{_e(entry.metric_text)}</td>',
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
        *(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in _header(plan)),
        "</dl>",
        f"<h4>Entries ({len(section.entries)})</h4>",
    ]
    if section.entries:
        out.append(
            "<table><thead><tr><th>Metric (hover: quote)</th><th>Kind</th><th>Value</th>"
            "<th>Year</th><th>Scope</th><th>Hedge</th><th>Caveats</th><th>Metric id</th>"
            "</tr></thead><tbody>"
        )
        out += [_entry_row(e, charted) for e in section.entries]
        out.append("</tbody></table>")
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


def as_html(report: Report) -> str:
    charted = {c.comparison.metric.id for c in report.charts}
    names = ", ".join(p.region for p in report.plans)
    metrics = [c.comparison.metric for c in report.charts]
    contents = "".join(f'<li><a href="#metric-{_e(m.id)}">{_e(m.name)}</a></li>' for m in metrics)
    plans = "".join(f'<li><a href="#plan-{_e(p.id)}">{_e(p.region)}</a></li>' for p in report.plans)
    body = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Quality plans compared · 质量强省规划对比</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>Quality plans compared <span class='en'>质量强省规划对比</span></h1>",
        f'<p class="meta">{len(report.plans)} plans: {_e(names)} · '
        f"{len(report.charts)} metrics that two or more plans address · "
        f"qualpolicy {_e(__version__)}</p></header>",
        f"<nav><h2>Contents</h2><ul>{contents}</ul><ul>{plans}</ul></nav>",
        '<section id="legend"><h2>How to read the charts</h2>',
        "<p>Each chart shows one metric; figures measured on different bases (scope, unit, "
        "new vs stock, change vs level) get separate panels and are never drawn on one axis. "
        "Values are exactly as the plans write them; numbered notes are caveats; hover a mark "
        "for the source quote. A region's actual statistics (data/actuals.yaml) follow its "
        "figures on the same basis, the latest first; hover one for who reported it. Under "
        "the chart, each target with an actual says how far it still has to go.</p>",
        legend_svg(),
        "</section>",
        '<section id="charts"><h2>Shared metrics</h2>',
        *(chart_html(c) for c in report.charts),
        "</section>",
        '<section id="coverage"><h2>Coverage: plans × metrics</h2>',
        "<p class='note'>● a figure · ◆ current status only · ○ named without a figure; "
        "hover a cell for the figures.</p>",
        coverage_html(report.coverage, charted),
        "</section>",
        '<section id="plans"><h2>Plans</h2>',
        *(plan_html(s, charted) for s in report.sections),
        "</section></body></html>",
    ]
    return "\n".join(body) + "\n"


def write_report(
    plans: list[Plan],
    aligner: Aligner,
    path: Path,
    *,
    evidence: Evidence | None = None,
    force: bool = False,
) -> tuple[Report, int]:
    """Build the report for ``plans`` (with actual statistics and headroom from
    ``evidence``) and write it as HTML; the report and the file's size."""
    report = build_report(plans, aligner, evidence)
    return report, write_text(path, as_html(report), force=force)
