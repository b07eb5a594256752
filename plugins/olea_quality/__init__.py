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

from olea_common import report, text_line
from pelican import signals
from pelican.contents import Article, Page
from pelican.utils import set_date_tzinfo

from olea_quality.readability import grade, longest_sentences, prose_text, sentences

DEFAULTS = {
    "OLEA_QUALITY_MAX_GRADE": 9.0,
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
    settings, path = content.settings, content.source_path
    text = prose_text(content._content or "")
    _check_banned(content, settings, path, text)
    if not _applies(content):
        return
    _check_grade(settings, path, text)
    _check_overdue(content, settings, path)


def _check_banned(content, settings, path, text) -> None:
    pattern = re.compile(
        r"\b(" + "|".join(_setting(settings, "OLEA_QUALITY_BANNED")) + r")\b", re.I
    )
    title = prose_text(str(content.metadata.get("title", "")))
    summary = prose_text(str(content.metadata.get("summary", "")))
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


# Grades by the text they measure, kept in the content cache between builds: a
# rebuild re-measures only what changed (measuring is most of the gates' cost).
# "measured": grades olea_parallel's workers took as they read the articles.
_GRADES: dict = {"path": None, "known": {}, "used": {}, "measured": {}}


def _measure(content: str) -> tuple[str, float]:
    """The grade of an article's rendered body, by the key _cached_grade looks up."""
    text = prose_text(content or "")
    return hashlib.sha1(text.encode("utf-8")).hexdigest(), grade(text)


def _measured(result: tuple[str, float]) -> None:
    key, level = result
    _GRADES["measured"][key] = level


def _cached_grade(settings, text: str) -> float:
    if settings.get("CACHE_CONTENT") and _GRADES["path"] is None:
        _GRADES["path"] = os.path.join(settings["CACHE_PATH"], "olea-grades.pickle")
        if settings.get("LOAD_CONTENT_CACHE"):
            try:
                with open(_GRADES["path"], "rb") as f:
                    _GRADES["known"] = pickle.load(f)
            except (OSError, pickle.UnpicklingError, EOFError):
                _GRADES["known"] = {}
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()
    level = _GRADES["known"].get(key, _GRADES["measured"].get(key))
    if level is None:
        level = grade(text)
    _GRADES["used"][key] = level
    return level


def save_grades(pelican) -> None:
    path = _GRADES["path"]
    if path:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + ".tmp", "wb") as f:
                pickle.dump(_GRADES["used"], f)
            os.replace(path + ".tmp", path)
        except OSError:
            pass  # the next build measures again: slower, never wrong
    _GRADES.update(path=None, known={}, used={}, measured={})


def _check_grade(settings, path, text) -> None:
    limit = _setting(settings, "OLEA_QUALITY_MAX_GRADE")
    level = _cached_grade(settings, text)
    if level > limit:
        longest = "\n".join(f'      - "{s}"' for s in longest_sentences(text))
        report(
            path,
            0,
            f"the reading grade is {level:.1f}; the limit is {limit:g}",
            "use shorter sentences and plainer words. The three longest sentences:\n" + longest,
        )


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


def register() -> None:
    from olea_parallel import also_in_workers

    also_in_workers(_measure, _measured)  # a cold build measures as it reads, on every core
    signals.content_object_init.connect(check_health_rules)
    signals.finalized.connect(save_grades)
