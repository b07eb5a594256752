"""The site's search index: Pagefind run over a built site.

Pagefind (the PyPI wheel carries its binary, so nothing is downloaded) reads the
built HTML and writes OUTPUT/pagefind/: a WebAssembly search engine and index
fragments that the /search/ page loads from the site itself, so search needs no
server and works under any sub-path. Only elements marked data-pagefind-body
(the article) are indexed, never the navigation around them.

Usage: python -m olea.search [OUTPUT]   (olea/publish.py calls index(output_dir))
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def index(output_dir) -> Path:
    """Index the built site in `output_dir`; returns the folder Pagefind wrote."""
    site = Path(output_dir)
    if not (site / "index.html").is_file():
        raise SearchIndexError(f"{site}: no built site to index (index.html is missing)")
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed on {site}:\n{result.stdout}{result.stderr}")
    return site / "pagefind"


if __name__ == "__main__":
    print(index(sys.argv[1] if len(sys.argv) > 1 else "output"))
