"""Health rules: reading level, banned claims and overdue reviews.

Run as each article or page is created, on its rendered body. Limits and the
banned list are settings (OLEA_QUALITY_*), with their defaults here.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from datetime import datetime

from pelican.contents import Article, Page
from pelican.utils import set_date_tzinfo

from olea.compat import body
from olea.problems import gates_on, lines_of, report, text_line
from olea.readability import (
    block_sentences,
    fernandez_huerta,
    grade,
    longest_sentences,
    prose_text,
    sentences,
    words_in,
)

DEFAULTS = {
    "OLEA_QUALITY_MAX_GRADE": 9.0,
    # Spanish: Fernández-Huerta reading ease at least this (70: "bastante fácil", the
    # band of plain health writing). A language's settings give one or the other.
    "OLEA_QUALITY_MIN_EASE": None,
    # Words a massage clinic may not claim (content brief, section 6); any form of
    # the word counts, because a negated claim still reads as one in a snippet.
    "OLEA_QUALITY_BANNED": (
        r"cur(e|es|ed|ing)",
        r"guarantee(s|d)?",
        r"diagnos(e|es|ed|is|ing)",
        r"realign(s|ed|ment|ing)?",
        r"miracle",
        r"detox\w*",
    ),
    # The longest sentence a reader in pain should meet (the NHS aims at about 20
    # words; a sentence over this fails, named at its line).
    "OLEA_QUALITY_MAX_WORDS": 30,
    # An overdue review stops a publish; in development it is a notice.
    "OLEA_QUALITY_OVERDUE_IS_ERROR": False,
}


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def _applies(content) -> bool:
    """Articles, and pages that give health advice (they carry a review date)."""
    if isinstance(content, Article):
        return True
    return isinstance(content, Page) and "last_reviewed" in content.metadata


def check_health_rules(content) -> None:
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    if not gates_on(content.settings) or getattr(content, "front_matter_broken", False):
        return  # a broken front matter is reported at its line; its keys are not prose
    settings, path = content.settings, content.source_path
    applies = _applies(content)
    _load_cache(settings)
    # What passed before passes again: a rebuild checks only what changed.
    key = _key(settings, applies, body(content), content.metadata)
    if key in _CACHE["passed"] or _passes(content, settings, path, applies):
        _CACHE["passing"].add(key)
    if applies:
        _check_overdue(content, settings, path)  # depends on today: never cached


def _key(settings, applies, html, metadata) -> str:
    title, summary = str(metadata.get("title", "")), str(metadata.get("summary", ""))
    return _digest(repr(_rules(settings)), applies, html or "", title, summary)


def _passes(content, settings, path, applies) -> bool:
    text = prose_text(body(content))
    banned = _check_banned(content, settings, path, text)
    too_hard = applies and _check_grade(settings, path, text)
    too_long = applies and _check_sentence_length(settings, path, body(content))
    return not (banned or too_hard or too_long)


def _rules(settings) -> tuple:
    return tuple(
        _setting(settings, name)
        for name in (
            "OLEA_QUALITY_BANNED",
            "OLEA_QUALITY_MAX_GRADE",
            "OLEA_QUALITY_MIN_EASE",
            "OLEA_QUALITY_MAX_WORDS",
        )
    )


def _digest(*parts) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(str(part).encode("utf-8", "replace") + b"\0")
    return h.hexdigest()


# Keys of the articles and pages that passed, kept beside the content cache: a
# rebuild re-checks only what changed (turning HTML into text and measuring it
# are most of the gates' cost). Only passes are kept: what fails is checked,
# and reported, on every build.
_CACHE: dict = {"path": None, "passed": set(), "passing": set()}


def _load_cache(settings) -> None:
    if not settings.get("CACHE_CONTENT") or _CACHE["path"] is not None:
        return
    _CACHE["path"] = os.path.join(settings["CACHE_PATH"], "olea-quality.pickle")
    if settings.get("LOAD_CONTENT_CACHE"):
        try:
            with open(_CACHE["path"], "rb") as f:
                _CACHE["passed"] = set(pickle.load(f))
        except (OSError, pickle.UnpicklingError, EOFError, TypeError):
            pass  # no cache yet, or an unreadable one: everything is checked


def forget_cache(*_args) -> None:
    """Start each build from its own cache (a build stopped early never saved)."""
    _CACHE.update(path=None, passed=set(), passing=set())


def save_cache(pelican) -> None:
    path = _CACHE["path"]
    if path:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "wb") as f:
                pickle.dump(_CACHE["passing"], f)
            os.replace(path + ".tmp", path)
        except OSError:
            pass  # the next build checks everything again: slower, never wrong
    forget_cache()


def _banned_pattern(settings) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(_setting(settings, "OLEA_QUALITY_BANNED")) + r")\b", re.I)


def _check_banned(content, settings, path, text) -> bool:
    pattern = _banned_pattern(settings)
    title = prose_text(str(content.metadata.get("title", "")))
    summary = prose_text(str(content.metadata.get("summary", "")))
    found = False
    for where, passage in (("title", title), ("summary", summary), ("text", text)):
        if not pattern.search(passage):
            continue  # the usual case: no need to split the text into sentences
        for sentence in sentences(passage):
            match = pattern.search(sentence)
            if match:
                word = match.group(0)
                line = text_line(path, sentence[:40]) or text_line(path, word)
                report(
                    path,
                    line,
                    f"the {where} says '{word}': \"{sentence}\"",
                    "a massage clinic may not claim this; say what the evidence "
                    "shows ('may ease', 'a doctor can check') instead.",
                )
                found = True
    return found


def sentence_line(path: str, sentence: str) -> int:
    """The line where a sentence of the body starts in its Markdown source (0: not found).

    The sentence comes from the page's text (typographic quotes, no markup); the
    source has Markdown around its words, so its first words are looked for with
    anything but letters and digits allowed between them.
    """
    words = re.findall(r"\w+", sentence.replace("\u2019", "'"))
    for n in (6, 4, 3, 2):
        if len(words) < n:
            continue
        pattern = re.compile(r"\W+".join(re.escape(w) for w in words[:n]), re.I)
        for number, line in enumerate(lines_of(path), 1):
            if pattern.search(line):
                return number
    return 0


def _check_sentence_length(settings, path, html) -> bool:
    limit = _setting(settings, "OLEA_QUALITY_MAX_WORDS")
    found = False
    for sentence in block_sentences(html):
        count = words_in(sentence)
        if count > limit:
            found = True
            report(
                path,
                sentence_line(path, sentence),
                f'this sentence has {count} words; the limit is {limit}: "{sentence}"',
                "split it into two or three sentences of about 20 words each.",
            )
    return found


def _check_grade(settings, path, text) -> bool:
    least = _setting(settings, "OLEA_QUALITY_MIN_EASE")
    if least is not None:
        ease = fernandez_huerta(text)
        if ease < least:
            longest = "\n".join(f'      - "{s}"' for s in longest_sentences(text))
            report(
                path,
                0,
                f"the reading ease (Fernández-Huerta) is {ease:.1f}; it must be at least {least:g}",
                "use shorter sentences and shorter, everyday words. The three longest "
                "sentences:\n" + longest,
            )
            return True
        return False
    limit = _setting(settings, "OLEA_QUALITY_MAX_GRADE")
    level = grade(text)
    if level > limit:
        longest = "\n".join(f'      - "{s}"' for s in longest_sentences(text))
        report(
            path,
            0,
            f"the reading grade is {level:.1f}; the limit is {limit:g}",
            "use shorter sentences and plainer words. The three longest sentences:\n" + longest,
        )
        return True
    return False


def _check_overdue(content, settings, path) -> None:
    due = getattr(content, "next_review", None)
    if due is None:
        return
    now = set_date_tzinfo(datetime.now(), settings.get("TIMEZONE"))
    if due < now:
        level = (
            logging.ERROR if _setting(settings, "OLEA_QUALITY_OVERDUE_IS_ERROR") else logging.INFO
        )
        report(
            path,
            0,
            f"the review was due on {due:%Y-%m-%d}",
            "check the article against its sources, then set Last_reviewed to today.",
            level=level,
        )
