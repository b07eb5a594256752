"""The real devserver (`invoke devserver`), run on a copy of the project with
the fixture content, so the real content/ is never touched."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, copy_project, free_port, get, poll

ARTICLE = Path("content/articles/first-article/index.md")
OTHER = Path("content/articles/second-article/index.md")
TIMEOUT = 30  # seconds for a rebuild to reach the page


def _project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project", FIXTURES / "minimal")
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")  # invoke reads tasks.py from cwd
    return project


def _start(project: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "invoke", "devserver", "--port", str(port)],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended as a whole below
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture
def devserver(tmp_path):
    """A running devserver on the fixture: (project, base URL, log file)."""
    project = _project(tmp_path)
    port = free_port()
    log = tmp_path / "devserver.log"
    proc = _start(project, port, log)

    def serving():
        if proc.poll() is not None:
            pytest.fail(f"the devserver exited ({proc.returncode}):\n{log.read_text()}")
        try:
            return get(f"http://127.0.0.1:{port}/first-article/")[0] == 200
        except OSError:
            return False

    try:
        poll(serving, timeout=120, what="the devserver answering")
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        _stop(proc)


def _open(context, url: str):
    """Open `url` and wait until its reload script has heard from the server."""
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("document.documentElement.hasAttribute('data-olea-build')")
    page.evaluate("window.__oleaNotReloaded = true")  # gone once the page reloads
    return page


def _h1(page) -> str | None:
    """The reloaded page's heading (None while the page is the one first opened)."""
    try:
        if page.evaluate("window.__oleaNotReloaded === true"):
            return None
        text = page.evaluate(
            "document.querySelector('h1') && document.querySelector('h1').textContent"
        )
    except Exception:  # the page is between two documents
        return None
    return re.sub(r"\s+", " ", text or "").strip()


def _wait_for_h1(page, heading: str, log: Path) -> None:
    def shown():
        return _h1(page) == heading

    try:
        poll(shown, timeout=TIMEOUT, every=0.1, what=f"{page.url} showing {heading!r}")
    except BaseException:
        print(f"h1: {_h1(page)!r}\nDevserver log:\n{log.read_text()}")
        raise
    page.evaluate("window.__oleaNotReloaded = true")


def _retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^Title: .*$", f"Title: {title}", text, count=1), encoding="utf-8")


def test_the_open_page_reloads_on_every_save(new_context, devserver):
    project, base, log = devserver
    context = new_context()
    # The README's address (localhost) and the loopback address both work.
    port = base.rsplit(":", 1)[1]
    pages = [
        _open(context, f"http://{host}:{port}/first-article/")
        for host in ("localhost", "127.0.0.1")
    ]
    _retitle(project / ARTICLE, "A retitled fixture article about saving")
    for page in pages:
        _wait_for_h1(page, "A retitled fixture article about saving", log)
    # A second save straight after the first shows too (no reload is skipped).
    _retitle(project / ARTICLE, "A second title saved straight after")
    for page in pages:
        _wait_for_h1(page, "A second title saved straight after", log)
    assert "Rebuilt in" in log.read_text()
    # The reload script is the devserver's own: nothing of it is in the built site.
    assert b"__olea__" not in (project / "output/first-article/index.html").read_bytes()


def test_a_failed_rebuild_shows_its_problems_in_the_page_until_fixed(new_context, devserver):
    project, base, log = devserver
    page = _open(new_context(), f"{base}/first-article/")
    source = project / ARTICLE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("Category: Causes", "Category: Causez"), encoding="utf-8")
    _wait_for_h1(page, "The site was not rebuilt", log)
    problems = page.inner_text("main")
    assert f"{ARTICLE.as_posix()}:4: 'Causez' is not a category" in problems, problems
    assert "How to fix: use 'Causes'." in problems, problems
    # Every address of the site shows the problems meanwhile, not a stale page.
    assert get(f"{base}/")[0] == 500
    source.write_text(good, encoding="utf-8")
    _wait_for_h1(page, "A first \u201ctest\u201d article about NICE guidance", log)


def test_every_rebuild_reports_a_broken_article_even_from_the_cache(devserver):
    """Eight saves of another file: each rebuild reads the broken article from the
    content cache, and each reports its problems again."""
    project, _base, log = devserver
    broken = project / ARTICLE
    text = broken.read_text(encoding="utf-8")
    # A tag with no letters (Pelican warns about it once) and a key given twice
    # (Pelican warns while reading, which the cache then skips).
    text = text.replace("Tags: t1, massage", "Tags: t1, massage, ???")
    text = text.replace("Category: Causes", "Category: Causes\nCategory: Treatments")
    broken.write_text(text, encoding="utf-8")
    slug = f"{ARTICLE.as_posix()}:6: the tag '???' has no letters or digits"
    twice = f"{ARTICLE.as_posix()}:5: 'Category:' is given twice"
    poll(lambda: log.read_text().count(slug) == 1, timeout=TIMEOUT, what="the first report")
    other = project / OTHER
    for n in range(2, 10):
        other.write_text(
            other.read_text(encoding="utf-8") + f"\nSave number {n}.\n", encoding="utf-8"
        )
        poll(lambda n=n: log.read_text().count(slug) == n, timeout=TIMEOUT, what=f"report {n}")
    said = log.read_text()
    assert said.count(slug) == 9 and said.count(twice) == 9, said
    assert "Traceback" not in said


def test_devserver_refuses_to_start_when_the_first_build_fails(tmp_path):
    project = _project(tmp_path)
    source = project / ARTICLE
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"(?m)^Date: .*$", "Date: the fifth of January", text, count=1))
    port = free_port()
    log = tmp_path / "devserver.log"
    proc = _start(project, port, log)
    try:
        proc.wait(timeout=180)
    finally:
        _stop(proc)
    output = log.read_text()
    assert proc.returncode != 0, f"the devserver started despite a bad Date:\n{output}"
    assert str(ARTICLE) in output, f"the message does not name {ARTICLE}:\n{output}"
    assert "Traceback" not in output, output
    assert "Serving" not in output, output
