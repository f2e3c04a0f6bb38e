"""PlainTable draws exactly what rich's own Table draws: text, widths and styles."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from qualpolicy.render.plaintable import PlainTable

# Text that exercises wrapping: CJK (two cells wide), words, runs of spaces, line
# breaks, full-width punctuation, and what the fast path leaves to rich (tabs, colons,
# control characters that rich strips).
CHARS = st.sampled_from(
    [
        *"质量强省制造业指数合格率",
        *"ab xyz 12.5%",
        "  ",
        "\n",
        "，",
        "（",
        "…",
        ":",
        ":smile:",
        "\t",
        "\r",
    ]
)
TEXT = st.lists(CHARS, max_size=40).map("".join)
COLUMN = st.fixed_dictionaries(
    {},
    optional={
        "justify": st.sampled_from(["default", "left", "center", "right", "full"]),
        "overflow": st.sampled_from(["fold", "crop", "ellipsis"]),
        "no_wrap": st.booleans(),
        "ratio": st.integers(1, 4),
        "min_width": st.integers(0, 12),
        "max_width": st.integers(1, 20),
        "width": st.integers(1, 12),
        "style": st.sampled_from(["cyan", "bold magenta"]),
        "vertical": st.sampled_from(["top", "middle", "bottom"]),
    },
)
TABLE = st.fixed_dictionaries(
    {
        "box": st.sampled_from([box.SIMPLE_HEAD, box.ROUNDED, box.SQUARE, None]),
        "show_lines": st.booleans(),
        "show_header": st.booleans(),
        "show_edge": st.booleans(),
        "collapse_padding": st.booleans(),
        "pad_edge": st.booleans(),
        "expand": st.booleans(),
        "title": st.one_of(st.none(), TEXT),
        "caption": st.one_of(st.none(), TEXT),
        "padding": st.sampled_from([(0, 1), (0, 0), (1, 1), (0, 2, 0, 1)]),
    }
)


def draw(
    cls: type[Table], spec: dict[str, Any], terminal: bool, emoji: bool = True
) -> list[Segment]:
    table = cls(**spec["table"])
    for header, column in zip(spec["headers"], spec["columns"], strict=True):
        table.add_column(header, **column)
    for cells, style in spec["rows"]:
        table.add_row(*cells, style=style)
    console = Console(
        file=io.StringIO(),
        width=spec["width"],
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        highlight=False,
        markup=False,
        emoji=emoji,
    )
    # A null style and no style draw the same: rich mixes them, so compare without.  And
    # without colours (not a terminal) no style draws anything: compare the text.
    drawn = console.render(table)
    plain = (Segment(s.text, (s.style if terminal else None) or None, s.control) for s in drawn)
    return list(Segment.simplify(plain))


@st.composite
def tables(draw_: Any) -> dict[str, Any]:
    n = draw_(st.integers(1, 5))
    cell = st.one_of(TEXT, TEXT.map(lambda t: Text(t, style="red")))
    return {
        "table": draw_(TABLE),
        "headers": draw_(st.lists(TEXT, min_size=n, max_size=n)),
        "columns": draw_(st.lists(COLUMN, min_size=n, max_size=n)),
        "rows": draw_(
            st.lists(
                st.tuples(
                    st.lists(cell, min_size=n, max_size=n),
                    st.sampled_from([None, "dim", "bold"]),
                ),
                max_size=6,
            )
        ),
        "width": draw_(st.integers(1, 90)),
    }


@settings(max_examples=600, deadline=None)
@given(tables(), st.booleans(), st.booleans())
def test_plain_table_draws_what_rich_draws(
    spec: dict[str, Any], terminal: bool, emoji: bool
) -> None:
    assert draw(PlainTable, spec, terminal, emoji) == draw(Table, spec, terminal, emoji)


def test_a_long_table_in_the_commands_style_is_drawn_the_same() -> None:
    regions = ["浙江省", "内蒙古自治区", "金华市"]
    rows = [
        ([regions[i % 3], "target", f"≥ {90 + i % 7}", "2027", "力争 " * (i % 4)], None)
        for i in range(300)
    ]
    spec = {
        "table": {
            "box": box.SIMPLE_HEAD,
            "collapse_padding": True,
            "pad_edge": False,
            "expand": True,
        },
        "headers": ["Region", "Kind", "Value", "Year", "Caveats"],
        "columns": [{"no_wrap": True}, {}, {"justify": "right"}, {}, {"ratio": 2}],
        "rows": [(cells, "dim" if i % 5 == 0 else style) for i, (cells, style) in enumerate(rows)],
        "width": 80,
    }
    for terminal in (False, True):
        assert draw(PlainTable, spec, terminal) == draw(Table, spec, terminal)


def test_trailing_spaces_of_a_wrapped_word_are_dropped_before_cropping() -> None:
    """Without rich's rstrip_end, "ab   " in two cells would be cropped to "a…"."""
    spec = {
        "table": {"box": None, "show_header": False, "pad_edge": False, "expand": False},
        "headers": [""],
        "columns": [{"justify": "default", "overflow": "ellipsis", "width": 2}],
        "rows": [(["ab   cd"], None)],
        "width": 20,
    }
    drawn = draw(PlainTable, spec, False)
    assert drawn == draw(Table, spec, False)
    assert "".join(s.text for s in drawn).splitlines()[0].startswith("ab")


def printed(cls: type[Table], spec: dict[str, Any], crop_to: bool) -> str:
    """What console.print writes for the table without colours: as rich prints it, or
    uncropped with the table cropping itself (as the commands print a PlainTable)."""
    table = cls(**spec["table"])
    for header, column in zip(spec["headers"], spec["columns"], strict=True):
        table.add_column(header, **column)
    for cells, style in spec["rows"]:
        table.add_row(*cells, style=style)
    out = io.StringIO()
    console = Console(
        file=out,
        width=spec["width"],
        color_system=None,
        highlight=False,
        markup=False,
    )
    if crop_to:
        assert isinstance(table, PlainTable)
        table.crop_to = console.width
    console.print(table, crop=not crop_to)
    return out.getvalue()


@settings(max_examples=600, deadline=None)
@given(tables())
def test_a_plain_table_crops_itself(spec: dict[str, Any]) -> None:
    """Printed with crop=False and no colours (as the commands print to a file or a
    pipe), a table told to crop itself prints what rich prints, without rich measuring
    thousands of lines again."""
    assert printed(PlainTable, spec, True) == printed(Table, spec, False)
