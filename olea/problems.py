"""One way to report a problem in an author's file, and to find where it is.

A problem names the file (relative to the working directory, so editors can
open it) and the line, says what is wrong and how to fix it. olea.build's
reporter prints these as they come and fails the build at the end if there
was any.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache

logger = logging.getLogger("olea")


def relpath(path: str) -> str:
    """The path as an author types it: relative to the working directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


@lru_cache(maxsize=4096)
def _lines(path: str, size: int, mtime: float) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            return tuple(f.read().splitlines())
    except OSError:
        return ()


def lines_of(path: str) -> tuple[str, ...]:
    """The file's lines (remembered until the file changes), or () if unreadable."""
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return _lines(path, st.st_size, st.st_mtime_ns)


def front_matter_end(path: str) -> int:
    """The number of the blank line that ends the front matter (0: none)."""
    for number, line in enumerate(lines_of(path), 1):
        if not line.strip():
            return number
    return 0


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
    if not needle:
        return 0
    for number, line in enumerate(lines_of(path), 1):
        if needle in line:
            return number
    return 0


def where(path: str, line: int = 0) -> str:
    return f"{relpath(path)}:{line}" if line else relpath(path)


def report(path: str, line: int, what: str, fix: str, level: int = logging.ERROR) -> None:
    """Log one problem in the form `file:line: what` followed by how to fix it."""
    logger.log(
        level, "%s: %s\n    How to fix: %s", where(path, line), what, fix, extra={"olea": True}
    )


def notice(path: str, line: int, what: str, fix: str) -> None:
    """Like report(), but shown as a notice: it does not fail the build."""
    report(path, line, what, fix, logging.INFO)


def gates_on(settings) -> bool:
    """Whether the content checks run (OLEA_GATES, on unless a benchmark turns it off
    to measure what they cost; a real build never does)."""
    return bool(settings.get("OLEA_GATES", True))
