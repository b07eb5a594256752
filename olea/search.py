"""The site's search index: Pagefind run over the built site.

Pagefind (the PyPI wheel carries its binary, so nothing is downloaded) reads the
built HTML and writes OUTPUT/pagefind/: a WebAssembly search engine and index
fragments that the /search/ page loads from the site itself, so search needs no
server and works under any sub-path. Only elements marked data-pagefind-body
(the article) are indexed, never the navigation around them.

Two ways in:
- `index(site)` indexes every page of a finished site and waits (make publish,
  on its staging folder);
- every other build is indexed by the handlers below: `start(site, pages)`
  indexes just this build's articles in a separate process as soon as they are
  written (Pelican writes articles before any listing page, so the first
  listing page written, or kept by an incremental rebuild, marks the moment),
  and Pagefind works on the second core while Pelican writes the listing
  pages. Because it is given this build's articles, not the folder, an article
  deleted since the last build is never indexed.

The build waits for the index at `finalized`, except in the devserver's
rebuilds (OLEA_SEARCH_WAIT = False): there the page reloads as soon as it is
written and the index follows in the background; the old index serves until
the new one replaces it whole (`PAGEFIND_OUTPUT` is never pruned by a build),
and the next build first waits for it. Publish builds turn this off
(OLEA_SEARCH = False in publishconf.py): olea.publish indexes its staging
folder itself, before compressing it.

Usage: python -m olea.search [OUTPUT]
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from olea.problems import report


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


class Indexing:
    """A Pagefind run under way; `wait()` puts its index in place and returns the folder.

    Pagefind writes into a fresh hidden folder beside the old index, which
    stays in use until the new one is complete and replaces it (two renames):
    a visitor never meets half an index, even while it is rebuilt in the
    background.
    """

    def __init__(self, process: subprocess.Popen, output: Path, fresh: Path, scratch: Path | None):
        self.process, self.output, self.fresh, self.scratch = process, output, fresh, scratch

    def wait(self, timeout: float = 300) -> Path:
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise SearchIndexError(f"pagefind took more than {timeout:g} s") from None
        finally:
            self._clean()
        if self.process.returncode != 0:
            shutil.rmtree(self.fresh, ignore_errors=True)
            raise SearchIndexError(f"pagefind failed on {self.output.parent}:\n{out}")
        old = self.fresh.with_name(self.fresh.name + "-old")
        if self.output.exists():
            self.output.rename(old)
        self.fresh.rename(self.output)
        shutil.rmtree(old, ignore_errors=True)
        return self.output

    def stop(self) -> None:
        """End the run and write nothing more (a build that failed after starting it)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        self._clean()
        shutil.rmtree(self.fresh, ignore_errors=True)

    def _clean(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


_GLOB_SPECIAL = re.compile(r"([\\*?\[\]{},!])")


def _config_for(site: Path, pages: Iterable[str], output: Path) -> Path:
    """A scratch folder holding a pagefind.json that names just `pages`.

    The list goes in a config file, not the command line, which has a length
    limit a large site would pass; each path is escaped so that no name reads
    as a pattern.
    """
    scratch = Path(tempfile.mkdtemp(prefix="olea-search-"))
    names = ",".join(_GLOB_SPECIAL.sub(r"\\\1", Path(p).as_posix()) for p in pages)
    config = {"site": str(site), "glob": "{" + names + "}", "output_path": str(output)}
    (scratch / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    return scratch


@functools.cache
def _pagefind() -> list[str]:
    """The Pagefind program: the binary its pinned wheel ships, run directly.

    `python -m pagefind` starts a Python process only to find that binary and
    exec it, a tenth of a second at the end of every build. It remains the
    fallback when the wheel's binary cannot be found.
    """
    try:
        from pagefind_bin import get_executable

        return [str(get_executable().absolute())]
    except (ImportError, OSError):
        return [sys.executable, "-m", "pagefind"]


def start(output_dir, pages: Iterable[str] | None = None) -> Indexing:
    """Start indexing `pages` (paths relative to the site; None: every page)."""
    site = Path(output_dir).absolute()
    if pages is None and not (site / "index.html").is_file():
        raise SearchIndexError(f"{site}: no built site to index (index.html is missing)")
    for leftover in site.glob(".pagefind-*"):  # from a run killed before it finished
        shutil.rmtree(leftover, ignore_errors=True)
    fresh = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site))
    fresh.chmod(0o755)  # mkdtemp's folder is private; web servers must read this one
    if pages is None:
        scratch = None
        command = [*_pagefind(), "--site", str(site)]
        command += ["--output-path", str(fresh)]
    else:  # Pagefind reads pagefind.json from the folder it runs in
        scratch = _config_for(site, pages, fresh)
        command = _pagefind()
    process = subprocess.Popen(
        command, cwd=scratch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return Indexing(process, site / "pagefind", fresh, scratch)


def index(output_dir, pages: Iterable[str] | None = None) -> Path:
    """Index the built site in `output_dir` and wait; returns the folder Pagefind wrote."""
    return start(output_dir, pages).wait()


# --- Indexing every build -------------------------------------------------------------
# What a build's prune must leave alone: the index and the one being written beside it.
PAGEFIND_OUTPUT = ("pagefind", ".pagefind-*")

DEFAULTS = {
    "OLEA_SEARCH": True,  # False: the build does not index (publish indexes after the build)
    "OLEA_SEARCH_WAIT": True,  # False: finish the index in the background (devserver)
}

# This build's article pages, the Pagefind run once started, and a run
# finishing in the background after its build.
_STATE: dict = {"settings": None, "pages": None, "run": None, "later": None}


def _on(settings) -> bool:
    return bool(settings.get("OLEA_SEARCH", DEFAULTS["OLEA_SEARCH"]))


def _report(settings, error) -> None:
    report(
        settings["OUTPUT_PATH"],
        0,
        f"the search index could not be built: {error}",
        "delete .venv and run the command again: it is set up anew from requirements.lock, "
        "which includes pagefind[bin].",
    )


def _start() -> None:
    settings, pages = _STATE["settings"], _STATE["pages"]
    if _STATE["run"] is not None or not pages:
        return
    try:
        _STATE["run"] = start(settings["OUTPUT_PATH"], pages)
    except (SearchIndexError, OSError) as error:
        _STATE["pages"] = None
        _report(settings, error)


def note_articles(generator) -> None:
    """Remember which pages this build indexes: its published articles."""
    _stop()
    wait_for_index()  # the last build's index goes in place before this one starts
    _STATE["later"] = None
    if _on(generator.settings):
        _STATE.update(settings=generator.settings, pages=[a.save_as for a in generator.articles])


def start_after_articles(path, context) -> None:
    if _STATE["pages"] and "article" not in context:
        _start()


def finish(pelican) -> None:
    out = pelican.settings["OUTPUT_PATH"]
    if _STATE["pages"] and os.path.isfile(os.path.join(out, "index.html")):
        _start()
        run, _STATE["run"] = _STATE["run"], None
        if run is not None and not pelican.settings.get(
            "OLEA_SEARCH_WAIT", DEFAULTS["OLEA_SEARCH_WAIT"]
        ):
            _STATE["later"] = threading.Thread(target=_finish_later, args=(run,), daemon=True)
            _STATE["later"].start()
        elif run is not None:
            try:
                run.wait()
            except (SearchIndexError, OSError) as error:
                _report(pelican.settings, error)
    _stop()


def _finish_later(run) -> None:
    try:
        run.wait()
    except (SearchIndexError, OSError) as error:
        # The build has returned and its report is printed: say it plainly here.
        print(f"error: the search index could not be rebuilt: {error}", file=sys.stderr)


def _stop() -> None:
    """Forget this build's state; end a run a failed build left going."""
    if _STATE["run"] is not None:
        _STATE["run"].stop()
    _STATE.update(settings=None, pages=None, run=None)


def background_run() -> threading.Thread | None:
    """The last build's index, if it is still being finished in the background."""
    later = _STATE["later"]
    return later if later is not None and later.is_alive() else None


def wait_for_index() -> None:
    """Return once an index finishing in the background is in place."""
    if _STATE["later"] is not None:
        _STATE["later"].join()


@atexit.register
def _at_exit() -> None:
    # A build that crashed mid-way must not leave Pagefind writing; an index
    # finishing in the background is let finish (make html exits only after it).
    _stop()
    wait_for_index()


if __name__ == "__main__":
    print(index(sys.argv[1] if len(sys.argv) > 1 else "output"))
