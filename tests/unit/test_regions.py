"""Real Pelican runs on the fixture: a page per region, even an empty one."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT

from olea.build import build

FIXTURE = ROOT / "tests/fixtures/minimal"


def _build(tmp_path, **extra) -> Path:
    out = tmp_path / "out"
    overrides = {"PATH": str(FIXTURE), "CACHE_PATH": str(tmp_path / "cache"), **extra}
    outcome = build(str(ROOT / "pelicanconf.py"), out, overrides=overrides)
    assert outcome.ok, outcome.problems
    return out


def test_every_region_has_a_page_and_an_empty_one_says_so(tmp_path):
    out = _build(tmp_path)
    for region in ("lower-back", "middle-back", "upper-back", "neck", "hips-and-legs"):
        assert (out / "region" / region / "index.html").is_file(), region
    lower = (out / "region/lower-back/index.html").read_text()
    assert 'href="/first-article/"' in lower
    empty = (out / "region/middle-back/index.html").read_text()  # no fixture article names it
    assert "We have not written about the middle back yet" in empty
    assert 'class="olea-article-card"' not in empty
    assert (out / "where-does-it-hurt/index.html").is_file()


def test_urls_come_from_settings_and_long_lists_are_paginated(tmp_path):
    out = _build(
        tmp_path,
        OLEA_REGION_URL="body/{slug}/",
        OLEA_REGION_SAVE_AS="body/{slug}/index.html",
        DEFAULT_PAGINATION=1,
    )
    assert (out / "body/lower-back/index.html").is_file()
    assert not (out / "region").exists()
    two = [p for p in (out / "body").glob("*/page/2/index.html")]
    assert two, "a region with two articles and one a page has a page 2"
    assert 'href="/body/' in (out / "where-does-it-hurt/index.html").read_text()
