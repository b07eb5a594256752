"""The site's search index: Pagefind run over a built site.

Pagefind (the PyPI wheel carries its binary, so nothing is downloaded) reads the
built HTML and writes OUTPUT/pagefind/: a WebAssembly search engine and index
fragments that the /search/ page loads from the site itself, so search needs no
server and works under any sub-path. Only elements marked data-pagefind-body
(the article) are indexed, never the navigation around them.

Two ways in:
- `index(site)` indexes every page of a finished site and waits (make publish,
  on its staging folder);
- `start(site, pages)` indexes just the listed pages in a separate process and
  returns at once; `.wait()` collects it. Development builds start it as soon as
  the articles are written, so Pagefind works on the second core while Pelican
  writes the listing pages; and because it is given this build's articles, not
  the folder, an article deleted since the last build (its old page is still in
  an in-place build until the build prunes it) is never indexed. Pagefind
  parses only those pages, not the listing pages around them.

Usage: python -m olea.search [OUTPUT]
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


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


if __name__ == "__main__":
    print(index(sys.argv[1] if len(sys.argv) > 1 else "output"))
