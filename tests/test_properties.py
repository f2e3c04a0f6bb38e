"""Properties that must hold for any input, checked with hypothesis."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualpolicy.checks.validate import Validator
from qualpolicy.findings import Severity
from qualpolicy.models import Script, Vocabulary
from qualpolicy.text.normalize import fold, traditional_in
from qualpolicy.workspace import Workspace

# YAML-ish text: structure characters, Chinese, digits, control characters.
YAMLISH = st.lists(
    st.sampled_from(
        [
            *list("abcdeiklmnortuvy:- \n\t[]{}!&*'\"#%|>,.09８%"),
            "质量",
            "達到",
            "\x07",
            "\ufeff",
            "targets:",
            "value: ",
            "id: ",
        ]
    ),
    max_size=80,
).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=YAMLISH)
def test_validate_never_raises_on_any_text(ws: Workspace, tmp_path: Path, text: str) -> None:
    """Whatever a file holds, validate reports findings; it never raises."""
    path = tmp_path / "plans" / "anything.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = Validator(ws).validate_file(path)
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert "\n" not in finding.message
    if result.plan_id is None:
        assert any(f.severity is Severity.error for f in result.findings)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
)
PLANISH = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "region",
            "level",
            "title",
            "issuer",
            "source",
            "script",
            "horizon",
            "targets",
            "tasks",
            "valu",
            "value",
            "year",
        ]
    ),
    st.recursive(
        SCALARS,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["metric", "value", "quote", "kind", "year"]), inner, max_size=4
            )
        ),
        max_leaves=8,
    ),
    max_size=8,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=PLANISH)
def test_any_mapping_gets_findings_not_exceptions(
    ws: Workspace, tmp_path: Path, data: dict
) -> None:  # type: ignore[type-arg]
    path = tmp_path / "plans" / "anything.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = Validator(ws).validate_file(path)
    assert result.plan_id is not None or result.findings


@given(text=st.text(max_size=60))
def test_text_declared_simplified_is_normalised_by_what_it_is(text: str) -> None:
    """Simplified text passes unchanged; traditional characters in it (a quote pasted from
    a mirror page) are converted as in a traditional text."""
    normalize = Workspace().normalizer.normalize
    declared = normalize(text, Script.simplified, Vocabulary.mainland)
    if traditional_in(text):
        assert declared == normalize(text, Script.traditional, Vocabulary.mainland)
    else:
        assert declared == text


@given(
    text=st.text(
        alphabet=st.sampled_from(list("質量強省品質軟體網路智慧財産權 ,，１２3")), max_size=40
    )
)
def test_normalising_mainland_text_is_idempotent(text: str) -> None:
    # (Taiwan rules rewrite phrases, so their output is not meant to be rewritten again:
    # 品品質 becomes 品质量, which as Taiwan text would read 质量量.)
    normalizer = Workspace().normalizer
    once = normalizer.normalize(text, Script.traditional, Vocabulary.mainland)
    assert normalizer.normalize(once, Script.traditional, Vocabulary.mainland) == once


# Text as plans hold it: CJK, ASCII, full-width forms and white space.
PLAN_TEXT = st.text(
    alphabet=st.sampled_from(list("质量強省達到以上%％，,、 \u3000\t\n0123456789０１２.ab()（）")),
    max_size=60,
)


@given(text=PLAN_TEXT)
def test_fold_removes_white_space_but_never_joins_numbers(text: str) -> None:
    folded = fold(text)
    assert not any(c.isspace() for c in folded.replace(" ", ""))
    assert fold("2023-07-31 10:59") == "2023-07-31 10:59"
    assert fold(folded) == folded
