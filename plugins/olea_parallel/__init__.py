"""Read articles on every core, not just one, when many need reading.

Pelican reads articles one after another: Markdown, then typogrify, about
2.5 ms an article, most of a cold build. When at least OLEA_PARALLEL_MIN
articles are not in the content cache (a fresh clone, a cleared cache, a
changed setting), they are read first in forked worker processes, one per
core, with the very reader Pelican would use; Pelican's own reading then
takes each result instead of reading the file again. Nothing else changes:
the same reader code runs, in the same order of messages, and Pelican's
cache stores the results as usual.

Why fork: the children start with every plugin already loaded and the
settings already read, so nothing is imported or pickled twice. Fork is only
safe in a process with one thread, so a build running beside other threads
(the devserver's) reads serially. A file a worker could not read (any
exception) is simply read again by Pelican, which reports the problem as it
always does.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pelican import signals

DEFAULTS = {
    "OLEA_PARALLEL": True,
    # Below this many uncached articles, starting workers costs more than it saves.
    "OLEA_PARALLEL_MIN": 64,
    "OLEA_PARALLEL_WORKERS": None,  # None: one per core this process may use
}

# What the workers read, by absolute path: (content, metadata, log records).
_READ: dict[str, tuple] = {}
# Other plugins' per-article work done in the workers too: (work, take) pairs.
_ALSO: list[tuple] = []
# The generator's Readers, for the forked workers (set before forking).
_READERS = None


def also_in_workers(work, take) -> None:
    """Run `work(settings, content, metadata)` in the worker that read an article,
    then `take(result)` here.

    For a pure function of an article's rendered body that a plugin would
    otherwise compute in the parent (olea_quality's checks of the text): the
    parent then finds it done. `take` runs before Pelican creates any article.
    """
    if (work, take) not in _ALSO:  # plugins register again on every build in one process
        _ALSO.append((work, take))


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


class _Collect(logging.Handler):
    """Keeps a worker's log records, to be logged again by the parent."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _work(path: str):
    root = logging.getLogger()
    collect = _Collect()
    saved = root.handlers[:]
    root.handlers = [collect]
    try:
        reader = _READERS.readers[os.path.splitext(path)[1][1:]]
        content, metadata = reader.read(path)
        also = [work(_READERS.settings, content, metadata) for work, _ in _ALSO]
        return path, (content, metadata, collect.records, also)
    except Exception:  # any failure: Pelican reads the file again and reports it its own way
        return path, None
    finally:
        root.handlers = saved


def _prefetching(read):
    def prefetched(source_path):
        found = _READ.pop(os.path.abspath(source_path), None)
        if found is None:
            return read(source_path)
        content, metadata, records, _ = found
        for record in records:
            logging.getLogger(record.name).handle(record)
        return content, metadata

    return prefetched


def read_ahead(generator) -> None:
    """Before Pelican reads the articles, read the uncached ones in parallel."""
    global _READERS
    settings = generator.settings
    _READ.clear()
    cores = setting(settings, "OLEA_PARALLEL_WORKERS") or (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    )
    if not setting(settings, "OLEA_PARALLEL") or (cores or 1) < 2:
        return
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return
    readers = generator.readers
    paths = [
        os.path.abspath(os.path.join(generator.path, f))
        for f in generator.get_files(
            settings["ARTICLE_PATHS"],
            exclude=settings["ARTICLE_EXCLUDES"],
            extensions=readers.extensions,
        )
    ]
    uncached = [p for p in paths if readers.get_cached_data(p, None) is None]
    if len(uncached) < setting(settings, "OLEA_PARALLEL_MIN"):
        return
    _READERS = readers
    chunk = max(1, len(uncached) // (cores * 8))
    context = multiprocessing.get_context("fork")
    try:
        # An executor, not a Pool: a worker that dies (killed, out of memory)
        # breaks it with an error instead of leaving the build waiting forever.
        with ProcessPoolExecutor(cores, mp_context=context) as pool:
            for path, found in pool.map(_work, uncached, chunksize=chunk):
                if found is not None:
                    _READ[path] = found
                    for (_, take), result in zip(_ALSO, found[3], strict=True):
                        take(result)
    except BrokenProcessPool:
        pass  # whatever was not read ahead, Pelican reads itself
    finally:
        _READERS = None
    for reader in readers.readers.values():
        reader.read = _prefetching(reader.read)


def forget(*_args) -> None:
    _READ.clear()  # files no generator read (excluded later) must not linger


def register() -> None:
    signals.article_generator_init.connect(read_ahead)
    signals.article_generator_finalized.connect(forget)
