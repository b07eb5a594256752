"""Session fixtures: the real site built once, and copies of the project for
builds that are meant to fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_file(*parts: str) -> Path:
    """A file from ../shared/, the data the tests read (never copied into the
    project); a clear failure, not a traceback, when the checkout is elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: clone the project beside the shared/ folder "
            "(as CI does), so that ../shared/data/ holds the schemas."
        )
    return path


CHROMIUM = os.environ.get("OLEA_CHROMIUM", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))
# Files a copy of the project needs to build as the real one does.
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "olea", "plugins", "theme")

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))


def run_build(
    project: Path, settings: str = "pelicanconf.py", env: dict | None = None, output: str = "output"
) -> subprocess.CompletedProcess:
    """Run the real build command in `project`, as `make html` does."""
    return subprocess.run(
        [sys.executable, "-m", "olea.build", "--settings", settings, "--output", output],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def copy_project(dest: Path, content: Path | None = None) -> Path:
    """A copy of the project's code with `content` (default: the real content)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        else:
            shutil.copy2(src, dest / name)
    shutil.copytree(content or ROOT / "content", dest / "content")
    # The site's shared data (the urgency box text) belongs to every build.
    if not (dest / "content/data").exists():
        shutil.copytree(ROOT / "content/data", dest / "content/data")
    return dest


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # test output, not an access log
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on loopback, as a static host would."""
    handler = partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. In CI a missing browser fails."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); CI runs these")
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
