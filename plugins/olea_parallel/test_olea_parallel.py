"""Real Pelican runs on the fixture: reading in workers changes the speed, not the site.

OLEA_PARALLEL_MIN = 1 and two workers make the fixture's two articles go
through the workers, whatever this machine's core count.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/minimal"
sys.path.insert(0, str(ROOT))

import olea_quality  # noqa: E402
from pelican.readers import MarkdownReader  # noqa: E402

from olea.build import build  # noqa: E402

PARALLEL = {"OLEA_PARALLEL_MIN": 1, "OLEA_PARALLEL_WORKERS": 2}
SERIAL = {"OLEA_PARALLEL": False}


def _build(tmp_path, name, content=FIXTURE, **extra):
    stream = io.StringIO()
    overrides = {
        "PATH": str(content),
        "CACHE_PATH": str(tmp_path / f"cache-{name}"),
        "OLEA_SEARCH": False,  # not what this tests; keeps each run short
        **extra,
    }
    outcome = build(
        str(ROOT / "pelicanconf.py"), tmp_path / name, overrides=overrides, stream=stream
    )
    return outcome, stream.getvalue()


def _pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in out.rglob("*.html")}


@pytest.fixture
def counted(monkeypatch):
    """Markdown reads and grade measurements done in this process (not in workers)."""
    calls = {"read": [], "grade": 0}
    real_read, real_grade = MarkdownReader.read, olea_quality.grade

    def read(self, path):
        calls["read"].append(Path(path).name if "pages" in path else Path(path).parent.name)
        return real_read(self, path)

    def grade(text):
        calls["grade"] += 1
        return real_grade(text)

    monkeypatch.setattr(MarkdownReader, "read", read)
    monkeypatch.setattr(olea_quality, "grade", grade)
    return calls


def test_parallel_and_serial_builds_write_the_same_site(tmp_path, counted):
    serial, _ = _build(tmp_path, "serial", **SERIAL)
    assert serial.ok, serial.problems
    assert {"first-article", "second-article"} <= set(counted["read"])
    assert counted["grade"] >= 2
    counted["read"].clear()
    counted["grade"] = 0
    parallel, _ = _build(tmp_path, "parallel", **PARALLEL)
    assert parallel.ok, parallel.problems
    # The articles were read, and graded, in the workers: this process did neither.
    assert counted["read"] == ["about.md"]
    assert counted["grade"] == 0
    assert _pages(tmp_path / "parallel") == _pages(tmp_path / "serial")


def test_a_warm_cache_is_not_read_again(tmp_path, counted):
    first, _ = _build(tmp_path, "warm", **PARALLEL)
    assert first.ok, first.problems
    counted["read"].clear()
    again, _ = _build(tmp_path, "warm", **PARALLEL)
    assert again.ok, again.problems
    assert counted["read"] == []  # everything came from Pelican's content cache


def _with_article(tmp_path, text: str | bytes) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    folder = content / "articles/odd-one"
    folder.mkdir()
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / "index.md").write_bytes(data)
    return content


@pytest.mark.parametrize(
    "text",
    [
        # A warning raised inside the reader (a worker, here) must still fail the build.
        (FIXTURE / "articles/second-article/index.md")
        .read_text()
        .replace("Date:", "Date: 2026-01-01\nDate:", 1),
        # A file the reader cannot decode makes the worker fail: Pelican reads it again.
        "Title: Caf\xe9 latin-1\n\nBody.\n".encode("latin-1"),
        # Reading well but failing the gates: the grade measured in a worker still counts.
        (FIXTURE / "articles/second-article/index.md").read_text()
        + "\n"
        + " ".join(
            [
                "Notwithstanding considerable interdisciplinary methodological "
                "heterogeneity, contemporaneous investigations"
            ]
            * 6
        )
        + ".\n",
    ],
    ids=["reader-warning", "undecodable", "grade-too-high"],
)
def test_problems_are_reported_the_same_way(tmp_path, text):
    content = _with_article(tmp_path, text)
    serial, serial_says = _build(tmp_path, "serial", content, **SERIAL)
    parallel, parallel_says = _build(tmp_path, "parallel", content, **PARALLEL)
    assert not serial.ok and not parallel.ok
    assert "odd-one" in serial_says
    assert parallel_says.replace("/parallel/", "/serial/") == serial_says
