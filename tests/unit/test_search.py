"""Real Pelican runs on the fixture: the index holds this build's articles, no more."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import ROOT

from olea.build import build

FIXTURE = ROOT / "tests/fixtures/minimal"


def _indexed(out: Path) -> int:
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    return sum(lang["page_count"] for lang in entry["languages"].values())


def test_an_article_deleted_since_the_last_build_leaves_the_index(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    # Development builds write over the last build, so the deleted article's old
    # page is still in output/ while this build runs (it is pruned at the end).
    assert build(str(ROOT / "pelicanconf.py"), out, overrides=overrides).ok
    assert _indexed(out) == 2
    shutil.rmtree(content / "articles/second-article")
    (content / "articles/first-article/index.md").write_text(
        (content / "articles/first-article/index.md")
        .read_text()
        .replace("[the second article]({filename}../second-article/index.md#a-section)", "it")
    )
    assert build(str(ROOT / "pelicanconf.py"), out, overrides=overrides).ok
    assert not (out / "second-article").exists()
    assert _indexed(out) == 1
    assert [p.name for p in out.parent.iterdir()] == ["output"]  # nothing written beside it


def test_only_the_pages_given_are_indexed_even_with_odd_names(tmp_path):
    from olea.search import index

    site = tmp_path / "site"
    body = (
        "<html lang='en'><body><main data-pagefind-body><h1>{}</h1><p>{}</p></main></body></html>"
    )
    pages = {"a,b/index.html": "comma", "c*/index.html": "star", "{d}/index.html": "brace"}
    for rel, word in {**pages, "left-out/index.html": "skipped"}.items():
        (site / rel).parent.mkdir(parents=True)
        (site / rel).write_text(body.format(word, word))
    index(site, sorted(pages))
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(pages)


def test_a_background_index_keeps_the_old_one_until_the_new_one_is_whole(tmp_path, monkeypatch):
    import threading

    from olea import search

    # Hold the background run until the build has returned, as a slow index would.
    release, real_wait = threading.Event(), search.Indexing.wait
    monkeypatch.setattr(search.Indexing, "wait", lambda run: release.wait(60) and real_wait(run))

    content, out = tmp_path / "content", tmp_path / "site" / "output"
    shutil.copytree(FIXTURE, content)
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    release.set()
    assert build(str(ROOT / "pelicanconf.py"), out, overrides=overrides).ok
    release.clear()
    old = sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*"))
    article = content / "articles/second-article/index.md"
    article.write_text(article.read_text() + "\nZanzibarmarker appears in the body.\n")

    later = {**overrides, "OLEA_SEARCH_WAIT": False}
    assert build(str(ROOT / "pelicanconf.py"), out, overrides=later).ok
    # The build has returned and pruned: the old index is still whole and in use.
    running = search.background_run()
    assert running is not None
    assert sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*")) == old
    release.set()
    running.join(timeout=60)
    assert _indexed(out) == 2
    words = b"".join(p.read_bytes() for p in (out / "pagefind").rglob("*.pf_fragment"))
    assert words and sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
    new = sorted(p.relative_to(out) for p in (out / "pagefind").rglob("*"))
    assert new != old  # the edited article's fragment has a new name
