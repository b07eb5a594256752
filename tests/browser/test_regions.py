"""Where does it hurt: region pages on the built site, and the body map in Chromium."""

from __future__ import annotations

import re

import pytest

from olea import site


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


MAP_LINKS = ".olea-body-map__drawing a"
NAMES = "|".join(re.escape(r.name) for r in site.load().regions)
NAME = re.compile(rf"^({NAMES}): \d+ articles?$")


@pytest.mark.browser
def test_each_region_is_a_named_link_reached_by_tab_with_a_visible_focus(new_context, site_url):
    page = new_context().new_page()
    page.goto(f"{site_url}/where-does-it-hurt/")
    in_map = page.eval_on_selector_all(MAP_LINKS, "as => as.map(a => a.getAttribute('aria-label'))")
    assert len(in_map) == len(site.load().region_slugs) and all(NAME.match(n) for n in in_map), (
        in_map
    )
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
