"""Strict every time: every warning fails every build, in the author's words.

Three things stood between Pelican's warnings and a strict build:

- Pelican's loggers drop a message they have shown before in this process,
  and group a kind of message after five, so the devserver's sixth rebuild
  of the same bad content said nothing. `quiet_no_more()` takes that filter
  off every Pelican logger (and ours) through LimitLogger's public
  `disable_filter()`, before each build.
- A warning raised while a file is read (a duplicated key, say) is not
  raised again when the next build takes the file from the content cache.
  The site's reader (olea.reader) keeps what was raised while it read a file
  (`keeping_warnings`) in that file's metadata, which the cache keeps with
  it; `replay()` reports it on every build, from the cache or not.
- Pelican's own messages often name no file. `Reporter.word()` words the ones
  an author can meet with the file, the line and the fix.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time

from olea.problems import meta_line, relpath, report, text_line

# The metadata key under which a file's reading warnings travel with it.
READ_WARNINGS = "olea_read_warnings"

# Records raised while the site's reader reads a file, instead of being shown.
_reading: list[logging.LogRecord] | None = None


def quiet_no_more() -> None:
    """Take Pelican's repeat-and-group filter off every logger that has it."""
    from pelican.log import LimitLogger

    names = [n for n in sys.modules if n.split(".")[0] in ("pelican", "olea")]
    for name in names:
        found = logging.getLogger(name)
        if isinstance(found, LimitLogger):
            found.disable_filter()


@contextlib.contextmanager
def keeping_warnings(path: str):
    """While a file is read: its warnings are kept, not shown. Yields the list that
    receives them as (line, what, fix), for the reader to store in the file's metadata."""
    global _reading
    outer, _reading = _reading, []
    kept: list[tuple[int, str, str]] = []
    try:
        yield kept
    finally:
        raised, _reading = _reading, outer
        kept.extend(_reading_problem(path, r) for r in raised)


def _reading_problem(path: str, record: logging.LogRecord) -> tuple[int, str, str]:
    """(line, what, fix) for a warning raised while `path` was read."""
    if record.msg.startswith("Duplicate definition of"):
        key = str(record.args[0])
        lines = [n for n, _ in _key_lines(path, key)]
        return (
            lines[1] if len(lines) > 1 else meta_line(path, key),
            f"'{key.capitalize()}:' is given twice; only the first one is used",
            f"keep one '{key.capitalize()}:' line and delete the other.",
        )
    return (0, record.getMessage(), "correct the file at the place the message names.")


def _key_lines(path: str, key: str):
    from olea.problems import lines_of

    pattern = re.compile(rf"^\s{{0,3}}{re.escape(key)}\s*:", re.I)
    for number, line in enumerate(lines_of(path), 1):
        if not line.strip():
            return
        if pattern.match(line):
            yield number, line


def replay(content) -> None:
    """content_object_init: report what reading this file raised, every build."""
    for line, what, fix in content.metadata.get(READ_WARNINGS, ()):
        report(content.source_path, line, what, fix, logging.WARNING)


def _below_a_break(path: str, key: str) -> bool:
    """Whether `key` is written in the file, below a line that ended its front matter."""
    from olea.frontmatter import all_known_keys, header_break

    broken = header_break(path, all_known_keys())
    return broken is not None and key.lower() in broken.keys_below


class Outcome:
    """What a build found: its problems, notices, where it wrote and how long it took."""

    def __init__(self):
        self.problems: list[str] = []
        self.notices: list[str] = []
        self.output = None
        self.seconds = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


class Reporter(logging.Handler):
    """Prints each warning and error in the author's terms and remembers it."""

    def __init__(self, outcome: Outcome, stream=None, verbose=False):
        super().__init__(logging.DEBUG if verbose else logging.INFO)
        self.outcome = outcome
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.content_path = ""  # set once the settings are read

    def emit(self, record: logging.LogRecord) -> None:
        if _reading is not None and record.levelno >= logging.WARNING:
            _reading.append(record)  # reported with its file by replay(), every build
            return
        if str(record.msg).startswith("Cannot unpickle cache"):
            # A cache from another version or setting: Pelican reads everything
            # again, which is slower but right; not a problem.
            self.notice(
                "the content cache could not be read (it was written by another "
                "version); this build reads every file again."
            )
            return
        try:
            text = self.word(record)
        except Exception:  # a reporter must never hide the message it was given
            text = record.getMessage()
        if text is None:
            return
        if record.levelno < logging.WARNING:
            # Our own notices (say, a review coming due) show even when quiet.
            if getattr(record, "olea", False):
                self.notice(text)
            elif self.verbose:
                print(text, file=self.stream)
            return
        label = "error" if record.levelno >= logging.ERROR else "warning"
        if text in self.outcome.problems:
            return
        self.outcome.problems.append(text)
        print(f"{label}: {text}", file=self.stream)

    def notice(self, text: str) -> None:
        if text not in self.outcome.notices:
            self.outcome.notices.append(text)
            print(f"notice: {text}", file=self.stream)

    def word(self, record: logging.LogRecord) -> str | None:
        """Pelican's own messages, re-worded to name the file and line and the fix."""
        msg, args = record.msg, record.args or ()
        if getattr(record, "olea", False) or record.levelno < logging.WARNING:
            return record.getMessage()
        if msg == "Skipping %s: could not find information about '%s'":
            path, key = str(args[0]), str(args[1])
            if _below_a_break(path, key):
                return None  # olea.frontmatter names the line that broke the front matter
            return (
                f"{relpath(path)}:1: the front matter has no '{key.capitalize()}'\n"
                f"    How to fix: add a line '{key.capitalize()}: …' at the top of the file "
                f"(see CONTRIBUTING.md)."
            )
        if msg.startswith("Could not process %s"):
            # Pelican 4.12 logs this inside its `except`, without the exception.
            error = str(args[1]) if len(args) > 1 else str(sys.exc_info()[1] or "unknown error")
            path = os.path.join(self.content_path, str(args[0]))
            bad = re.match(r"^'(.*)' is not a valid date", error)
            if bad:
                line = text_line(path, bad.group(1)) or meta_line(path, "date")
                return (
                    f"{relpath(path)}:{line}: '{bad.group(1)}' is not a date\n    How to fix: "
                    f"write the date as YYYY-MM-DD, for example {time.strftime('%Y-%m-%d')}."
                )
            return (
                f"{relpath(path)}: could not be read: {error}\n    How to fix: check "
                f"that it is UTF-8 text that starts with 'Key: value' front-matter "
                f"lines, then a blank line, then the body."
            )
        if msg.startswith("Unable to find '%s'"):
            target = str(args[0]) if args else ""
            # olea.links reported this link already, with its file and line.
            if any(target.split("}", 1)[-1] in p for p in self.outcome.problems):
                return None
            return (
                f"a link to '{target}' points to no file\n    How to fix: search "
                f"content/ for '{target}' and correct the path."
            )
        # Pelican's settings warn about feeds without an address; a publish without one
        # is stopped by olea.build with where to set it, in one sentence.
        if msg.startswith("Feeds generated without SITEURL"):
            return None
        # Reported by the site's own checks with the file and line: olea.frontmatter
        # (a tag or category with no letters) and olea.structure (an image without alt).
        if msg.startswith(("Unable to generate valid slug", "Empty alt attribute")):
            return None
        return record.getMessage()
