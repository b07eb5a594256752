"""Search: Pagefind's index of the built site, and the /search/ page in Chromium."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from helpers import copy_project, format_violations, free_port, run_build, serve_folder

from olea import search


def _results(page, query: str, box: str = "olea-search") -> list[str]:
    """Type into a search box (the page's, or "olea-header-search") and read its results."""
    page.fill(f"#{box}-input", query)
    page.wait_for_function(
        "([q, box]) => (document.getElementById(box + '-status').textContent || '').includes(q)",
        arg=[query, box],
    )
    return page.eval_on_selector_all(
        f"#{box}-results a", "links => links.map(a => a.getAttribute('href'))"
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
    # One script, the search box's, deferred and from the site: reading never waits for it.
    scripts = re.findall(r"<script[^>]*>", html.replace('<script type="application/ld+json">', ""))
    assert scripts == ['<script src="/theme/js/search.js" defer>'], scripts


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "box", "replaced"),
    [
        ("/search/", "olea-search", "#olea-search-no-js"),
        # The header's box, on any page: the link it stands for gives way to it.
        ("/tight-hamstrings-and-low-back-pain/", "olea-header-search", ".olea-search__link"),
    ],
    ids=["search-page", "header"],
)
def test_typing_finds_the_right_articles(new_context, site_url, path, box, replaced):
    page = new_context().new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + path)
    assert page.is_hidden(replaced)
    assert _results(page, "psoas", box)[0] == "/psoas-and-the-deep-hip-flexors/"
    assert _results(page, "sciatica", box)[0] == "/herniated-disc-and-sciatica/"
    assert all(u.startswith(site_url + "/") for u in requests), requests


@pytest.mark.browser
def test_the_header_box_by_keyboard(new_context, site_url):
    page = new_context().new_page()
    page.goto(f"{site_url}/tight-hamstrings-and-low-back-pain/")
    _results(page, "sciatica", "olea-header-search")
    panel = page.locator(".olea-search--header .olea-search__panel")
    assert panel.is_visible()

    # Escape closes the results and leaves the reader in the box.
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.id") == "olea-header-search-input"

    # Tab goes from the box into the results; leaving them closes them.
    _results(page, "psoas", "olea-header-search")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        "/psoas-and-the-deep-hip-flexors/"
    )
    for _ in range(20):  # on through the results and out of the box
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('.olea-search--header')"):
            break
    assert panel.is_hidden()

    # Enter asks the search page, which shows the same first result.
    page.fill("#olea-header-search-input", "psoas")
    page.press("#olea-header-search-input", "Enter")
    page.wait_for_url(f"{site_url}/search/?q=psoas")
    page.wait_for_function("document.querySelectorAll('#olea-search-results a').length > 0")
    first = page.eval_on_selector("#olea-search-results a", "a => a.getAttribute('href')")
    assert first == "/psoas-and-the-deep-hip-flexors/"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_results_pass_axe(new_context, site_url, scheme):
    from axe_playwright_python.sync_playwright import Axe
    from helpers import AXE_OPTIONS

    page = new_context(color_scheme=scheme).new_page()
    page.goto(f"{site_url}/")
    _results(page, "massage", "olea-header-search")
    assert page.locator(".olea-search--header .olea-search__panel").is_visible()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, format_violations(violations)


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
    assert page.is_hidden("#olea-header-search-input")
    page.click(".olea-nav a[href='/search/']")
    assert urlsplit(page.url).path == "/search/"


def test_each_language_has_its_own_index(built_site, article_slugs):
    """The Spanish site's index holds its own articles only, in Spanish."""
    entry = json.loads((built_site / "es/pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["es"]
    assert entry["languages"]["es"]["page_count"] == len(article_slugs)
    root = json.loads((built_site / "pagefind/pagefind-entry.json").read_text())
    assert "es" not in root["languages"]


@pytest.mark.browser
def test_spanish_search_finds_ciatica_and_only_spanish_pages(new_context, site_url):
    page = new_context().new_page()
    page.goto(site_url + "/es/search/")
    found = _results(page, "ciática")
    assert found[0] == "/es/herniated-disc-and-sciatica/", found
    assert found and all(href.startswith("/es/") for href in found), found
    page.goto(site_url + "/es/about/")  # the header's box on a Spanish page
    found = _results(page, "ciática", "olea-header-search")
    assert found[0] == "/es/herniated-disc-and-sciatica/", found
    assert all(href.startswith("/es/") for href in found), found


@pytest.mark.browser
def test_search_works_under_a_sub_path_in_both_languages(new_context, tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/olea"
    # publishconf.py as make publish builds it, then the index step publish runs, one
    # index per language (olea/publish.py refuses a loopback address, so it is not
    # called whole here).
    result = run_build(project, "publishconf.py", {"OLEA_SITEURL": base}, output="serve/olea")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "serve/olea/pagefind").exists()  # publish builds leave it to publish
    search.index(project / "serve/olea")
    search.index(project / "serve/olea/es")
    assert (project / "serve/olea/pagefind/pagefind.js").is_file()
    with serve_folder(project / "serve", port):
        page = new_context().new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/about/")  # the header's box, on a page deeper in the sub-path
        assert _results(page, "psoas", "olea-header-search")[0] == (
            "/olea/psoas-and-the-deep-hip-flexors/"
        )
        page.goto(f"{base}/search/")
        assert _results(page, "psoas")[0] == "/olea/psoas-and-the-deep-hip-flexors/"
        page.click("#olea-search-results a >> nth=0")
        assert page.url == f"{base}/psoas-and-the-deep-hip-flexors/"
        page.goto(f"{base}/es/search/")
        found = _results(page, "ciática")
        assert found[0] == "/olea/es/herniated-disc-and-sciatica/", found
        assert all(href.startswith("/olea/es/") for href in found), found
        page.click("#olea-search-results a >> nth=0")
        assert page.url == f"{base}/es/herniated-disc-and-sciatica/"
        assert all(u.startswith(base + "/") for u in requests), requests
