"""Index every build for search, so `make html`, the devserver and the tests'
builds have a working /search/ page, not only `make publish`.

Pagefind starts (olea.search.start, a separate process) as soon as Pelican has
written the articles, the only pages with something to index: it then works
on the second core while Pelican writes listing pages, and the build waits
for it at `finalized`. Pelican writes articles before any listing page, so the
first listing page written marks the moment; a build that rewrites no listing
page (an incremental rebuild) starts it at `finalized`.

Publish builds turn this off (OLEA_SEARCH = False in publishconf.py) because
olea/publish.py indexes its staging folder itself, before compressing it.
"""

from __future__ import annotations

import atexit
import logging
import os

from olea_common import report
from pelican import signals

DEFAULTS = {
    "OLEA_SEARCH": True,  # False: the build does not index (publish indexes after the build)
}

# This build's article pages and the Pagefind run, once started.
_STATE: dict = {"settings": None, "pages": None, "run": None}


def _on(settings) -> bool:
    return bool(settings.get("OLEA_SEARCH", DEFAULTS["OLEA_SEARCH"]))


def _report(settings, error) -> None:
    report(
        settings["OUTPUT_PATH"],
        0,
        f"the search index could not be built: {error}",
        "install the locked dependencies (make install), which include pagefind[bin].",
        logging.ERROR,
    )


def _start() -> None:
    from olea.search import SearchIndexError, start

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
    if _on(generator.settings):
        _STATE.update(settings=generator.settings, pages=[a.save_as for a in generator.articles])


def start_after_articles(path, context) -> None:
    if _STATE["pages"] and "article" not in context:
        _start()


def finish(pelican) -> None:
    from olea.search import SearchIndexError

    out = pelican.settings["OUTPUT_PATH"]
    if _STATE["pages"] and os.path.isfile(os.path.join(out, "index.html")):
        _start()
        run, _STATE["run"] = _STATE["run"], None
        if run is not None:
            try:
                run.wait()
            except (SearchIndexError, OSError) as error:
                _report(pelican.settings, error)
    _stop()


def _stop() -> None:
    """Forget the last build's state; end a run a failed build left going."""
    if _STATE["run"] is not None:
        _STATE["run"].stop()
    _STATE.update(settings=None, pages=None, run=None)


def register() -> None:
    atexit.register(_stop)  # a build that crashed mid-way must not leave Pagefind writing
    signals.article_generator_finalized.connect(note_articles)
    signals.content_written.connect(start_after_articles)
    signals.finalized.connect(finish)
