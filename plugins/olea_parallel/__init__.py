"""Read articles on every core, not just one, when many need reading.

Pelican reads articles one after another: Markdown, typogrify and the text
checks, a few milliseconds an article, most of a cold build. When at least
OLEA_PARALLEL_MIN articles are not in the content cache (a fresh clone, a
cleared cache, a changed setting), forked worker processes, one per core,
read them with the very reader Pelican would use, while Pelican's own loop
takes each result as it comes to that file instead of reading it again.
Nothing else changes: the same reader code runs, in the same order of
messages, and Pelican's cache stores the results as usual.

Once they have read everything, the workers compile the theme's templates
into Jinja's bytecode cache (when the build keeps one: olea_incremental's),
while this process does what comes between reading and writing; the writing
processes then load the templates instead of compiling them.

Writing works the same way: when at least OLEA_PARALLEL_MIN articles are
to be written, each core's process renders every n-th article page (the
listing pages follow in this process). What a child did comes back to this
process: its log records, the files it wrote (content_written is sent again
here for each), and whatever other plugins registered with `bring_back`
(olea_incremental's record of what was rendered).

Why fork: the children start with every plugin already loaded and the
settings already read, so nothing is imported or pickled twice. Fork is only
safe in a process with one thread, so a build running beside other threads
(the devserver's) reads serially. A file a worker could not read (any
exception) is simply read again by Pelican, which reports the problem as it
always does.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import multiprocessing
import os
import pickle
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
# The generator's Readers and Jinja environment, for the forked workers (set before forking).
_READERS = None
_ENV = None
# While workers read: their executor, its results in order, the paths not yet taken.
_STREAM: dict | None = None
# Other plugins' state a writing child changes: name -> (export, merge).
_BACK: dict = {}


def also_in_workers(work, take) -> None:
    """Run `work(settings, content, metadata)` in the worker that read an article,
    then `take(result)` here.

    For a pure function of an article's rendered body that a plugin would
    otherwise compute in the parent (olea_quality's checks of the text): the
    parent then finds it done. `take` runs before Pelican creates any article.
    """
    if (work, take) not in _ALSO:  # plugins register again on every build in one process
        _ALSO.append((work, take))


def bring_back(name: str, export, merge) -> None:
    """After a writing child is done, `merge(export())` runs here with its result."""
    _BACK[name] = (export, merge)


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


def _compile(names: list[str]) -> None:
    """In a worker with nothing left to read: compile templates into the bytecode cache.

    The writing processes then load each one instead of compiling it, on a
    core that would otherwise wait for this process's checks between reading
    and writing. A template that fails to compile is compiled again when
    Pelican needs it, and reported then, as always.
    """
    for name in names:
        # Any error: Pelican meets it again when it needs the template, and reports it.
        with contextlib.suppress(Exception):
            _ENV.get_template(name)


def _next_result() -> None:
    """Take the workers' next result into _READ (or stop, when there is none)."""
    try:
        path, found = next(_STREAM["results"])
    except (StopIteration, BrokenProcessPool):  # a dead worker: Pelican reads the rest itself
        _stop_reading_ahead()
        return
    _STREAM["pending"].discard(path)
    if found is not None:
        for (_, take), result in zip(_ALSO, found[3], strict=True):
            take(result)
        _READ[path] = found


def _prefetching(read):
    def prefetched(source_path):
        path = os.path.abspath(source_path)
        # Results come in Pelican's order of reading: wait for this one, if a worker has it.
        while path not in _READ and _STREAM is not None and path in _STREAM["pending"]:
            _next_result()
        found = _READ.pop(path, None)
        if found is None:
            return read(source_path)
        content, metadata, records, _ = found
        for record in records:
            logging.getLogger(record.name).handle(record)
        return content, metadata

    prefetched.__wrapped__ = read
    return prefetched


def _stop_reading_ahead(*_args) -> None:
    global _STREAM, _READERS, _ENV
    if _STREAM is not None:
        # Joins the executor's thread too: forking to write pages needs one thread.
        _STREAM["pool"].shutdown(wait=True, cancel_futures=True)
    _STREAM = _READERS = _ENV = None


def _frozen_for_fork(start):
    """Run `start` (which forks) with this process's objects frozen.

    A child's garbage collector would otherwise walk every object it inherited,
    writing to each one and so copying the memory pages that hold them: in a
    build of 1,000 articles, 4 to 15 % of all its CPU time in our A/B runs. Frozen
    objects are left out of collections. They stay frozen here too, sparing this
    process's collector the same walks (and the last one, as Python exits),
    until a next build in the same process starts (`thaw`).
    """
    gc.freeze()
    return start()


def thaw(*_args) -> None:
    """Let the collector see the last build's objects again (a no-op when none are frozen)."""
    gc.unfreeze()


def _cores(settings) -> int:
    """How many processes to use: 1 when forking is off, unsafe or pointless."""
    if not setting(settings, "OLEA_PARALLEL"):
        return 1
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # fork is only safe in a process with one thread
    cores = setting(settings, "OLEA_PARALLEL_WORKERS") or (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    )
    return max(1, cores or 1)


def read_ahead(generator) -> None:
    """As Pelican starts reading the articles, read the uncached ones in parallel."""
    global _READERS, _STREAM, _ENV
    settings = generator.settings
    _stop_reading_ahead()  # left running by a build that failed while reading
    _READ.clear()
    cores = _cores(settings)
    if cores < 2:
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
    _READERS, _ENV = readers, generator.env
    chunk = max(1, len(uncached) // (cores * 8))
    # An executor, not a Pool: a worker that dies (killed, out of memory) breaks
    # it with an error instead of leaving the build waiting forever. Pelican
    # starts reading here while the workers go on, taking each result as it
    # needs it: what it does with each article overlaps their reading.
    pool = ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork"))
    _STREAM = {
        "pool": pool,
        # The workers are forked on the first submission, inside map().
        "results": _frozen_for_fork(lambda: pool.map(_work, uncached, chunksize=chunk)),
        "pending": set(uncached),
    }
    # Then the theme's templates, shared out, if there is a cache to compile them into.
    if generator.env.bytecode_cache is not None:
        names = sorted(n for n in generator.env.list_templates() if not n.startswith("!"))
        for share in range(cores):
            try:
                pool.submit(_compile, names[share::cores])
            except BrokenProcessPool:  # a worker died already: Pelican reads and compiles
                break
    for reader in readers.readers.values():
        if not hasattr(reader.read, "__wrapped__"):
            reader.read = _prefetching(reader.read)


def forget(*_args) -> None:
    _READ.clear()  # files no generator read (excluded later) must not linger


def _write_share(original, write, share: int, shares: int) -> list:
    """Run Pelican's own article loop, writing every `shares`-th page from `share`.

    Returns the files written, by the order of the write that wrote them.
    """
    written: list = []
    count = iter(range(1 << 62))

    def mine(name, template, context, **kwargs):
        n = next(count)
        if n % shares == share:
            paths: list[str] = []

            def collect(path, context=None):
                paths.append(path)

            signals.content_written.connect(collect)
            try:
                write(name, template, context, **kwargs)
            finally:
                signals.content_written.disconnect(collect)
            written.append((n, paths))

    original(mine)
    return written


def _child(original, write, share: int, shares: int, out: int) -> None:
    root = logging.getLogger()
    collect = _Collect()
    root.handlers = [collect]
    try:
        written = _write_share(original, write, share, shares)
        back = {name: export() for name, (export, _) in _BACK.items()}
        result = ("ok", written, back, collect.records)
    except BaseException as error:
        result = ("error", f"{type(error).__name__}: {error}", {}, collect.records)
    try:
        with os.fdopen(out, "wb") as pipe:
            pickle.dump(result, pipe)
    finally:
        os._exit(0)


def _write_articles(generator, original, write) -> None:
    """Pelican's generate_articles, its pages shared out among forked processes."""
    settings = generator.settings
    shares = _cores(settings)
    total = len(generator.articles) + len(generator.translations)
    if shares < 2 or total < setting(settings, "OLEA_PARALLEL_MIN"):
        return original(write)
    children = []
    for share in range(1, shares):
        read_end, write_end = os.pipe()
        pid = _frozen_for_fork(os.fork)
        if pid == 0:
            os.close(read_end)
            _child(original, write, share, shares, write_end)
        os.close(write_end)
        children.append((pid, read_end))
    # Signals about the pages a child writes are sent here once it is done.
    try:
        _write_share(original, write, 0, shares)
    except BaseException:
        for pid, read_end in children:  # no process left behind when this one fails
            os.close(read_end)
            os.waitpid(pid, 0)
        raise
    # Pelican's own order of article pages, to name each page a child wrote.
    pages = [
        *generator.translations,
        *generator.articles,
        *getattr(generator, "hidden_translations", []),
        *getattr(generator, "hidden_articles", []),
    ]
    # The writer remembers what it wrote, to warn if a later page overwrites one.
    known = getattr(getattr(write, "func", None), "__self__", None)
    known = getattr(known, "_written_files", None)
    failures = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()  # before waiting: a full pipe would block the child
        os.waitpid(pid, 0)
        try:
            status, written, back, records = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            failures.append("a process writing article pages ended without its report")
            continue
        for record in records:
            logging.getLogger(record.name).handle(record)
        if status != "ok":
            failures.append(written)
            continue
        for name, value in back.items():
            _BACK[name][1](value)
        for n, paths in written:
            context = {**generator.context, "article": pages[n]} if n < len(pages) else {}
            for path in paths:
                if known is not None:
                    known.add(path)
                signals.content_written.send(path, context=context)
    if failures:
        raise RuntimeError("; ".join(failures))


def share_article_writing(generator) -> None:
    """Let the article generator's own loop run in every process, each writing its share."""
    original = generator.generate_articles
    generator.generate_articles = functools.partial(_write_articles, generator, original)


def register() -> None:
    signals.initialized.connect(thaw)
    signals.article_generator_init.connect(read_ahead)
    signals.article_generator_finalized.connect(forget)
    # The workers may still be compiling templates: wait for them only as writing starts.
    signals.get_writer.connect(_stop_reading_ahead)
    signals.article_generator_finalized.connect(share_article_writing)
