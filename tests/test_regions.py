"""Where does it hurt: region pages on the built site, and the body map in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from sitecheck import parse_page

REGIONS = ("lower-back", "middle-back", "upper-back", "neck", "hips-and-legs")


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


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_page_lists_exactly_its_articles_newest_first(built_site, region):
    expected = _articles_in(region)
    assert expected, f"no article names {region}: the empty case is tested on a fixture"
    listed = _listed(built_site, region)
    # Articles of one date may come in either order; the set and dates must agree.
    assert sorted(listed) == sorted(expected)
    dates = {s: _front(ROOT / "content/articles" / s / "index.md", "Date") for s in listed}
    assert [dates[s] for s in listed] == sorted(dates.values(), reverse=True)


def test_every_article_is_reachable_from_its_regions(built_site, article_slugs):
    reachable = {s for region in REGIONS for s in _listed(built_site, region)}
    assert set(article_slugs) <= reachable


def test_the_map_page_and_the_home_page_link_every_region(built_site):
    for page in ("where-does-it-hurt/index.html", "index.html"):
        links = {url for _, url in parse_page(built_site / page).links}
        for region in REGIONS:
            assert f"/region/{region}/" in links, (page, region)


def test_region_pages_are_in_the_sitemap_and_named_in_the_breadcrumbs(published_site):
    sitemap = (published_site / "sitemap.xml").read_text()
    assert "https://example.org/where-does-it-hurt/" in sitemap
    html = (published_site / "region/neck/index.html").read_text(encoding="utf-8")
    assert "https://example.org/region/neck/" in sitemap
    crumbs = html.split('class="olea-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Where does it hurt?" in crumbs and 'aria-current="page">Neck<' in crumbs


# --- In Chromium --------------------------------------------------------------------


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


MAP_LINKS = ".olea-body-map__drawing a"
NAME = re.compile(r"^(Lower back|Middle back|Upper back|Neck|Hips and legs): \d+ articles?$")


@pytest.mark.browser
def test_each_region_is_a_named_link_reached_by_tab_with_a_visible_focus(new_context, site_url):
    page = new_context().new_page()
    page.goto(f"{site_url}/where-does-it-hurt/")
    in_map = page.eval_on_selector_all(MAP_LINKS, "as => as.map(a => a.getAttribute('aria-label'))")
    assert len(in_map) == len(REGIONS) and all(NAME.match(n) for n in in_map), in_map
    for name in in_map:  # what a screen reader announces: the role and the name
        assert page.get_by_role("link", name=name, exact=True).count() == 1, name

    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        if label in in_map:
            area = page.locator(f'{MAP_LINKS}[aria-label="{label}"] .olea-body-map__area')
            style = area.evaluate("e => getComputedStyle(e).strokeWidth")
            reached.append((label, style))
        if len(reached) == len(in_map):
            break
    assert [label for label, _ in reached] == in_map  # every region, in the map's order
    unfocused = page.locator(".olea-body-map__area").first.evaluate(
        "e => (document.activeElement.blur(), getComputedStyle(e).strokeWidth)"
    )
    assert all(float(width[:-2]) >= 2 * float(unfocused[:-2]) for _, width in reached), (
        reached,
        unfocused,
    )

    page.keyboard.press("Shift+Tab")  # back onto the last region, then follow it
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/region/[a-z-]+/$"))
    assert page.locator("h1").inner_text() in {n.split(":")[0] for n in in_map}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_colours_meet_the_contrast_minimums(new_context, site_url, scheme):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(f"{site_url}/where-does-it-hurt/")

    def style(selector: str, prop: str) -> str:
        return page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")

    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    body = style(".olea-body-map__figure", "fill")
    area = style(".olea-body-map__area", "fill")
    label, button = style(".olea-body-map__label", "fill"), style(".olea-body-map__button", "fill")
    assert _contrast(label, button) >= 4.5  # text
    assert _contrast(area, body) >= 3 and _contrast(area, bg) >= 3  # the shaded region
    assert _contrast(style(".olea-body-map__button", "stroke"), bg) >= 3  # the button's edge
    page.locator(MAP_LINKS).first.focus()
    assert _contrast(style(".olea-body-map__button", "stroke"), bg) >= 3  # focus ring


@pytest.mark.browser
def test_the_map_works_without_javascript(new_context, site_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{site_url}/")
    page.locator(MAP_LINKS).filter(has_text="Lower back").click()
    page.wait_for_url(f"{site_url}/region/lower-back/")
    assert page.locator("h1").inner_text() == "Lower back"
