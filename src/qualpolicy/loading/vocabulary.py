"""Reading the vocabulary rules and the lexicon: each file validated, then layered over the
files of the data directories below it."""

from __future__ import annotations

from pathlib import Path

from qualpolicy.loading.checking import load_checked
from qualpolicy.text.lexicon import Lexicon, lexicon_problems, merge_lexicon
from qualpolicy.text.normalize import VocabularyRules, example_problems, merge_rules


def load_rules(path: Path, below: VocabularyRules | None = None) -> VocabularyRules:
    """The vocabulary rules at ``path`` over ``below``; raises :class:`InvalidData` if they
    do not validate."""
    layer = load_checked(
        path, VocabularyRules, lambda r: example_problems(r, below), "the vocabulary rules"
    )
    return merge_rules(below, layer) if below else layer


def load_lexicon(path: Path, below: Lexicon | None = None) -> Lexicon:
    """The lexicon at ``path`` over ``below``; raises :class:`InvalidData` if it does not
    validate."""
    layer = load_checked(path, Lexicon, lambda x: lexicon_problems(x, below), "the lexicon")
    return merge_lexicon(below, layer) if below else layer
