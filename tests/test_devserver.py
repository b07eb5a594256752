"""The real devserver (`invoke devserver`), run on a copy of the project with
the fixture content, so the real content/ is never touched."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_project, free_port

pytestmark = pytest.mark.browser

ARTICLE = Path("content/articles/first-article/index.md")
# livereload reloads every open page once just after it starts (serve.py's
# restart_delay=0, so that tabs left open across a restart refresh). The test
# waits that out after the pages connect, then edits. serve.py turns off
# livereload's 3 s reload throttle; the second save below proves it.
LIVERELOAD_QUIET_SECONDS = 4
RELOAD_TIMEOUT = 20


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


def _wait_until_serving(proc: subprocess.Popen, url: str, log: Path, timeout=120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the devserver exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the devserver did not answer {url} in {timeout} s:\n{log.read_text()}")


def _open_with_livereload(context, url: str):
    """Open `url` and wait until livereload.js has registered with the server."""
    page = context.new_page()
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    page.goto(url, wait_until="load")
    deadline = time.monotonic() + 15
    # The client says hello, the server answers, then the client sends "info":
    # from then on the server counts this page among those it reloads.
    while not any('"info"' in frame for frame in sent):
        assert time.monotonic() < deadline, f"livereload never connected from {url}: {sent}"
        page.wait_for_timeout(100)
    # Mark this document, so that a reload shows as the mark's absence. If a
    # reload lands at this very moment, mark the new document instead.
    for _ in range(20):
        try:
            page.wait_for_load_state("load")
            page.evaluate("window.__oleaNotReloaded = true")
            return page
        except Exception:  # the page is between two documents
            page.wait_for_timeout(200)
    raise AssertionError(f"{url} kept reloading before the test could mark it")


def _h1(page) -> str | None:
    try:
        if page.evaluate("window.__oleaNotReloaded === true"):
            return None
        text = page.evaluate(
            "document.querySelector('h1') && document.querySelector('h1').textContent"
        )
    except Exception:  # the page is between two documents
        return None
    return re.sub(r"\s+", " ", text or "").strip()


def _wait_for_title(pages, title, log) -> None:
    for page in pages:
        deadline = time.monotonic() + RELOAD_TIMEOUT
        while _h1(page) != title:
            assert time.monotonic() < deadline, (
                f"{page.url} did not reload to {title!r} within {RELOAD_TIMEOUT} s "
                f"(h1: {_h1(page)!r}).\nDevserver log:\n{log.read_text()}"
            )
            page.wait_for_timeout(200)


def test_devserver_reloads_the_open_page_on_save(browser, tmp_path):
    project = _project(tmp_path)
    port = free_port()
    log = tmp_path / "devserver.log"
    proc = _start(project, port, log)
    context = browser.new_context()
    try:
        _wait_until_serving(proc, f"http://127.0.0.1:{port}/first-article/", log)
        # The README's address (localhost) and the loopback address both work.
        pages = [
            _open_with_livereload(context, f"http://{host}:{port}/first-article/")
            for host in ("localhost", "127.0.0.1")
        ]
        time.sleep(LIVERELOAD_QUIET_SECONDS)

        new_title = "A retitled fixture article about saving"
        source = project / ARTICLE
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"(?m)^Title: .*$", f"Title: {new_title}", text, count=1))

        _wait_for_title(pages, new_title, log)
        # A second save straight after the first shows too (no reload is skipped).
        for page in pages:
            page.evaluate("window.__oleaNotReloaded = true")
        second_title = "A second title saved straight after"
        source.write_text(re.sub(r"(?m)^Title: .*$", f"Title: {second_title}", text, count=1))
        _wait_for_title(pages, second_title, log)
        assert "Rebuilt in" in log.read_text()
    finally:
        context.close()
        _stop(proc)


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
