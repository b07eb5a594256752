"""Run Pelican the Olea way.

- Strict: any warning or error fails the build (the rule of Pelican's
  `--fatal warnings`), but every problem is reported first, not just the first.
- Clean: each message names the file and line and says how to fix it; bad
  content never prints a traceback (`--debug` shows one for code errors).
- Safe: content errors stop the build before a single page is written, so
  output/ keeps the last good site. Development builds write over the last
  build and then delete what this one did not write (stale pages never
  survive); publish builds into a fresh folder swapped into place only when
  the build and its verification succeeded.

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
from pathlib import Path

from olea.problems import relpath
from olea.strict import Outcome, Reporter, quiet_no_more

ROOT = Path(__file__).resolve().parent.parent


# Settings that say how a build runs, not what reading a file gives.
_HOW_NOT_WHAT = (
    "OUTPUT_PATH",
    "CACHE_PATH",
    "LOAD_CONTENT_CACHE",
    "CACHE_CONTENT",
    "OLEA_SEARCH_WAIT",
    # Which files a language reads, and how its pages pair with the other
    # languages' (set between reading and writing): not how a file reads.
    "ARTICLE_PATHS",
    "PAGE_PATHS",
    "IGNORE_FILES",
    "OLEA_ALTERNATES",
    "OLEA_SUBSITES",
)


def _cache_for_this_reading(settings, lang: str = "en") -> str:
    """The content cache's folder for these settings and this code, in CACHE_PATH/LANG/.

    Pelican keys its content cache by each file's own stamp only, so a change
    to how files are read (the Markdown extensions, typogrify's settings, the
    site's reader, a library upgrade) would keep serving what the old way read.
    So each way of reading has a cache folder of its own, named by a digest of
    the settings and the reading code; the folders of other ways are removed.
    """
    import hashlib
    import json
    from importlib.metadata import version

    import olea.reader

    plain = {k: v for k, v in settings.items() if k.isupper() and k not in _HOW_NOT_WHAT}
    code = Path(olea.reader.__file__).read_bytes() + Path(__file__).read_bytes()
    versions = [version(name) for name in ("pelican", "markdown", "typogrify", "smartypants")]
    digest = hashlib.sha256(
        json.dumps([plain, versions], sort_keys=True, default=lambda o: type(o).__name__).encode()
        + code
    ).hexdigest()[:16]
    base = Path(settings["CACHE_PATH"]) / lang
    if base.is_dir():
        for old in base.iterdir():
            if old.is_dir() and old.name != digest and re.fullmatch(r"[0-9a-f]{16}", old.name):
                shutil.rmtree(old, ignore_errors=True)
    return str(base / digest)


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
    started is stale. Top-level names matching `skip` are managed by their own
    step (the search index, which replaces itself whole, maybe in the background).
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


def _run(settings, outcome: Outcome, captured: dict, *, write: bool) -> bool:
    """One Pelican run of one language's site; False if it stopped before writing.

    With `write` False the run stops once everything is read and checked (every
    language is checked so before any is written); with `write` True it stops
    there only if something was reported.
    """
    from pelican import Pelican, signals

    pelican = Pelican(settings)
    # After Pelican has loaded the plugin (and so every logger there is):
    # no message is held back because an earlier build showed it.
    quiet_no_more()

    def stop_if_problems(_generators):
        captured["generators"] = _generators
        # Writing pages from content already known to be wrong only adds
        # confusing follow-on errors: stop once everything is read and checked.
        if outcome.problems or not write:
            raise _StopBeforeWriting

    signals.all_generators_finalized.connect(stop_if_problems, weak=False)
    try:
        pelican.run()
    except _StopBeforeWriting:
        return False
    finally:
        signals.all_generators_finalized.disconnect(stop_if_problems)
    return True


def build(
    settings_file: str | os.PathLike = "pelicanconf.py",
    output: str | os.PathLike | None = None,
    *,
    overrides: dict | None = None,
    verbose: bool = False,
    debug: bool = False,
    stream=None,
    before_swap=None,
    check_only: bool = False,
) -> Outcome:
    """Build the site, every language; swap it into `output` only if no problem was reported.

    With more than one language (olea.languages), every language is read and
    checked before any is written, so a mistake in one stops them all; the
    pages each writes tell the others which versions each page has.

    `before_swap(sites)` runs on the finished build before it replaces
    `output`, given each language's (folder, settings, generators), the main
    site first (make publish indexes, compresses and verifies there); the
    problems it returns fail the build like any other. `check_only` reads and
    checks every language and writes nothing.
    """
    from pelican.settings import read_settings

    from olea import languages, site
    from olea.search import PAGEFIND_OUTPUT

    outcome = Outcome()
    stream = stream or sys.stderr
    reporter = Reporter(outcome, stream, verbose)
    root_logger = logging.getLogger()
    saved = root_logger.handlers[:], root_logger.level
    root_logger.handlers = [reporter]
    root_logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    start = time.perf_counter()
    staging, fresh = None, False
    wrote_nothing = False
    sites: list[tuple[Path, dict, list]] = []
    try:
        settings = read_settings(str(settings_file), override=dict(overrides or {}))
        reporter.content_path = settings["PATH"]
        final = Path(output or settings["OUTPUT_PATH"]).absolute()
        _guard_output(final, Path(settings["PATH"]))
        if settings.get("OLEA_REQUIRE_SITEURL") and not settings.get("SITEURL"):
            reporter.outcome.problems.append("no SITEURL")
            print(
                "error: the site's public address is not set: set PUBLIC_SITEURL in "
                'publishconf.py once, for example PUBLIC_SITEURL = "https://www.example.org".',
                file=stream,
            )
            return outcome
        loops = _symlink_loops(Path(settings["PATH"]))
        for link, target in loops:
            outcome.problems.append(f"{link}: loop")
            print(
                f"error: {relpath(str(link))}: this link leads back to "
                f"{relpath(str(target))}, a folder that contains it, so reading would "
                f"never end\n    How to fix: delete the link (the files it points to "
                f"stay where they are).",
                file=stream,
            )
        if loops:
            return outcome
        if check_only:
            staging = None
        elif settings.get("OLEA_BUILD_IN_PLACE"):
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
        root = staging or final
        langs = languages.languages(settings)
        # Each language with something to build, and the settings that build it.
        runs = []
        for lang in langs:
            changes = languages.overrides(lang, settings, langs)
            if changes is not None:
                merged = {**dict(overrides or {}), **changes}
                runs.append((lang, read_settings(str(settings_file), override=merged)))
        written_after = time.time()
        pages_by_lang = {}
        if len(runs) > 1 or check_only:
            # Every language read and checked before any is written.
            for lang, lang_settings in runs:
                captured: dict = {}
                lang_settings["OUTPUT_PATH"] = str(languages.output_for(lang, root))
                lang_settings["CACHE_PATH"] = _cache_for_this_reading(lang_settings, lang.code)
                _run(lang_settings, outcome, captured, write=False)
                gens = captured.get("generators") or []
                pages_by_lang[lang] = site.pages(gens, lang_settings) if gens else []
            if outcome.problems or check_only:
                wrote_nothing = True
                raise _StopBeforeWriting
        versions = languages.alternates(pages_by_lang) if len(runs) > 1 else {}
        for lang, lang_settings in runs:
            captured = {}
            lang_settings["OUTPUT_PATH"] = str(languages.output_for(lang, root))
            lang_settings["CACHE_PATH"] = _cache_for_this_reading(lang_settings, lang.code)
            lang_settings["OLEA_ALTERNATES"] = versions.get(lang.code, {})
            lang_settings["OLEA_SUBSITES"] = [other.prefix for other, _ in runs if not other.main]
            if not _run(lang_settings, outcome, captured, write=True):
                wrote_nothing = not sites
                break
            sites.append(
                (Path(lang_settings["OUTPUT_PATH"]), lang_settings, captured.get("generators", []))
            )
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
        for problem in before_swap(sites):
            outcome.problems.append(problem)
            print(f"error: {problem}", file=stream)
        outcome.seconds = time.perf_counter() - start
    if outcome.problems:
        n = len(outcome.problems)
        if staging != final:
            shutil.rmtree(staging, ignore_errors=True)
            state = f"nothing was written; {relpath(str(final))}/ is as it was."
        elif wrote_nothing:
            state = f"no page was written; {relpath(str(final))}/ is as it was."
        else:
            state = f"{relpath(str(final))}/ may be half-built until the next good build."
        print(f"\n{n} problem{'s' * (n != 1)} found: {state}", file=stream)
        return outcome
    if staging == final:
        if not fresh:
            # Each language's site prunes its own folder; a sub-site's folder
            # is the sub-site's, never stale to the main site.
            for folder, lang_settings, _ in sites:
                subsites = tuple(p.rstrip("/") for p in lang_settings.get("OLEA_SUBSITES", []))
                skip = (*PAGEFIND_OUTPUT, *subsites) if folder == final else PAGEFIND_OUTPUT
                _prune(folder, written_after, skip)
            # A language that has nothing to build any more leaves nothing behind.
            for lang in langs:
                built = {folder for folder, _, _ in sites}
                gone = languages.output_for(lang, final)
                if not lang.main and gone not in built and gone.is_dir():
                    shutil.rmtree(gone, ignore_errors=True)
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
        print(f"Built {relpath(str(outcome.output))}/ in {outcome.seconds:.1f} s.")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
