"""Index every build for search, so `make html`, the devserver and the tests'
builds have a working /search/ page, not only `make publish`.

Why a plugin on `finalized` rather than a step in olea/build.py: `finalized`
runs after every page is written, in every build that goes through Pelican
(devserver rebuilds included), and the build runner stays generic. Publish
builds turn it off (OLEA_SEARCH = False in publishconf.py) because
olea/publish.py indexes its staging folder itself, before compressing it.
"""

from __future__ import annotations

import logging
import os

from olea_common import report
from pelican import signals

DEFAULTS = {
    "OLEA_SEARCH": True,  # False: the build does not index (publish indexes after the build)
}


def index_site(pelican) -> None:
    if not pelican.settings.get("OLEA_SEARCH", DEFAULTS["OLEA_SEARCH"]):
        return
    from olea.search import SearchIndexError, index

    out = pelican.settings["OUTPUT_PATH"]
    if not os.path.isfile(os.path.join(out, "index.html")):
        return  # the build stopped before writing pages; its problems are reported already
    try:
        index(out)
    except (SearchIndexError, OSError) as error:
        report(
            out,
            0,
            f"the search index could not be built: {error}",
            "install the locked dependencies (make install), which include pagefind[bin].",
            logging.ERROR,
        )


def register() -> None:
    signals.finalized.connect(index_site)
