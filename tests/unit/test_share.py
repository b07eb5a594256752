"""Real Pelican runs on the fixture: one share image, drawn from settings, drawn once."""

from __future__ import annotations

import io

from helpers import ROOT
from PIL import Image

from olea import share
from olea.build import build

FIXTURE = ROOT / "tests/fixtures/minimal"


def _build(tmp_path, **extra):
    stream = io.StringIO()
    overrides = {"PATH": str(FIXTURE), "CACHE_PATH": str(tmp_path / "cache"), **extra}
    outcome = build(
        str(ROOT / "pelicanconf.py"), tmp_path / "out", overrides=overrides, stream=stream
    )
    assert outcome.ok, outcome.problems
    return tmp_path / "out" / "share.png", stream.getvalue()


def _luminance(hex_colour: str) -> float:
    values = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_one_small_image_in_the_theme_colours_with_readable_text(tmp_path):
    image_path, _ = _build(tmp_path)
    assert image_path.stat().st_size < 40_000
    image = Image.open(image_path)
    assert image.format == "PNG" and image.size == (1200, 630)
    from pelican.settings import read_settings

    background, text = share.token_colors(read_settings(str(ROOT / "pelicanconf.py")))
    rgb = image.convert("RGB")
    counts = {"#" + bytes(c).hex(): n for n, c in rgb.getcolors(1200 * 630)}
    assert counts[background] > 0.5 * 1200 * 630  # the card is the accent colour
    assert counts.get(text, 0) > 20_000  # and words are drawn on it in the text colour
    light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_drawn_once_until_its_inputs_change(tmp_path, monkeypatch):
    drawn = []
    real = share.draw
    monkeypatch.setattr(share, "draw", lambda *a: drawn.append(1) or real(*a))
    first = _build(tmp_path)[0].read_bytes()
    again = _build(tmp_path)[0].read_bytes()
    assert len(drawn) == 1 and again == first
    renamed = _build(tmp_path, SITENAME="Olea clinic")[0].read_bytes()
    assert len(drawn) == 2 and renamed != first


def test_without_the_font_it_says_so_and_still_draws(tmp_path):
    image_path, said = _build(tmp_path, OLEA_SHARE_FONT=str(tmp_path / "missing.ttf"))
    assert "missing.ttf" in said and "OLEA_SHARE_FONT" in said
    assert Image.open(image_path).size == (1200, 630)
