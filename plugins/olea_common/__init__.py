"""What every Olea plugin shares: one way to report a problem in an author's file.

A problem names the file (relative to the project, so editors can open it) and
the line, says what is wrong and how to fix it. olea/build.py prints these as
they come and fails the build at the end if there was any.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache

logger = logging.getLogger("olea")


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(text: str):
    """A YYYY-MM-DD date as Pelican's get_date reads it (midnight, no zone), or
    None for any other form or an impossible day (get_date then says why).
    Nearly every date here is written so, and dateutil's general parser took a
    tenth of a millisecond for each."""
    from pelican.utils import SafeDatetime

    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return SafeDatetime.fromisoformat(text)
    except ValueError:
        return None


# Where Pelican's generators keep what they read: published, hidden, draft, translated.
CONTENT_LISTS = (
    "articles",
    "drafts",
    "translations",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "hidden_translations",
)


def all_content(generators):
    """Every article and page the generators read, each once."""
    seen = set()
    for gen in generators:
        for attr in CONTENT_LISTS:
            for item in getattr(gen, attr, ()) or ():
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def relpath(path: str) -> str:
    """The path as an author types it: relative to the working directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


@lru_cache(maxsize=4096)
def _lines(path: str, mtime: float) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            return tuple(f.read().splitlines())
    except OSError:
        return ()


def lines_of(path: str) -> tuple[str, ...]:
    try:
        return _lines(path, os.path.getmtime(path))
    except OSError:
        return ()


def meta_line(path: str, key: str) -> int:
    """The line of front-matter key `key` (1 when it is missing: add it at the top)."""
    pattern = re.compile(rf"^\s{{0,3}}{re.escape(key)}\s*:", re.I)
    for number, line in enumerate(lines_of(path), 1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1


def text_line(path: str, needle: str) -> int:
    """The first line that contains `needle` (0 when it cannot be found)."""
    for number, line in enumerate(lines_of(path), 1):
        if needle in line:
            return number
    return 0


def report(path: str, line: int, what: str, fix: str, level: int = logging.ERROR) -> None:
    """Log one problem in the form `file:line: what` followed by how to fix it."""
    where = f"{relpath(path)}:{line}" if line else relpath(path)
    logger.log(level, "%s: %s\n    How to fix: %s", where, what, fix, extra={"olea": True})
