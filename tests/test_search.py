"""Search: Pagefind's index of the built site, and the /search/ page in Chromium."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from conftest import _QuietHandler, copy_project, free_port, run_build

from olea import search


def _results(page, query: str) -> list[str]:
    page.fill("#olea-search-input", query)
    page.wait_for_function(
        "q => (document.getElementById('olea-search-status').textContent || '').includes(q)",
        arg=query,
    )
    return page.eval_on_selector_all(
        "#olea-search-results a", "links => links.map(a => a.getAttribute('href'))"
    )


def test_every_article_and_nothing_else_is_indexed(built_site, article_slugs):
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(article_slugs)


def test_index_builds_from_the_function_publish_calls(built_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    assert search.index(site) == site / "pagefind"
    assert (site / "pagefind/pagefind.js").is_file()
    with pytest.raises(search.SearchIndexError):
        search.index(tmp_path / "empty")


def test_article_body_is_marked_and_navigation_is_not(built_site, article_slugs):
    html = (built_site / article_slugs[0] / "index.html").read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 1
    head, body = html.split("data-pagefind-body", 1)
    assert '<nav class="olea-nav"' in head  # the main navigation sits outside the body
    assert "data-pagefind-ignore" in body  # repeated boxes at the end are left out
    # No page but the search page loads a script: reading never needs one.
    assert "<script" not in html.replace('<script type="application/ld+json">', "")


@pytest.mark.browser
def test_typing_finds_the_right_articles(new_context, site_url):
    page = new_context().new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/search/")
    assert page.is_hidden("#olea-search-no-js")
    assert _results(page, "psoas")[0] == "/psoas-and-the-deep-hip-flexors/"
    assert "/herniated-disc-and-sciatica/" in _results(page, "sciatica")[:3]
    assert all(u.startswith(site_url + "/") for u in requests), requests


@pytest.mark.browser
def test_search_page_without_javascript_explains_and_lists_topics(new_context, site_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{site_url}/search/")
    assert page.is_visible("#olea-search-no-js")
    assert page.is_hidden(".olea-search__form")
    assert page.locator("main a[href='/archives/']").count() >= 1
    assert page.locator("main a[href^='/category/']").count() >= 1
    # The header's search entry is a plain link that works without JavaScript.
    page.goto(f"{site_url}/")
    page.click(".olea-nav a[href='/search/']")
    assert urlsplit(page.url).path == "/search/"


@pytest.mark.browser
def test_search_works_under_a_sub_path(new_context, tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/olea"
    # publishconf.py as make publish builds it, then the index step publish runs
    # (olea/publish.py refuses a loopback address, so it is not called whole here).
    result = run_build(project, "publishconf.py", {"OLEA_SITEURL": base}, output="serve/olea")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "serve/olea/pagefind").exists()  # publish builds leave it to publish
    search.index(project / "serve/olea")
    assert (project / "serve/olea/pagefind/pagefind.js").is_file()
    handler = partial(_QuietHandler, directory=str(project / "serve"))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = new_context().new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/search/")
        assert _results(page, "psoas")[0] == "/olea/psoas-and-the-deep-hip-flexors/"
        page.click("#olea-search-results a >> nth=0")
        assert page.url == f"{base}/psoas-and-the-deep-hip-flexors/"
        assert all(u.startswith(base + "/") for u in requests), requests
    finally:
        server.shutdown()
