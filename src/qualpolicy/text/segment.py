"""Word segmentation: jieba with the domain lexicon and the catalogue's similarity words.

jieba is slow to start, so it is imported only when a segmenter is first asked
for words, and its prefix dictionary (half a million words) is kept in the
qualpolicy cache like everything else: keyed by jieba's version, read in one
piece.  jieba's own cache file is read with ``marshal.load`` from a file, three
times slower than reading the same data at once, and is trusted whatever
version of jieba wrote it.  jieba's dictionary is process-wide: every segmenter
adds the same words, the lexicon's terms and the catalogue's similarity
vocabulary (measure heads, neutral qualifiers, subjects), so the words of a
text do not depend on which command segmented first.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from qualpolicy import cache
from qualpolicy.text.lexicon import Lexicon

# A fixed, high frequency: a listed word always wins over its parts.
WORD_FREQUENCY = 1_000_000


def has_han(word: str) -> bool:
    """Whether ``word`` has a CJK ideograph (a character test: the regular expression of the
    range takes a millisecond to compile, at every start of every command)."""
    return any("\u4e00" <= c <= "\u9fff" for c in word)


@contextmanager
def _without_pkg_resources() -> Iterator[None]:
    """jieba imports setuptools' pkg_resources (a tenth of a second) only to open its own
    data files, and opens them with plain ``open`` when it is missing: hide it meanwhile,
    unless something has imported it already."""
    if "pkg_resources" in sys.modules:
        yield
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails
    try:
        yield
    finally:
        if sys.modules.get("pkg_resources", ...) is None:
            del sys.modules["pkg_resources"]


def _load_dictionary(tokenizer: Any) -> None:
    """``tokenizer``'s prefix dictionary (word → frequency, and their total) from the
    cache, else built from jieba's dictionary file and stored."""
    if tokenizer.initialized:  # another segmenter of this process loaded it
        return
    slot = "jieba-dictionary"
    key = cache.key([])  # the program and library versions, jieba's among them
    found = cache.load(slot, key)
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict)):
        found = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        cache.store(slot, key, found)
    tokenizer.FREQ, tokenizer.total = found
    tokenizer.initialized = True


class Segmenter:
    """jieba with the lexicon's terms and ``words``, started on first use."""

    def __init__(self, lexicon: Lexicon, words: Iterable[str] = ()):
        self.lexicon = lexicon
        self.extra = sorted(set(words))
        self._jieba: Any = None

    def _start(self) -> Any:
        if self._jieba is None:
            with _without_pkg_resources():
                import jieba  # slow: only the commands that segment text pay for it

            jieba.setLogLevel(60)
            _load_dictionary(jieba.dt)
            for word in [*(t.term for t in self.lexicon.terms), *self.extra]:
                # jieba adds every add_word's frequency to its total: adding a word twice
                # (another Segmenter in this process) would shift every other split.
                if jieba.dt.FREQ.get(word) != WORD_FREQUENCY:
                    jieba.add_word(word, freq=WORD_FREQUENCY)
            self._jieba = jieba
        return self._jieba

    def words(self, text: str) -> list[str]:
        """The words of ``text`` (already normalised), domain terms whole."""
        jieba = self._start()
        return [w for w in jieba.lcut(self.lexicon.rewrite(text)) if w.strip()]

    def boundaries(self, text: str) -> tuple[int, ...]:
        """Where the words of ``text`` start and end: jieba's words, and inside a
        compound jieba keeps whole (食品质量, 质量强县) the words it is made of."""
        jieba = self._start()
        cuts = {0, len(text)}
        for word, start, end in jieba.tokenize(text):
            cuts.add(end)
            cuts.update(start + at for at in self._inner(word))
        return tuple(sorted(cuts))

    def _inner(self, word: str) -> list[int]:
        """Offsets inside ``word`` where the words it is made of meet, recursively."""
        if len(word) < 3 or not has_han(word):
            return []
        cuts, at = [], 0
        for part in self._split(word):
            cuts += [at + inner for inner in self._inner(part)]
            at += len(part)
            cuts.append(at)
        return cuts[:-1]

    def _split(self, word: str) -> list[str]:
        """The likeliest segmentation of ``word`` into two or more parts, each a word
        of jieba's dictionary or a single character, scored as jieba scores one (so
        产品质量 is 产品 + 质量, never 产 + 品质 + 量)."""
        jieba = self._start()
        log_total = math.log(jieba.dt.total)
        n = len(word)
        best: list[tuple[float, list[str]]] = [(0.0, [])] * (n + 1)
        for i in range(n - 1, -1, -1):
            best[i] = max(
                (math.log(freq) - log_total + best[j][0], [word[i:j], *best[j][1]])
                for j in range(i + 1, n + 1)
                if (i, j) != (0, n)
                for freq in [jieba.get_FREQ(word[i:j]) or (1 if j == i + 1 else 0)]
                if freq
            )
        return best[0][1]


class VocabularyCutter:
    """Cuts text into the words of a known vocabulary, the longest first, leaving the text
    between two known words whole: no jieba, so nothing to start (``draft`` reads a
    document in the time a command starts; a wording it cannot align this way is still
    suggested, only a little more cautiously)."""

    def __init__(self, lexicon: Lexicon, words: Iterable[str] = ()):
        known = {t.term for t in lexicon.terms} | {w for w in words if w}
        self.known = frozenset(known)
        self.longest = max(map(len, known), default=1)

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        unknown = ""
        i = 0
        while i < len(text):
            for size in range(min(self.longest, len(text) - i), 1, -1):
                if text[i : i + size] in self.known:
                    if unknown:
                        out.append(unknown)
                        unknown = ""
                    out.append(text[i : i + size])
                    i += size
                    break
            else:
                unknown += text[i]
                i += 1
        if unknown:
            out.append(unknown)
        return [w for w in out if w.strip()]
