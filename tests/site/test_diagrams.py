"""The anatomy diagrams on the real built site: one inline, named, captioned figure
per muscle article, coloured by the theme's tokens in light and dark mode."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from helpers import DIAGRAMS, ROOT

# Each muscle article and the words its diagram must label (from the content
# brief's anatomy facts, or the article's own sources where the brief is silent).
FIGURE = re.compile(
    r'<figure class="olea-figure olea-figure--diagram">\s*(<svg\b.*?</svg>)\s*'
    r'<figcaption class="olea-figure__caption">(.*?)</figcaption>\s*</figure>',
    re.S,
)
DIAGRAM_CSS = ROOT / "theme/components/diagram/diagram.css"


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
