"""Run Pelican the Olea way.

- Strict: any warning or error fails the build (the rule of Pelican's
  `--fatal warnings`), but every problem is reported first, not just the first.
- Clean: each message names the file and line and says how to fix it; bad
  content never prints a traceback (`--debug` shows one for code errors).
- Safe: the site is built into a fresh folder and swapped into place only when
  the build succeeded, so stale files never survive and a failed build leaves
  the last good output as it was.

Usage: python -m olea.build [--settings pelicanconf.py] [--output output] [--debug]
"""

from __future__ import annotations

import argparse
import fnmatch
import logging
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The plugins' shared helpers word Pelican's messages too.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))


def plugin_module(name: str):
    """A module from plugins/ (import sorting can't move this above the path set-up)."""
    import importlib

    return importlib.import_module(name)


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # shown, not problems
    output: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _relpath(path: str) -> str:
    from olea_common import relpath

    return relpath(path)


def _meta_line(path: str, key: str) -> int:
    from olea_common import meta_line

    return meta_line(path, key)


def _line_with(path: str, needle: str) -> int:
    from olea_common import text_line

    return text_line(path, needle) if needle else 0


class Reporter(logging.Handler):
    """Prints each warning and error in the author's terms and remembers it."""

    def __init__(self, outcome: Outcome, stream=None, verbose=False):
        super().__init__(logging.DEBUG if verbose else logging.INFO)
        self.outcome = outcome
        self.stream = stream or sys.stderr
        self.verbose = verbose
        self.content_path = ""  # set once the settings are read

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Cannot unpickle cache"):
            # A cache from another version or setting (say, compressed): Pelican
            # reads everything again, which is slower but right; not a problem.
            if not any("cache could not be read" in n for n in self.outcome.notices):
                self.outcome.notices.append("cache could not be read")
                print(
                    "notice: the content cache could not be read (it was written by "
                    "another version); this build reads every file again.",
                    file=self.stream,
                )
            return
        try:
            text = self.word(record)
        except Exception:  # a reporter must never hide the message it was given
            text = record.getMessage()
        if text is None:
            return
        if record.levelno < logging.WARNING:
            # Our plugins' notices (say, a review coming due) show even when quiet.
            if getattr(record, "olea", False):
                print(f"notice: {text}", file=self.stream)
            elif self.verbose:
                print(text, file=self.stream)
            return
        label = "error" if record.levelno >= logging.ERROR else "warning"
        if text in self.outcome.problems:
            return
        self.outcome.problems.append(text)
        print(f"{label}: {text}", file=self.stream)

    def word(self, record: logging.LogRecord) -> str | None:
        """Pelican's own messages, re-worded to name the file and line and the fix."""
        msg, args = record.msg, record.args or ()
        if getattr(record, "olea", False) or record.levelno < logging.WARNING:
            return record.getMessage()
        if msg == "Skipping %s: could not find information about '%s'":
            path, key = str(args[0]), str(args[1])
            return (
                f"{_relpath(path)}:{_meta_line(path, key)}: the front matter has no "
                f"'{key}'\n    How to fix: add a line '{key.capitalize()}: …' at the top "
                f"of the file (see CONTRIBUTING.md)."
            )
        if msg.startswith("Could not process %s"):
            # Pelican 4.12 logs this inside its `except`, without the exception.
            error = str(args[1]) if len(args) > 1 else str(sys.exc_info()[1] or "unknown error")
            path = os.path.join(self.content_path, str(args[0]))
            bad = re.match(r"^'(.*)' is not a valid date", error)
            if bad:
                line = _line_with(path, bad.group(1)) or _meta_line(path, "date")
                return (
                    f"{_relpath(path)}:{line}: {error}\n    How to fix: write the date "
                    f"as YYYY-MM-DD, for example {time.strftime('%Y-%m-%d')}."
                )
            return (
                f"{_relpath(path)}: could not be read: {error}\n    How to fix: check "
                f"that it is UTF-8 text that starts with 'Key: value' front-matter "
                f"lines, then a blank line, then the body."
            )
        if msg.startswith("Unable to find '%s'"):
            target = str(args[0]) if args else ""
            # olea_links reported this link already, with its file and line.
            if any(target.split("}", 1)[-1] in p for p in self.outcome.problems):
                return None
            return (
                f"a link to '{target}' points to no file\n    How to fix: search "
                f"content/ for '{target}' and correct the path."
            )
        return record.getMessage()


def _reset_pelican_logging() -> None:
    """Pelican hides a message it has shown before; each build must show them all."""
    from pelican.log import LimitFilter

    LimitFilter._ignore = set()
    LimitFilter._raised_messages = set()
    LimitFilter._threshold_cache = {}


class _StopBeforeWriting(Exception):
    """Raised once all content is read and checked, if anything was wrong."""


def _symlink_loops(content: Path) -> list[tuple[Path, Path]]:
    """Links inside the content folder that lead back to a folder above them."""
    loops = []
    for folder, dirs, _ in os.walk(content):
        for name in dirs:
            link = Path(folder) / name
            if link.is_symlink():
                target = link.resolve()
                if link.parent.resolve().is_relative_to(target):
                    loops.append((link, target))
    return loops


def _prune(folder: Path, since: float, skip: tuple[str, ...] = ()) -> None:
    """Delete what the build just run did not write: stale pages never survive.

    Every output file this build stands behind was written or touched by it (a
    skipped page is touched), so a file whose inode changed before the build
    started is stale. Top-level names matching `skip` belong to work still
    under way (OLEA_PRUNE_SKIP: a search index finishing in the background).
    """
    with os.scandir(folder) as entries:
        tops = [e for e in entries if not any(fnmatch.fnmatch(e.name, p) for p in skip)]
    _prune_entries(tops, since)


def _prune_entries(entries, since: float) -> bool:
    """Prune these entries, folders depth first; True when none is left.

    One directory listing per folder tells what is in it, so a folder emptied
    here is known to be empty without being listed again.
    """
    left = False
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                with os.scandir(entry.path) as inside:
                    emptied = _prune_entries(list(inside), since)
                if emptied:
                    os.rmdir(entry.path)
                    continue
            elif entry.stat(follow_symlinks=False).st_ctime < since:
                os.unlink(entry.path)
                continue
        except FileNotFoundError:
            continue  # gone already
        left = True
    return not left


def _guard_output(output: Path, content: Path) -> None:
    output, content = output.resolve(), content.resolve()
    # Inside content/ counts too: swapping the build in would replace that folder.
    if content.is_relative_to(output) or output.is_relative_to(content) or output == ROOT:
        raise SystemExit(f"error: refusing to build into {output}: it holds the content.")


def build(
    settings_file: str | os.PathLike = "pelicanconf.py",
    output: str | os.PathLike | None = None,
    *,
    overrides: dict | None = None,
    verbose: bool = False,
    debug: bool = False,
    stream=None,
    before_swap=None,
) -> Outcome:
    """Build the site; swap it into `output` only if no problem was reported.

    `before_swap(folder, settings, generators)` runs on the finished build
    before it replaces `output` (make publish compresses and verifies there);
    the problems it returns fail the build like any other.
    """
    from pelican import Pelican, signals
    from pelican.settings import read_settings

    outcome = Outcome()
    stream = stream or sys.stderr
    reporter = Reporter(outcome, stream, verbose)
    root_logger = logging.getLogger()
    saved = root_logger.handlers[:], root_logger.level
    root_logger.handlers = [reporter]
    root_logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    _reset_pelican_logging()
    start = time.perf_counter()
    staging, fresh = None, False
    wrote_nothing = False
    captured: dict = {}
    try:
        settings = read_settings(str(settings_file), override=dict(overrides or {}))
        reporter.content_path = settings["PATH"]
        final = Path(output or settings["OUTPUT_PATH"]).absolute()
        _guard_output(final, Path(settings["PATH"]))
        if settings.get("OLEA_REQUIRE_SITEURL") and not settings.get("SITEURL"):
            reporter.outcome.problems.append("no SITEURL")
            print(
                "error: the site's public address is not set.\n    How to fix: run "
                "with OLEA_SITEURL=https://your.domain (add the path for GitHub "
                "project pages), or set PUBLIC_SITEURL in publishconf.py.",
                file=stream,
            )
            return outcome
        loops = _symlink_loops(Path(settings["PATH"]))
        for link, target in loops:
            outcome.problems.append(f"{link}: loop")
            print(
                f"error: {_relpath(str(link))}: this link leads back to "
                f"{_relpath(str(target))}, a folder that contains it, so reading would "
                f"never end\n    How to fix: delete the link (the files it points to "
                f"stay where they are).",
                file=stream,
            )
        if loops:
            return outcome
        if settings.get("OLEA_BUILD_IN_PLACE"):
            # Development: write over the last build (much faster than a fresh
            # folder of 1000s of files), then prune what this build did not write.
            # Content errors stop the build before any page is written.
            staging = final
            final.mkdir(parents=True, exist_ok=True)
            # Into an empty folder (a first build, after make clean) nothing can
            # be stale: the walk through some 2,600 files is skipped.
            fresh = not any(final.iterdir())
        else:
            staging = final.with_name(f".{final.name}.building")
            shutil.rmtree(staging, ignore_errors=True)
        settings["OUTPUT_PATH"] = str(staging)
        pelican = Pelican(settings)
        written_after = time.time()

        def stop_if_problems(_generators):
            captured["generators"] = _generators
            # Writing pages from content already known to be wrong only adds
            # confusing follow-on errors: stop once everything is read and checked.
            if outcome.problems:
                raise _StopBeforeWriting

        signals.all_generators_finalized.connect(stop_if_problems, weak=False)
        try:
            pelican.run()
        finally:
            signals.all_generators_finalized.disconnect(stop_if_problems)
    except _StopBeforeWriting:
        wrote_nothing = True
    except SystemExit:
        raise
    except KeyboardInterrupt:
        outcome.problems.append("interrupted")
        print("error: interrupted; the output was left as it was.", file=stream)
    except Exception as exc:  # a bug in a template, plugin or setting, not in content
        outcome.problems.append(f"{type(exc).__name__}: {exc}")
        print(
            f"error: the build stopped: {type(exc).__name__}: {exc}\n    How to fix: "
            f"if you changed a template, plugin or setting, look there; run "
            f"`python -m olea.build --debug` for the traceback.",
            file=stream,
        )
        if debug:
            raise
    finally:
        root_logger.handlers, _ = saved
        root_logger.setLevel(saved[1])
    outcome.seconds = time.perf_counter() - start
    if staging is None:
        return outcome
    if before_swap is not None and not outcome.problems:
        for problem in before_swap(staging, settings, captured.get("generators", [])):
            outcome.problems.append(problem)
            print(f"error: {problem}", file=stream)
        outcome.seconds = time.perf_counter() - start
    if outcome.problems:
        n = len(outcome.problems)
        if staging != final:
            shutil.rmtree(staging, ignore_errors=True)
            state = f"nothing was written; {_relpath(str(final))}/ is as it was."
        elif wrote_nothing:
            state = f"no page was written; {_relpath(str(final))}/ is as it was."
        else:
            state = f"{_relpath(str(final))}/ may be half-built until the next good build."
        print(f"\n{n} problem{'s' * (n != 1)} found: {state}", file=stream)
        return outcome
    if staging == final:
        if not fresh:
            _prune(final, written_after, tuple(settings.get("OLEA_PRUNE_SKIP", ())))
        outcome.output = final
        return outcome
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    outcome.output = final
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of code errors")
    args = parser.parse_args(argv)
    outcome = build(args.settings, args.output, verbose=args.verbose, debug=args.debug)
    if outcome.ok:
        print(f"Built {_relpath(str(outcome.output))}/ in {outcome.seconds:.1f} s.")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
