"""Strict every time: the same bad content fails every build, whatever the cache holds."""

from __future__ import annotations

import io

import pytest
from helpers import FIXTURES, copy_project, run_build

ARTICLE = "content/articles/first-article/index.md"
# Each is a warning Pelican raises once: a tag with no letters (when its address is
# first worked out, and the cached tag keeps the empty one), a key given twice
# (while reading, which a cached read skips), an image with empty alt text
# (Pelican groups these after five in a process).
BREAKAGES = {
    "empty slug": (
        "Tags: t1, massage",
        "Tags: t1, massage, ???",
        f"{ARTICLE}:5: the tag '???' has no letters or digits to make a web address from",
    ),
    "key twice": (
        "Category: Causes",
        "Category: Causes\nCategory: Treatments",
        f"{ARTICLE}:5: 'Category:' is given twice; only the first one is used",
    ),
    "empty alt": (
        "This fixture exists for the build's own tests [@nice2020].",
        "This fixture exists for the build's own tests [@nice2020].\n\n![](photo.png)",
        "the image photo.png has no alt text",
    ),
}


@pytest.fixture(params=sorted(BREAKAGES))
def broken(request, tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "minimal")
    old, new, message = BREAKAGES[request.param]
    source = project / ARTICLE
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    (source.parent / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return project, message


def test_three_builds_in_three_processes_all_fail(broken):
    project, message = broken
    for n in range(3):
        result = run_build(project)
        assert result.returncode == 1, f"build {n + 1} passed:\n{result.stderr}"
        assert message in result.stderr, f"build {n + 1}:\n{result.stderr}"
        assert "Traceback" not in result.stderr
    assert any((project / "cache").iterdir()), "the builds after the first had a warm cache"


@pytest.mark.parametrize("edit", [False, True], ids=["from the cache", "read again"])
def test_three_builds_in_one_process_all_fail(broken, monkeypatch, edit):
    """As the devserver builds: one process, the article unchanged (from the cache)
    or saved again with the same mistake (read again, the same warning raised again)."""
    from olea.build import build

    project, message = broken
    monkeypatch.chdir(project)
    source = project / ARTICLE
    for n in range(3):
        if edit:
            source.write_text(source.read_text(encoding="utf-8") + f"\nSaved {n}.\n")
        said = io.StringIO()
        outcome = build(project / "pelicanconf.py", project / "output", stream=said)
        assert not outcome.ok, f"build {n + 1} passed"
        assert message in said.getvalue(), f"build {n + 1}:\n{said.getvalue()}"


def test_publish_fails_too(broken):
    project, message = broken
    assert run_build(project).returncode == 1  # a warm cache beside it, which publish ignores
    result = run_build(project, "publishconf.py", {"OLEA_SITEURL": "https://example.org"})
    assert result.returncode == 1 and message in result.stderr, result.stderr


def test_more_than_five_of_one_kind_are_all_reported(tmp_path):
    """Pelican would say 'Other images have empty alt attributes' after five: none is grouped."""
    project = copy_project(tmp_path / "project", FIXTURES / "minimal")
    source = project / ARTICLE
    images = "\n\n".join(f"![](photo{n}.png)" for n in range(8))
    source.write_text(source.read_text(encoding="utf-8") + "\n\n" + images + "\n")
    for n in range(8):
        (source.parent / f"photo{n}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for _ in range(2):
        result = run_build(project)
        for n in range(8):
            assert f"the image photo{n}.png has no alt text" in result.stderr, result.stderr
