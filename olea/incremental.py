"""Render only the pages whose inputs changed (development builds only).

Pelican renders every page on every build. A page's output depends on
- the site as a whole: theme, plugins, settings, shared data, and every
  article's and page's listing data (address, title, summary, dates, category,
  tags, regions), which lists, navigation, related articles and neighbours show;
- for an article or a page, its own body.
So each write gets a fingerprint of those; when it matches the last build's
and the files are still there, the write is skipped and its files are touched
(olea.build prunes what a build did not touch). Editing one article's text
re-renders that article alone; changing a title re-renders everything.
A skipped page still sends `content_written`, with the page's own context:
its file holds this build's page, and listeners (olea.search starts indexing
when the first listing page is done) must see every page, written or kept.
What counts as changed is decided from content (hashes of the files and
values), never from file times.

On only when olea/build.py writes over the last build (OLEA_BUILD_IN_PLACE)
and the content cache is loaded; publish always renders every page.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.writers import Writer

from olea.compat import body
from olea.site import all_content

DEFAULTS = {"OLEA_INCREMENTAL": True}

# Arguments that carry content objects (whose repr holds a memory address): the
# article's or page's body is fingerprinted itself, lists by the site fingerprint.
_LISTS = ("article", "page", "articles", "all_articles", "dates", "paginated", "articles_page")

_STATE: dict = {"site": None, "old": {}, "new": {}, "db": None}
# The files the last build rendered and the ones it kept: what an author's save cost.
_LAST: dict = {"rendered": [], "kept": []}
_FINGERPRINTED = (
    "url",
    "title",
    "summary",
    "date",
    "modified",
    "category",
    "tags",
    "regions",
    "last_reviewed",
    "status",
    "template",
    "slug",
    "lang",
)


def _enabled(settings) -> bool:
    return bool(
        settings.get("OLEA_INCREMENTAL", DEFAULTS["OLEA_INCREMENTAL"])
        and settings.get("OLEA_BUILD_IN_PLACE")
        and settings.get("LOAD_CONTENT_CACHE")
    )


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "replace"))
        h.update(b"\0")
    return h.hexdigest()


def _tree_stamp(*folders) -> list:
    """Paths and content hashes of every file in the folders (theme, code, data)."""
    stamp = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as f:
                    stamp.append((os.path.join(root, name), hashlib.sha256(f.read()).hexdigest()))
    return sorted(stamp)


# Settings for how a build runs, not what it writes: changing them (the devserver
# builds with OLEA_SEARCH_WAIT off) must not render every page again.
_HOW_NOT_WHAT = ("OLEA_SEARCH_WAIT",)


def _plain_settings(settings) -> str:
    # Objects (functions, classes) have no stable text; their names stand for them.
    plain = {k: v for k, v in settings.items() if k.isupper() and k not in _HOW_NOT_WHAT}
    return json.dumps(plain, sort_keys=True, default=lambda o: type(o).__name__)


def _listing(item) -> tuple:
    return tuple(repr(getattr(item, key, None)) for key in _FINGERPRINTED)


def fingerprint_site(generators) -> None:
    """After all content is read: one fingerprint for everything every page may show."""
    settings = generators[0].settings
    _STATE.update(site=None, new={})
    _LAST.update(rendered=[], kept=[])
    if not _enabled(settings):
        return
    items = [_listing(it) for it in all_content(generators)]
    here = Path(__file__).resolve().parent  # the site's own code
    _STATE["site"] = _digest(
        _plain_settings(settings),
        _tree_stamp(settings["THEME"], str(here), settings.get("OLEA_DATA_PATH") or ""),
        sorted(items),
    )
    _STATE["db"] = Path(settings["CACHE_PATH"]) / "olea-rendered.pickle"
    try:
        with open(_STATE["db"], "rb") as f:
            _STATE["old"] = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError):
        _STATE["old"] = {}


def cache_templates(generator) -> None:
    """Keep compiled templates between builds, as Pelican keeps read content.

    Each generator compiles its templates afresh on every build; with Jinja's
    bytecode cache a rebuild loads them instead. Keyed by each template's
    source, so an edited template is compiled again.
    """
    settings = generator.settings
    if _enabled(settings):
        folder = Path(settings["CACHE_PATH"]) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


class IncrementalWriter(Writer):
    """Pelican's writer, skipping writes whose fingerprint and files are unchanged."""

    def write_file(self, name, template, context, *args, **kwargs):
        site = _STATE["site"]
        if site is None:
            return super().write_file(name, template, context, *args, **kwargs)
        own = [kwargs.get(k) for k in ("article", "page")]
        bodies = [body(o) for o in own if o is not None]
        key = _digest(
            name,
            getattr(template, "name", template),
            sorted((k, repr(v)) for k, v in kwargs.items() if k not in _LISTS),
        )
        fp = _digest(site, key, bodies)
        old = _STATE["old"].get(key)
        if old and old[0] == fp and old[1] and all(os.path.exists(p) for p in old[1]):
            for path in old[1]:
                os.chmod(path, os.stat(path).st_mode)  # touched: the prune keeps it
            _STATE["new"][key] = old
            _LAST["kept"] += old[1]
            if signals.content_written.receivers:
                kept = {**context, **kwargs}
                for path in old[1]:
                    signals.content_written.send(path, context=kept)
            return None
        written: list[str] = []

        def collect(path, context=None):
            written.append(path)

        signals.content_written.connect(collect)
        try:
            result = super().write_file(name, template, context, *args, **kwargs)
        finally:
            signals.content_written.disconnect(collect)
        _STATE["new"][key] = (fp, written)
        _LAST["rendered"] += written
        return result


def last_build() -> dict[str, list[str]]:
    """{"rendered": [...], "kept": [...]}: the files the last build wrote and left as they were."""
    return {k: sorted(v) for k, v in _LAST.items()}


def choose_writer(pelican):
    return IncrementalWriter if _enabled(pelican.settings) else None


def save_fingerprints(pelican) -> None:
    if _STATE["site"] is None or _STATE["db"] is None:
        return
    try:
        _STATE["db"].parent.mkdir(parents=True, exist_ok=True)
        tmp = _STATE["db"].with_suffix(".tmp")
        with open(tmp, "wb") as f:
            pickle.dump(_STATE["new"], f)
        os.replace(tmp, _STATE["db"])
    except OSError:
        pass  # the next build renders everything: slower, never wrong
    _STATE.update(site=None, old={}, new={}, db=None)
