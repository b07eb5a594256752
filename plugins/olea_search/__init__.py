"""Index every build for search, so `make html`, the devserver and the tests'
builds have a working /search/ page, not only `make publish`.

Pagefind starts (olea.search.start, a separate process) as soon as Pelican has
written the articles, the only pages with something to index: it then works
on the second core while Pelican writes listing pages. Pelican writes articles
before any listing page, so the first listing page written (or kept, in an
incremental rebuild) marks the moment.

The build waits for it at `finalized`, except in the devserver's rebuilds
(OLEA_SEARCH_WAIT = False): there the page reloads as soon as it is written
and the index, about a second of work at 1000 articles, follows in the
background; the old index serves until the new one replaces it whole, and the
next build first waits for it.

Publish builds turn this off (OLEA_SEARCH = False in publishconf.py) because
olea/publish.py indexes its staging folder itself, before compressing it.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading

from olea_common import report
from pelican import signals

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
        from olea.search import SearchIndexError

        _start()
        run, _STATE["run"] = _STATE["run"], None
        if run is not None and not pelican.settings.get(
            "OLEA_SEARCH_WAIT", DEFAULTS["OLEA_SEARCH_WAIT"]
        ):
            # The build's prune must leave the index alone: the old one serves
            # until the new one, being written beside it, replaces it.
            pelican.settings["OLEA_PRUNE_SKIP"] = ("pagefind", ".pagefind-*")
            _STATE["later"] = threading.Thread(target=_finish_later, args=(run,), daemon=True)
            _STATE["later"].start()
        elif run is not None:
            try:
                run.wait()
            except (SearchIndexError, OSError) as error:
                _report(pelican.settings, error)
    _stop()


def _finish_later(run) -> None:
    from olea.search import SearchIndexError

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


def wait_for_index() -> None:
    """Return once an index finishing in the background is in place."""
    if _STATE["later"] is not None:
        _STATE["later"].join()


def _at_exit() -> None:
    # A build that crashed mid-way must not leave Pagefind writing; an index
    # finishing in the background is let finish (make html exits only after it).
    _stop()
    wait_for_index()


def register() -> None:
    atexit.unregister(_at_exit)  # plugins register again on every build in one process
    atexit.register(_at_exit)
    signals.article_generator_finalized.connect(note_articles)
    signals.content_written.connect(start_after_articles)
    signals.finalized.connect(finish)
