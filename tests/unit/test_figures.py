"""Real Pelican runs on a tiny fixture: diagrams inlined and cleaned, bad ones stop the build."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from helpers import ROOT

from olea.build import build

FIXTURE = ROOT / "tests/fixtures/diagrams"
ARTICLE = "articles/diagram-article/index.md"

FIGURE = re.compile(
    r'<figure class="olea-figure olea-figure--diagram">\s*(<svg\b.*?</svg>)\s*'
    r'(?:<figcaption class="olea-figure__caption">(.*?)</figcaption>)?\s*</figure>',
    re.S,
)


def _build(tmp_path: Path, content: Path):
    return build(
        str(ROOT / "pelicanconf.py"),
        tmp_path / "output",
        overrides={"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")},
    )


def _content_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "content"))


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _page(tmp_path: Path) -> str:
    outcome = _build(tmp_path, FIXTURE)
    assert outcome.ok, outcome.problems
    return (tmp_path / "output/diagram-article/index.html").read_text()


def test_each_diagram_becomes_an_inline_named_figure_with_its_caption(tmp_path):
    page = _page(tmp_path)
    figures = FIGURE.findall(page)
    assert len(figures) == 2
    assert "<img" not in page  # no picture left behind, no <p> around a figure
    svg, caption = figures[0]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title = root.find("title")
    assert root[0] is title and title.text == "A square muscle on a bone"
    assert root.get("aria-labelledby") == title.get("id")
    assert caption == "The square, first time"
    assert root.get("viewBox") == "0 0 100 50"
    assert root.get("width") is None and root.get("height") is None  # CSS scales it
    assert "olea-diagram" in root.get("class").split()
    label = root.find("text")
    assert label.get("class") == "olea-diagram__label" and label.text == "bone"


def test_ids_are_unique_on_the_page_and_references_follow_them(tmp_path):
    page = _page(tmp_path)
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert ids and not [i for i, n in ids.items() if n > 1]
    first, second = (ET.fromstring(svg) for svg, _ in FIGURE.findall(page)[:2])
    for root in (first, second):
        rect = root.find("rect")
        clip = root.find("defs/clipPath")
        assert rect.get("clip-path") == f"url(#{clip.get('id')})"
        assert root.find("use").get("href") == f"#{rect.get('id')}"
    assert first.find("rect").get("id") != second.find("rect").get("id")


# What the hostile diagram holds that a diagram may not, and where (its line in the SVG).
HOSTILE = {
    "a <style> element": "<style>",
    "a <script> element": "<script>",
    "the editor's element <perspective>": "<inkscape:perspective",
    "a <set> element": "<set ",
    "a <foreignObject> element": "<foreignObject>",
    "the attribute onload": 'onload="alert(1)"',
    "a link to javascript:alert(3)": "javascript:alert(3)",
    "the attribute onclick": 'onclick="alert(4)"',
    "the editor's attribute label": "inkscape:label",
    "a link to https://example.org/tracker.png": "tracker.png",
    "url(https://example.org/paint.svg#p)": "paint.svg",
}


def test_nothing_is_removed_from_a_diagram_silently(tmp_path):
    """Each thing the clean-up would remove stops the build, named at its line in the SVG."""
    content = _content_copy(tmp_path)
    index = content / ARTICLE
    index.write_text(
        index.read_text() + "\n## An untrusted diagram\n\n"
        '![A bone drawn by an untrusted editor](diagram-hostile.svg "Never shown")\n'
    )
    outcome = _build(tmp_path, content)
    assert not outcome.ok
    svg = content / "articles/diagram-article/diagram-hostile.svg"
    for what, needle in HOSTILE.items():
        line = _line_of(svg, needle)
        expected = f"articles/diagram-article/diagram-hostile.svg:{line}: the diagram has {what}"
        assert any(expected in p and "How to fix:" in p for p in outcome.problems), (
            what,
            outcome.problems,
        )
    assert len(outcome.problems) == len(HOSTILE), outcome.problems  # the children of a
    # removed element (the <div> in <foreignObject>) are not named again
    assert not list((tmp_path / "output").rglob("*.html"))


def test_a_missing_file_stops_the_build_naming_file_and_line(tmp_path):
    content = _content_copy(tmp_path)
    index = content / ARTICLE
    index.write_text(index.read_text() + "\n![A diagram not drawn yet](diagram-missing.svg)\n")
    outcome = _build(tmp_path, content)
    line = _line_of(index, "diagram-missing.svg")
    problems = [p for p in outcome.problems if "diagram-missing.svg" in p]
    assert len(problems) == 1, outcome.problems  # one clear message, not one per check
    assert f"{ARTICLE}:{line}: the diagram diagram-missing.svg does not exist" in problems[0]
    assert "How to fix:" in problems[0] and "Traceback" not in problems[0]
    assert not list((tmp_path / "output").rglob("*.html"))  # a failed build publishes nothing


def test_missing_alt_text_stops_the_build_naming_file_and_line(tmp_path):
    content = _content_copy(tmp_path)
    index = content / ARTICLE
    index.write_text(index.read_text().replace("![The same square again]", "![ ]"))
    outcome = _build(tmp_path, content)
    line = _line_of(index, "![ ](diagram-square.svg")
    problems = [p for p in outcome.problems if "alt text" in p]
    assert len(problems) == 1, outcome.problems
    assert f"{ARTICLE}:{line}: the diagram diagram-square.svg has no alt text" in problems[0]
    assert "How to fix:" in problems[0]


def test_a_diagram_inside_a_sentence_is_an_error_not_invalid_html(tmp_path):
    content = _content_copy(tmp_path)
    index = content / ARTICLE
    index.write_text(index.read_text().replace("\n![A square", "\nSee ![A square"))
    outcome = _build(tmp_path, content)
    line = _line_of(index, "See ![A square")
    assert any(
        f"{ARTICLE}:{line}: the diagram diagram-square.svg is inside a paragraph" in p
        for p in outcome.problems
    ), outcome.problems


def test_an_edited_component_is_used_by_the_next_build_in_the_same_process(tmp_path):
    """As in the devserver: one process, the diagram's component edited between builds."""
    content = _content_copy(tmp_path)
    theme = Path(shutil.copytree(ROOT / "theme", tmp_path / "theme"))

    def page():
        outcome = build(
            str(ROOT / "pelicanconf.py"),
            tmp_path / "output",
            overrides={
                "PATH": str(content),
                "CACHE_PATH": str(tmp_path / "cache"),
                "THEME": str(theme),
                "THEME_TEMPLATES_OVERRIDES": [str(theme)],
                "OLEA_SEARCH": False,
            },
        )
        assert outcome.ok, outcome.problems
        return (tmp_path / "output/diagram-article/index.html").read_text()

    assert "component-edited" not in page()
    macro = theme / "components/diagram/diagram.html"
    macro.write_text(macro.read_text().replace("<figure ", '<figure data-mark="component-edited" '))
    assert "component-edited" in page()
