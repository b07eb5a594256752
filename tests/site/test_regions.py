"""Where does it hurt: region pages on the built site, and the body map in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT

from olea import site
from olea.sitecheck import parse_page


def _front(article: Path, key: str) -> str:
    match = re.search(rf"^{key}:\s*(.+)$", article.read_text(encoding="utf-8"), re.M | re.I)
    return match.group(1).strip() if match else ""


def _articles_in(region: str) -> list[str]:
    """Slugs whose front matter names `region`, newest first (the site's order)."""
    found = []
    for md in (ROOT / "content/articles").glob("*/index.md"):
        regions = [r.strip() for r in _front(md, "Regions").split(",")]
        if region in regions and _front(md, "Status").lower() != "draft":
            found.append((_front(md, "Date"), md.parent.name))
    return [slug for _, slug in sorted(found, key=lambda f: (f[0], f[1]), reverse=True)]


def _listed(built_site: Path, region: str) -> list[str]:
    """The articles a region's pages link to as cards, page after page."""
    slugs, page = [], built_site / "region" / region / "index.html"
    number = 1
    while page.exists():
        html = page.read_text(encoding="utf-8")
        main = html.split('id="main-content"', 1)[1]
        cards = main.split('class="olea-article-list', 1)[1] if "olea-article-list" in main else ""
        slugs += re.findall(r'class="olea-article-card__link" href="/([^"/]+)/"', cards)
        number += 1
        page = built_site / "region" / region / "page" / str(number) / "index.html"
    return slugs


@pytest.mark.parametrize("region", site.load().region_slugs)
def test_each_region_page_lists_exactly_its_articles_newest_first(built_site, region):
    expected = _articles_in(region)
    assert expected, f"no article names {region}: the empty case is tested on a fixture"
    listed = _listed(built_site, region)
    # Articles of one date may come in either order; the set and dates must agree.
    assert sorted(listed) == sorted(expected)
    dates = {s: _front(ROOT / "content/articles" / s / "index.md", "Date") for s in listed}
    assert [dates[s] for s in listed] == sorted(dates.values(), reverse=True)


def test_every_article_is_reachable_from_its_regions(built_site, article_slugs):
    reachable = {s for region in site.load().region_slugs for s in _listed(built_site, region)}
    assert set(article_slugs) <= reachable


def test_the_map_page_and_the_home_page_link_every_region(built_site):
    for page in ("where-does-it-hurt/index.html", "index.html"):
        links = {url for _, url in parse_page(built_site / page).links}
        for region in site.load().region_slugs:
            assert f"/region/{region}/" in links, (page, region)


def test_region_pages_are_in_the_sitemap_and_named_in_the_breadcrumbs(published_site):
    sitemap = (published_site / "sitemap.xml").read_text()
    assert "https://example.org/where-does-it-hurt/" in sitemap
    html = (published_site / "region/neck/index.html").read_text(encoding="utf-8")
    assert "https://example.org/region/neck/" in sitemap
    crumbs = html.split('class="olea-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Where does it hurt?" in crumbs and 'aria-current="page">Neck<' in crumbs


# --- In Chromium --------------------------------------------------------------------
