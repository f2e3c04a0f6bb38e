"""`qualpolicy flags`."""

import sys

from qualpolicy.analysis.cascade import choose
from qualpolicy.analysis.flags import flags_of_chosen
from qualpolicy.analysis.naming import named
from qualpolicy.analysis.versions import as_of_day
from qualpolicy.cli.common import (
    AllVersionsOption,
    AsOfOption,
    DataDirOption,
    ForceOption,
    FormatOption,
    LevelOption,
    MetricsOption,
    OutOption,
    PlansOption,
    TableFormat,
    WithinOption,
    emit,
    file_format,
    handle_errors,
    split_list,
    versions,
    workspace,
)
from qualpolicy.render import flags as render


@handle_errors
def flags(
    metric: MetricsOption = None,
    plans: PlansOption = None,
    within: WithinOption = None,
    level: LevelOption = None,
    as_of: AsOfOption = None,
    all_versions: AllVersionsOption = False,
    output: FormatOption = TableFormat.table,
    out: OutOption = None,
    force: ForceOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Every target below its parent's or the nation's on the same basis, not beyond its
    region's own level, or missed: with the figure it is held against.

    Worked out on every plan, then shown for the plans, level and metric chosen; the
    nation first. Exit 0 when none is flagged.
    """

    if out is not None:
        output = file_format(TableFormat, output, out)
    ws = workspace(data_dir)
    day = as_of_day(as_of)
    documents = versions(ws, as_of, all_versions)
    names = split_list(plans)
    chosen = choose(ws.plans, names, within=within, level=level, versions=documents)
    metrics = None
    if metric is not None:
        found = named(ws.catalogue, metric, ws.normalizer)
        if found.note:
            print(found.note, file=sys.stderr)
        metrics = {m.id for m in found.shown}
    measured = ws.evidence(as_of, ws.catalogue.ids)  # only aligned targets are flagged
    every = choose(ws.plans, versions=documents)
    found_flags = flags_of_chosen(chosen, every, ws.aligner, measured, metrics)
    if not found_flags:
        filters = [
            f"plans {', '.join(names)}" if names else "",
            f"within {within}" if within else "",
            f"level {level.value}" if level else "",
            f"metric {metric}" if metric else "",
        ]
        applied = "; ".join(f for f in filters if f)
        said = f"no target is flagged as of {day.isoformat()}" + (
            f" ({applied})" if applied else ""
        )
        if out is None and output in (TableFormat.table, TableFormat.markdown):
            print(said)
            return
        print(said, file=sys.stderr)  # an empty list, or a header: still what was asked for
    emit(
        output,
        {
            TableFormat.json: lambda: render.flags_json(found_flags),
            TableFormat.csv: lambda: render.flags_csv(found_flags),
            TableFormat.markdown: lambda: render.flags_markdown(found_flags),
        },
        lambda console: render.print_flags(found_flags, day, console),
        out=out,
        force=force,
    )
