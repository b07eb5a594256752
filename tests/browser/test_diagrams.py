"""The anatomy diagrams in Chromium: readable in light and dark, and at 320 px."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import AXE_OPTIONS, DIAGRAMS, REFLOW, format_violations

from olea.contrast import TOKENS, ratio, schemes

STYLES_JS = """(figure) => {
  const svg = figure.querySelector('svg');
  const fill = (sel) => [...svg.querySelectorAll(sel)].map(e => getComputedStyle(e).fill);
  const bg = getComputedStyle(document.body).backgroundColor;
  return {
    bg, text: fill('text'), bone: [...svg.querySelectorAll('.olea-diagram__bone')]
      .map(e => getComputedStyle(e).stroke),
    muscle: fill('.olea-diagram__muscle'),
    width: svg.getBoundingClientRect().width, page: document.documentElement.clientWidth,
  };
}"""


def _hex(css_colour: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", DIAGRAMS)
def test_diagram_reads_in_light_and_dark(browser, site_url, slug, scheme):
    tokens = schemes(TOKENS.read_text(encoding="utf-8"))[scheme]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{site_url}/{slug}/", wait_until="load")
        seen = page.eval_on_selector("figure.olea-figure--diagram", STYLES_JS)
        bg = _hex(seen["bg"])
        assert bg == tokens["bg"]
        assert {_hex(c) for c in seen["text"]} == {tokens["text"]}
        assert {_hex(c) for c in seen["bone"]} == {tokens["diagram-bone"]}
        muscle = {_hex(c) for c in seen["muscle"] if c != "none"}
        assert muscle <= {tokens["diagram-muscle"], tokens["diagram-muscle-alt"]} and muscle
        assert ratio(tokens["text"], bg) >= 4.5
        assert all(ratio(c, bg) >= 3 for c in {*muscle, tokens["diagram-bone"]})
        assert 300 <= seen["width"] <= seen["page"]  # fills a phone's width, no wider
        results = Axe().run(page, options=AXE_OPTIONS).response
        assert not results["violations"], format_violations(results["violations"])
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("slug", DIAGRAMS)
def test_diagram_fits_320px_and_no_label_is_cut_off(browser, site_url, slug):
    context = browser.new_context(**REFLOW["320px"])
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{slug}/", wait_until="load")
        right, client = page.eval_on_selector(
            "figure.olea-figure--diagram",
            "f => [f.getBoundingClientRect().right, document.documentElement.clientWidth]",
        )
        assert right <= client, f"{slug}: the diagram is {right} px wide in {client} px"
        # Every label ends inside the drawing, so none is cut off at its edge.
        overflow = page.eval_on_selector(
            "figure.olea-figure--diagram svg",
            """svg => { const box = svg.viewBox.baseVal;
              return [...svg.querySelectorAll('text')].map(t => t.getBBox())
                .filter(b => b.x + b.width > box.width || b.x < 0).length }""",
        )
        assert overflow == 0, f"{slug}: {overflow} label(s) run past the drawing's edge"
    finally:
        context.close()
