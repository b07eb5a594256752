"""One list of warning signs: every page that shows them shows the same signs in
the same tier, as content/data/urgency.json has them; every Spanish page shows
the same signs, in the same tiers, from urgency.es.json."""

from __future__ import annotations

import html
import json
import re

import pytest
from helpers import ROOT

DATA = json.loads((ROOT / "content/data/urgency.json").read_text(encoding="utf-8"))
SPANISH = json.loads((ROOT / "content/data/urgency.es.json").read_text(encoding="utf-8"))
# Each language: the folder of its site, its sources' name ending, its data file.
LANGUAGES = (("", ".md", DATA), ("es/", ".es.md", SPANISH))
BOX = re.compile(r'<section class="olea-flow" id="urgent-help".*?</section>', re.S)
TIER = re.compile(r'olea-urgency--(\w+)">.*?<ul>(.*?)</ul>', re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _regions(source) -> set[str] | None:
    """An article's regions from its front matter; None for a page (it shows all)."""
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            return None
        if line.lower().startswith("regions:"):
            return {r.strip() for r in line.split(":", 1)[1].split(",")}
    return None


def _expected(regions: set[str] | None, data=DATA) -> dict[str, list[str]]:
    return {
        tier["level"]: [
            s["text"]
            for s in tier["signs"]
            if regions is None or not s.get("regions") or regions & set(s["regions"])
        ]
        for tier in data["tiers"]
    }


def _sources(languages=LANGUAGES[:1]):
    """(page folder in the built site, source, its language's data) of each page."""
    for prefix, ending, data in languages:
        for path in sorted((ROOT / "content/articles").glob(f"*/index{ending}")):
            if path.name.count(".") == ending.count("."):
                yield prefix + path.parent.name, path, data
        for path in sorted((ROOT / "content/pages").glob(f"*{ending}")):
            if path.name.count(".") == ending.count("."):
                yield prefix + path.name.split(".")[0], path, data


@pytest.mark.parametrize(
    ("slug", "source", "data"), list(_sources(LANGUAGES)), ids=lambda v: str(v)[-40:]
)
def test_every_box_shows_the_data_files_signs_in_their_tiers(built_site, slug, source, data):
    page = (built_site / slug / "index.html").read_text(encoding="utf-8")
    boxes = BOX.findall(page)
    is_article = source.name.startswith("index.")
    inline = "{warning-signs}" in source.read_text(encoding="utf-8")
    if not (is_article or inline):
        assert not boxes, f"{slug} shows warning signs it did not ask for"
        return
    assert len(boxes) == 1, f"{slug}: {len(boxes)} warning-signs boxes"
    shown = {
        level: [_text(i) for i in ITEM.findall(items)] for level, items in TIER.findall(boxes[0])
    }
    # The whole list where the page asked for it; an article's box, its regions' signs.
    want = _expected(None if inline else _regions(source), data)
    assert shown == want, slug
    assert _text(data["crisis"]["text"]) in _text(boxes[0]), f"{slug}: no 988 line"


def test_the_spanish_signs_are_the_english_ones_translated():
    """Same tiers in the same order, each with the same signs (source and regions)."""

    def shape(data):
        return [
            (t["level"], [(s["source"], s.get("regions")) for s in t["signs"]])
            for t in data["tiers"]
        ]

    assert shape(SPANISH) == shape(DATA)
    assert SPANISH["sources"] == DATA["sources"]
    assert SPANISH["crisis"]["source"] == DATA["crisis"]["source"]
    assert "Llame al 911" in SPANISH["tiers"][0]["title"]
    assert "oprima el 2" in SPANISH["crisis"]["text"] and "AYUDA" in SPANISH["crisis"]["text"]


def test_neck_articles_show_the_neck_signs_and_others_do_not(built_site):
    neck = [s["text"] for t in DATA["tiers"] for s in t["signs"] if "neck" in s.get("regions", ())]
    assert neck, "urgency.json has signs for the neck"
    for slug, source, _data in _sources():
        if source.name != "index.md" or "{warning-signs}" in source.read_text(encoding="utf-8"):
            continue
        page = _text((built_site / slug / "index.html").read_text(encoding="utf-8"))
        about_neck = "neck" in (_regions(source) or set())
        assert all((_text(sign) in page) == about_neck for sign in neck), slug


def test_no_page_lists_a_sign_outside_the_box(built_site):
    """The signs are written once: no article or page repeats one in a list of its own."""
    for slug, _source, data in _sources(LANGUAGES):
        signs = {_text(s["text"]).lower() for t in data["tiers"] for s in t["signs"]}
        page = BOX.sub("", (built_site / slug / "index.html").read_text(encoding="utf-8"))
        items = {_text(i).lower().rstrip(".") for i in ITEM.findall(page)}
        assert not items & signs, f"{slug} lists {items & signs} outside the box"


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_the_urgent_help_page_cites_every_signs_source(built_site, prefix):
    page = (built_site / prefix / "urgent-help/index.html").read_text(encoding="utf-8")
    references = page.split('id="references"', 1)[1]
    for key, line in DATA["sources"].items():
        url = line.split("|")[4].strip()
        url = "https://doi.org/" + url[4:] if url.startswith("doi:") else url
        assert f'href="{html.escape(url)}"' in references, key
