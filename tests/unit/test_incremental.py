"""Real Pelican runs on a copy of the fixture: incremental output equals a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT

from olea import incremental
from olea.build import build


def _build(content: Path, out: Path, cache: Path, incremental=True):
    outcome = build(
        str(ROOT / "pelicanconf.py"),
        out,
        overrides={
            "PATH": str(content),
            "CACHE_PATH": str(cache),
            "LOAD_CONTENT_CACHE": incremental,
            "OLEA_INCREMENTAL": incremental,
        },
    )
    assert outcome.ok, outcome.problems


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_only_changed_pages_are_rendered_and_the_result_equals_a_full_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/minimal", content)
    out, cache = tmp_path / "output", tmp_path / "cache"
    first = content / "articles/first-article/index.md"
    _build(content, out, cache)
    pages = [p for p in incremental.last_build()["rendered"] if p.endswith(".html")]
    mine = out / "first-article/index.html"
    assert len(pages) > 10  # listing pages (home, category, tags, archives) are among them

    first.write_text(first.read_text() + "\nClosingmarker\n")
    _build(content, out, cache)
    assert "Closingmarker" in mine.read_text()
    # A body edit renders that article alone: no listing shows an article's body.
    assert incremental.last_build()["rendered"] == [str(mine)]
    assert len(incremental.last_build()["kept"]) >= len(pages) - 1

    first.write_text(first.read_text().replace("Title: A first", "Title: A renamed first"))
    _build(content, out, cache)
    assert "A renamed first" in (out / "index.html").read_text()  # lists follow titles

    fresh = tmp_path / "fresh"
    _build(content, fresh, tmp_path / "fresh-cache", incremental=False)
    assert _files(out) == _files(fresh)


def test_a_theme_change_renders_every_page_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/minimal", content)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    out, cache = tmp_path / "output", tmp_path / "cache"

    def run():
        outcome = build(
            str(ROOT / "pelicanconf.py"),
            out,
            overrides={"PATH": str(content), "CACHE_PATH": str(cache), "THEME": str(theme)},
        )
        assert outcome.ok, outcome.problems

    run()
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- theme-marker --></body>"))
    run()
    for page in ("first-article/index.html", "second-article/index.html", "index.html"):
        assert "theme-marker" in (out / page).read_text(), page


def test_how_the_build_runs_does_not_render_pages_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/minimal", content)
    out, cache = tmp_path / "output", tmp_path / "cache"

    def run(**extra):
        overrides = {"PATH": str(content), "CACHE_PATH": str(cache), **extra}
        assert build(str(ROOT / "pelicanconf.py"), out, overrides=overrides).ok

    run()
    pages = incremental.last_build()["rendered"]
    run(OLEA_SEARCH_WAIT=False)  # as the devserver runs it
    assert incremental.last_build() == {"rendered": [], "kept": pages}
    run(SITENAME="Another name")  # what the pages show: every page again
    assert incremental.last_build() == {"rendered": pages, "kept": []}
