"""Session fixtures: the real site built once (and published once), served over
HTTP and behind nginx, and Debian's Chromium.

The tests are in three folders: unit/ (each module of olea/ on a tiny fixture,
with a real Pelican run where it needs one), site/ (the built and published
site, and the build commands' behaviour), browser/ (what a visitor sees, in
Chromium: every test there is marked `browser`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    BROTLI_MODULE,
    CHROMIUM,
    NGINX,
    ROOT,
    copy_project,
    free_port,
    get,
    missing_tool,
    nginx_config,
    poll,
    serve_folder,
)


def pytest_terminal_summary(terminalreporter):
    """Outside CI, say how many tests a missing program skipped, and how to install it."""
    from olea.system import TOOLS, missing_sentence

    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        for tool in TOOLS:
            if missing_sentence(tool) in reason:
                counts[tool] = counts.get(tool, 0) + 1
    for tool, count in counts.items():
        terminalreporter.write_line(
            f"{count} test{'s' * (count != 1)} skipped: {missing_sentence(tool)} "
            "Then run make test again (CI runs them all)."
        )


def pytest_collection_modifyitems(items):
    # Everything under tests/browser/ runs in Chromium: marked so, wherever it is defined.
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with the real configuration."""
    from olea.build import build

    out = tmp_path_factory.mktemp("site") / "output"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outcome = build(
            str(ROOT / "pelicanconf.py"),
            out,
            overrides={"CACHE_PATH": str(out.parent / "cache"), "LOAD_CONTENT_CACHE": False},
        )
    finally:
        os.chdir(cwd)
    assert outcome.ok, "the real site must build:\n" + "\n".join(outcome.problems)
    return out


@pytest.fixture(scope="session")
def html_files(built_site) -> list[Path]:
    files = sorted(built_site.rglob("*.html"))
    assert files, "the build wrote no HTML"
    return files


@pytest.fixture(scope="session")
def article_slugs() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "content/articles").glob("*/index.md"))


@pytest.fixture(scope="session")
def model():
    """The site model (topics, regions) as the project's settings define it."""
    from olea import site

    return site.load(ROOT / "pelicanconf.py")


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on loopback, as a static host would."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. In CI a missing browser fails."""
    if not Path(CHROMIUM).exists():
        missing_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            # Root in a container needs --no-sandbox; the closed network needs
            # background networking off, or Chromium floods it with lookups.
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def new_context(browser):
    """Make browser contexts that are closed after the test."""
    made = []

    def make(**options):
        context = browser.new_context(**options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


# --- Publishing (olea/publish.py): the production site, published once -------------------
@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """A copy of the project published with make publish's command, as https://example.org."""
    project = copy_project(tmp_path_factory.mktemp("publish") / "project")
    result = subprocess.run(
        [sys.executable, "-m", "olea.publish", "--output", "output"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "OLEA_SITEURL": "https://example.org"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


@pytest.fixture(scope="session")
def nginx(published_site, tmp_path_factory):
    """The published site behind Debian's nginx, configured by its own _nginx.conf.

    nginx runs in the foreground on a loopback port with its prefix, pid and logs
    in a temporary folder, and is stopped at the end of the session.
    """
    if not Path(NGINX).exists() or not BROTLI_MODULE.exists():
        missing_tool("nginx")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, published_site, port))
    test = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True)
    assert test.returncode == 0, test.stderr.decode()
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"

    def answering():
        if proc.poll() is not None:
            pytest.fail(proc.stderr.read().decode())
        try:
            return get(base + "/")[0] == 200
        except OSError:
            return False

    try:
        poll(answering, timeout=10, what="nginx answering")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
