"""Real Pelican runs on the fixture: reading in workers changes the speed, not the site.

OLEA_PARALLEL_MIN = 1 and two workers make the fixture's two articles go
through the workers, whatever this machine's core count. Each build runs in a
fresh process, as `make html` does: the plugin forks only a process with one
thread, and a test session has others (servers, browsers).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/minimal"

PARALLEL = {"OLEA_PARALLEL_MIN": 1, "OLEA_PARALLEL_WORKERS": 2}
SERIAL = {"OLEA_PARALLEL": False}

# Counts what the build process itself reads and measures (work done in the
# workers is counted in their copies, which this process never sees).
BUILD = """
import io, json, os, sys
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
import olea_quality
from olea.build import build
from olea_typogrify import TypogrifiedMarkdownReader as MarkdownReader  # the site's reader
from pelican.writers import Writer
from jinja2 import Environment

calls = {"read": [], "grade": 0, "rendered": [], "compiled": []}
real_read, real_grade, real_render = MarkdownReader.read, olea_quality.grade, Writer.write_file
real_compile = Environment.compile

PARENT = os.getpid()

def read(self, path):
    if os.environ.get("KILL_WORKER_ON") and os.environ["KILL_WORKER_ON"] in path:
        if os.getpid() != PARENT:
            os._exit(9)  # a worker dying as an out-of-memory kill would end it
    calls["read"].append(Path(path).name if "pages" in path else Path(path).parent.name)
    return real_read(self, path)

def grade(text):
    calls["grade"] += 1
    return real_grade(text)

def render(self, name, template, context, *args, **kwargs):
    if kwargs.get("article") is not None and os.getpid() == PARENT:
        calls["rendered"].append(name)
    if os.environ.get("BREAK_TEMPLATE_ON", "@") in name and os.getpid() != PARENT:
        raise RuntimeError("a template failed on " + name)
    return real_render(self, name, template, context, *args, **kwargs)

def compile(self, source, name=None, *args, **kwargs):
    if os.getpid() == PARENT:
        calls["compiled"].append(name)
    return real_compile(self, source, name, *args, **kwargs)

MarkdownReader.read, olea_quality.grade, Writer.write_file = read, grade, render
Environment.compile = compile
stream = io.StringIO()
out, overrides = sys.argv[2], json.loads(sys.argv[3])
outcome = build(sys.argv[1] + "/pelicanconf.py", out, overrides=overrides, stream=stream)
print(json.dumps({"ok": outcome.ok, "said": stream.getvalue(), **calls}))
"""


def _build(tmp_path, name, content=FIXTURE, env=None, **extra) -> dict:
    overrides = {
        "PATH": str(content),
        "CACHE_PATH": str(tmp_path / f"cache-{name}"),
        "OLEA_SEARCH": False,  # not what this tests; keeps each run short
        **extra,
    }
    command = [sys.executable, "-c", BUILD, str(ROOT), str(tmp_path / name), json.dumps(overrides)]
    env = {**os.environ, **(env or {})}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in out.rglob("*.html")}


def test_parallel_and_serial_builds_write_the_same_site(tmp_path):
    serial = _build(tmp_path, "serial", **SERIAL)
    assert serial["ok"], serial["said"]
    assert {"first-article", "second-article"} <= set(serial["read"])
    assert serial["grade"] >= 2
    parallel = _build(tmp_path, "parallel", **PARALLEL)
    assert parallel["ok"], parallel["said"]
    # The articles were read, and checked, in the workers: this process did neither.
    assert parallel["read"] == ["about.md"]
    assert parallel["grade"] == 0
    # Of the two article pages, this process wrote one; a second process the other.
    assert len(serial["rendered"]) == 2 and len(parallel["rendered"]) == 1
    # The workers, done reading, compiled the templates: this process compiled none.
    assert "article.html" in serial["compiled"] and "base.html" in serial["compiled"]
    assert parallel["compiled"] == []
    assert _pages(tmp_path / "parallel") == _pages(tmp_path / "serial")


def test_a_worker_that_dies_costs_time_not_the_build(tmp_path):
    serial = _build(tmp_path, "serial", **SERIAL)
    broken = _build(tmp_path, "broken", env={"KILL_WORKER_ON": "second-article"}, **PARALLEL)
    assert broken["ok"], broken["said"]
    assert "second-article" in broken["read"]  # read again here, after the worker died
    assert _pages(tmp_path / "broken") == _pages(tmp_path / "serial")
    assert serial["ok"]


def test_a_warm_cache_is_not_read_or_rendered_again(tmp_path):
    first = _build(tmp_path, "warm", **PARALLEL)
    assert first["ok"], first["said"]
    pages = {p: p.stat().st_mtime_ns for p in (tmp_path / "warm").rglob("*.html")}
    again = _build(tmp_path, "warm", **PARALLEL)
    assert again["ok"], again["said"]
    assert again["read"] == []  # everything came from Pelican's content cache
    # What the writing processes rendered was recorded here too: nothing is rendered again.
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "warm").rglob("*.html")} == pages


def test_a_page_a_writing_process_fails_on_fails_the_build(tmp_path):
    # Whichever article page the second process takes, rendering it fails there.
    broken = _build(tmp_path, "broken", env={"BREAK_TEMPLATE_ON": "index.html"}, **PARALLEL)
    assert not broken["ok"]
    assert re.search(r"a template failed on [a-z-]+-article/index\.html", broken["said"])
    assert "Traceback" not in broken["said"]


def _with_article(tmp_path, text: str | bytes) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    folder = content / "articles/odd-one"
    folder.mkdir()
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / "index.md").write_bytes(data)
    return content


SECOND = (FIXTURE / "articles/second-article/index.md").read_text()
HARD = " ".join(["Notwithstanding considerable interdisciplinary methodological heterogeneity"] * 6)


@pytest.mark.parametrize(
    ("text", "read_here"),
    [
        # A warning raised inside the reader (a worker, here) must still fail the build.
        (SECOND.replace("Date:", "Date: 2026-01-01\nDate:", 1), False),
        # A file the reader cannot decode makes the worker fail: Pelican reads it again.
        ("Title: Caf\xe9 latin-1\n\nBody.\n".encode("latin-1"), True),
        # Read in a worker and failing a gate there: the parent checks it and reports.
        (SECOND + "\n" + HARD + ".\n", False),
    ],
    ids=["reader-warning", "undecodable", "grade-too-high"],
)
def test_problems_are_reported_the_same_way(tmp_path, text, read_here):
    content = _with_article(tmp_path, text)
    serial = _build(tmp_path, "serial", content, **SERIAL)
    parallel = _build(tmp_path, "parallel", content, **PARALLEL)
    assert not serial["ok"] and not parallel["ok"]
    assert "odd-one" in serial["said"]
    assert parallel["said"].replace("/parallel/", "/serial/") == serial["said"]
    assert ("odd-one" in parallel["read"]) == read_here
