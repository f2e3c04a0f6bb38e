"""Word segmentation: jieba with the domain lexicon and the catalogue's similarity words.

jieba is slow to start (its dictionary takes about half a second to load), so
it is imported only when a segmenter is first asked for words, and its
dictionary cache lives in the qualpolicy cache directory.  jieba's dictionary is
process-wide: every segmenter adds the same words, the lexicon's terms and the
catalogue's similarity vocabulary (measure heads, neutral qualifiers, subjects),
so the words of a text do not depend on which command segmented first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qualpolicy import cache
from qualpolicy.lexicon import Lexicon

# A fixed, high frequency: a listed word always wins over its parts.
WORD_FREQUENCY = 1_000_000


class Segmenter:
    """jieba with the lexicon's terms and ``words``, started on first use."""

    def __init__(self, lexicon: Lexicon, words: Iterable[str] = ()):
        self.lexicon = lexicon
        self.extra = sorted(set(words))
        self._jieba: Any = None

    def _start(self) -> Any:
        if self._jieba is None:
            import jieba  # slow: only the commands that segment text pay for it

            jieba.setLogLevel(60)
            folder = cache.cache_dir()
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(folder)
            jieba.initialize()
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
