"""The anatomy diagrams on the real built site: one inline, named, captioned figure
per muscle article, coloured by the theme's tokens in light and dark mode."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser import AXE_OPTIONS, REFLOW, _format_violations

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "theme/tools"))
from contrast import TOKENS, ratio, schemes  # noqa: E402

# Each muscle article and the words its diagram must label (from the content
# brief's anatomy facts, or the article's own sources where the brief is silent).
DIAGRAMS = {
    "tight-hamstrings-and-low-back-pain": (
        "ischial tuberosity",
        "semitendinosus",
        "semimembranosus",
        "biceps femoris",
        "head of fibula",
        "pes anserinus",
        "medial tibial condyle",
    ),
    "quadratus-lumborum-and-one-sided-low-back-pain": (
        "quadratus",
        "12th rib",
        "transverse processes",
        "iliolumbar ligament",
        "iliac crest",
    ),
    "psoas-and-the-deep-hip-flexors": (
        "psoas major",
        "iliacus",
        "T12 to L5",
        "transverse processes",
        "lesser trochanter",
    ),
    "gluteals-and-piriformis": (
        "gluteus maximus",
        "gluteus medius",
        "gluteus minimus",
        "piriformis",
        "sacrum",
        "coccyx",
        "greater trochanter",
    ),
    "upper-back-and-neck-pain-at-a-desk": (
        "upper trapezius",
        "occipital bone",
        "nuchal ligament",
        "clavicle",
    ),
}
FIGURE = re.compile(
    r'<figure class="olea-figure olea-figure--diagram">\s*(<svg\b.*?</svg>)\s*'
    r'<figcaption class="olea-figure__caption">(.*?)</figcaption>\s*</figure>',
    re.S,
)
DIAGRAM_CSS = ROOT / "theme/static/css/components/diagram.css"


def _figures(built_site: Path, slug: str) -> list[tuple[str, str]]:
    return FIGURE.findall((built_site / slug / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", DIAGRAMS)
def test_one_inline_named_captioned_diagram(built_site, slug):
    html = (built_site / slug / "index.html").read_text(encoding="utf-8")
    figures = _figures(built_site, slug)
    assert len(figures) == 1, f"{slug}: {len(figures)} diagrams"
    assert "<img" not in html.split("<main", 1)[-1]  # inline, not a picture
    svg, caption = figures[0]
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("viewBox")
    (title,) = [el for el in root if el.tag == "title"]
    assert root.get("aria-labelledby") == title.get("id")
    assert len(title.text.split()) >= 12, "the alt text says what the diagram shows"
    assert len(caption.split()) >= 5
    labels = " ".join("".join(t.itertext()) for t in root.iter("text"))
    missing = [word for word in DIAGRAMS[slug] if word not in labels]
    assert not missing, f"{slug}: no label for {missing}"
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1], "ids must be unique on the page"


@pytest.mark.parametrize("slug", DIAGRAMS)
def test_diagram_colours_come_from_classes_not_from_the_svg(built_site, slug):
    (svg, _), *_ = _figures(built_site, slug)
    root = ET.fromstring(svg)
    for el in root.iter():
        assert not {"fill", "stroke", "style", "color"} & set(el.attrib), (slug, el.tag)
    classes = {c for el in root.iter() for c in (el.get("class") or "").split()}
    css = DIAGRAM_CSS.read_text(encoding="utf-8")
    for name in classes - {"olea-diagram"}:
        assert f".{name} " in css or f".{name}{{" in css, f"{name} is not styled by diagram.css"
    colours = re.findall(r"(?:fill|stroke)\s*:\s*([^;}]+)", css)
    assert colours and all(
        c.strip() == "none" or c.strip().startswith("var(--olea-color-") for c in colours
    ), colours


# Computed in the browser: what the reader sees, not what the CSS says.
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
        assert not results["violations"], _format_violations(results["violations"])
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
