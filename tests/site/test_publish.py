"""make publish: compressed, host-configured, verified, and swapped in only when verified."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from helpers import ROOT, copy_project

from olea import publish
from olea.hosting import inline_hashes


def _publish(project: Path, siteurl: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "olea.publish", "--output", "output"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "OLEA_SITEURL": siteurl},
    )


def test_every_text_file_has_exact_gzip_and_brotli_copies(published_site):
    texts = [
        p
        for p in published_site.rglob("*")
        if p.suffix in publish.COMPRESSIBLE and p.name != publish.MANIFEST
    ]
    assert any(p.suffix == ".html" for p in texts) and any(p.suffix == ".xml" for p in texts)
    for path in texts:
        original = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original


def test_output_has_every_page_the_content_implies(published_site, article_slugs):
    assert (published_site / "index.html").is_file()
    for slug in article_slugs:
        assert (published_site / slug / "index.html").is_file(), slug
    # about.md is at about/, its translation about.es.md at es/about/.
    for source in (ROOT / "content/pages").glob("*.md"):
        name, _, lang = source.stem.partition(".")
        folder = published_site / lang / name if lang else published_site / name
        assert (folder / "index.html").is_file(), source.name
    assert not (published_site / "drafts").exists()


def test_manifest_matches_the_output_and_verification_passes(published_site):
    record = json.loads((published_site / publish.MANIFEST).read_text())
    assert record["verified"] and record["siteurl"] == "https://example.org"
    assert "index.html" in record["files"] and "index.html.br" in record["files"]
    assert publish.check_manifest(published_site) == []
    assert publish.verify(published_site, "https://example.org") == []


def test_csp_hash_is_that_of_the_style_the_plugin_inlines(published_site):
    """The header's hash is computed from the built pages; it must equal the inlined style's."""
    from olea.templates import csp_hash, stylesheet

    css = stylesheet(str(ROOT / "theme"))
    styles, scripts = inline_hashes(published_site)
    assert f"'{csp_hash(css)}'" in styles
    headers = (published_site / "_headers").read_text()
    for source in [*styles, *scripts]:
        assert source in headers


@pytest.fixture
def verified_copy(published_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(published_site, copy)
    return copy


def test_verification_catches_what_must_not_go_live(verified_copy):
    site = verified_copy
    about = site / "about/index.html"
    about.write_text(
        about.read_text().replace(
            "</body>",
            '<a href="/no-such-page/">x</a><script src="http://localhost:8000/livereload.js">'
            "</script></body>",
        )
    )
    (site / "drafts/x").mkdir(parents=True)
    (site / "drafts/x/index.html").write_text("<p>draft</p>")
    problems = "\n".join(publish.verify(site, "https://example.org"))
    assert "broken link: about/index.html: a.href=/no-such-page/" in problems
    assert "development address or script 'http://localhost" in problems
    assert "drafts/: a draft folder was written" in problems
    assert "about/index.html.gz: missing or stale" in problems
    # An edited output no longer matches its manifest, so deploy will refuse it.
    assert "differs from its verified publish" in publish.check_manifest(site)[0]


def test_empty_or_unverified_output_is_refused(tmp_path, verified_copy):
    (tmp_path / "empty").mkdir()
    assert "empty" in publish.check_manifest(tmp_path / "empty")[0]
    (verified_copy / publish.MANIFEST).unlink()
    assert "no _publish.json" in publish.check_manifest(verified_copy)[0]
    assert publish.verify(tmp_path / "empty", "")[0].endswith("empty or partial")


def test_failed_verification_leaves_the_last_good_output(tmp_path):
    """A development address as SITEURL builds, but fails verification: no swap."""
    project = copy_project(tmp_path / "project")
    good = project / "output"
    good.mkdir()
    (good / "index.html").write_text("the last good site")
    result = _publish(project, "http://localhost:8000")
    assert result.returncode == 1
    assert "development address" in result.stderr
    assert (good / "index.html").read_text() == "the last good site"
    assert sorted(p.name for p in good.iterdir()) == ["index.html"]
    assert not (project / ".output.building").exists()


def test_no_command_deletes_content(tmp_path):
    """Publishing into the project or content folder is refused; make clean spares content/."""
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "tasks.py", project / "tasks.py")
    articles = sorted(p.name for p in (project / "content/articles").iterdir())
    for output in (".", "content", "content/articles"):
        result = subprocess.run(
            [sys.executable, "-m", "olea.publish", "--output", output],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "OLEA_SITEURL": "https://example.org"},
        )
        assert result.returncode != 0 and "refusing" in result.stderr, output
        assert sorted(p.name for p in (project / "content/articles").iterdir()) == articles
    assert _publish(project, "https://example.org").returncode == 0
    assert (project / "output/index.html").is_file()
    clean = subprocess.run(
        [sys.executable, "-m", "invoke", "clean"], cwd=project, capture_output=True, text=True
    )
    assert clean.returncode == 0, clean.stderr
    assert not (project / "output").exists()
    assert sorted(p.name for p in (project / "content/articles").iterdir()) == articles


def test_verification_expects_every_page_pelican_generated(tmp_path):
    """The page list is the site model's, from Pelican's own generators: articles,
    pages, categories, tags, regions, the lists."""
    from olea import site
    from olea.build import build

    seen = {}

    def record(sites):
        folder, settings, generators = sites[0]
        seen["expected"] = sorted(a.save_as for a in site.pages(generators, settings))
        (folder / seen["expected"][-1]).unlink()  # a page lost after the build
        return publish.verify(folder, settings["SITEURL"], generators, settings)

    out = tmp_path / "output"
    outcome = build(
        ROOT / "publishconf.py",
        out,
        overrides={"SITEURL": "https://example.org", "CACHE_PATH": str(tmp_path / "cache")},
        before_swap=record,
    )
    articles = list((ROOT / "content/articles").glob("*/index.md"))
    pages = [p for p in (ROOT / "content/pages").glob("*.md") if "." not in p.stem]
    expected = seen["expected"]
    assert len(expected) >= len(articles) + len(pages) + 4  # + home, 404, a category, a tag
    assert any(e.startswith("category/") for e in expected)
    assert any(e.startswith("tag/") for e in expected)
    assert f"{articles[0].parent.name}/index.html" in expected
    lost = expected[-1]
    assert f"{lost}: the content implies this page but it was not written" in outcome.problems
    assert not out.exists(), "a failed verification must not swap the folder in"


def test_the_search_index_is_built_in_staging_and_a_failed_one_stops_the_publish(
    tmp_path, monkeypatch
):
    """Publish indexes the staging folder before compression, verification and the
    manifest; if the index cannot be built, the publish fails and output/ stays."""
    from olea import search

    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("OLEA_SITEURL", "https://example.org")
    out = project / "output"
    assert publish.publish(project / "publishconf.py", out).ok
    entry = out / "pagefind/pagefind-entry.json"
    assert entry.is_file() and (out / "pagefind/pagefind-entry.json.br").is_file()
    assert (out / "es/pagefind/pagefind-entry.json").is_file()  # each language its own
    assert publish.check_manifest(out) == []
    assert "'wasm-unsafe-eval'" in (out / "_headers").read_text()
    assert "application/octet-stream pf_meta" in (out / "_nginx.conf").read_text()
    before = entry.read_bytes()

    def broken(folder, pages=None):
        raise search.SearchIndexError("pagefind is missing")

    monkeypatch.setattr(search, "index", broken)
    failed = publish.publish(project / "publishconf.py", out)
    assert not failed.ok and any("pagefind is missing" in p for p in failed.problems)
    assert entry.read_bytes() == before, "the last good output stays"


def test_project_pages_under_a_sub_path_verify_against_it(tmp_path):
    """SITEURL with a path (GitHub project pages): links must carry that path."""
    project = copy_project(tmp_path / "project")
    assert _publish(project, "https://example.org/olea").returncode == 0
    out = project / "output"
    about = out / "about/index.html"
    assert 'href="https://example.org/olea/about/"' in about.read_text()
    assert publish.verify(out, "https://example.org/olea") == []
    about.write_text(about.read_text().replace("</body>", '<a href="/about/">x</a></body>'))
    problems = publish.verify(out, "https://example.org/olea")
    assert "broken link: about/index.html: a.href=/about/ -> outside /olea/" in problems
