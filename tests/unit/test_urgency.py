"""Real Pelican runs on the fixture: the warning signs from one data file, and its mistakes."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import FIXTURES, ROOT, build_here

ARTICLE = "articles/first-article/index.md"


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    shutil.copytree(ROOT / "content/data", tmp_path / "data")
    return tmp_path


def _build(site):
    return build_here(site, site / "content", OLEA_DATA_PATH=str(site / "data"))


def _add(site, text):
    path = site / "content" / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def _data(site):
    return json.loads((site / "data/urgency.json").read_text(encoding="utf-8"))


def _save(site, data):
    (site / "data/urgency.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_the_marker_becomes_the_whole_list_and_the_end_box_is_left_out(site):
    _add(site, "\n{warning-signs}\n")
    outcome, said = _build(site)
    assert outcome.ok, said
    page = (site / "out/first-article/index.html").read_text(encoding="utf-8")
    assert page.count('id="urgent-help"') == 1 and "{warning-signs}" not in page
    neck = next(
        s for t in _data(site)["tiers"] for s in t["signs"] if "neck" in s.get("regions", [])
    )
    assert neck["text"] in page  # the whole list, though the article is about the lower back
    second = (site / "out/second-article/index.html").read_text(encoding="utf-8")
    assert second.count('id="urgent-help"') == 1  # the box at the end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See {warning-signs} below.", "{warning-signs} is inside a sentence"),
        ("{warning-signs}\n\n{warning-signs}", "{warning-signs} is written more than once"),
    ],
)
def test_a_misplaced_marker_is_named_with_its_line(site, text, expected):
    _add(site, "\n" + text)
    outcome, said = _build(site)
    assert not outcome.ok and expected in said, said
    lines = (site / "content" / ARTICLE).read_text(encoding="utf-8").splitlines()
    line = next(n for n, ln in enumerate(lines, 1) if "{warning-signs}" in ln)
    assert f"{ARTICLE}:{line}:" in said, said


def test_a_sign_with_an_unknown_source_stops_the_build_at_its_line(site):
    data = _data(site)
    data["tiers"][1]["signs"][0]["source"] = "no-such-source"
    _save(site, data)
    outcome, said = _build(site)
    text = data["tiers"][1]["signs"][0]["text"]
    lines = (site / "data/urgency.json").read_text(encoding="utf-8").splitlines()
    line = next(n for n, ln in enumerate(lines, 1) if text[:40] in ln)
    assert not outcome.ok
    assert f"urgency.json:{line}: the sign '{text}' names the source 'no-such-source'" in said, said
    assert "How to fix" in said and "Traceback" not in said


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["tiers"].pop(), "the tiers are ['emergency', 'urgent'], not"),
        (
            lambda d: d["tiers"][0]["signs"][0].update(regions=["knee"]),
            "names unknown regions ['knee']",
        ),
        (
            lambda d: d["sources"].update(bad="NHS | Back pain | 2026"),
            "the source 'bad' cannot be read",
        ),
        (lambda d: d.pop("crisis"), "'crisis text' is missing or empty"),
        (lambda d: d["tiers"][2].update(signs=[]), "the routine tier has no signs"),
    ],
)
def test_each_mistake_in_the_data_file_is_named(site, change, expected):
    data = _data(site)
    change(data)
    _save(site, data)
    outcome, said = _build(site)
    assert not outcome.ok and expected in said and "urgency.json" in said, said
