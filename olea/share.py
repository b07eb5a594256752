"""The share image: what a link to the site shows on social media and in chats.

One image for the whole site (1200 x 630, the size Open Graph cards use),
drawn at build time with Pillow from the settings: the site's name, its
tagline and where the clinic is, in the theme's own colours (read from
tokens.css, so a new accent colour changes the image too).

Why one image, not one per article: drawing one with draw() below takes
about 7 ms on the benchmark's machine (DejaVu Sans Bold, 16-colour PNG; the
mean of 50 draws), so a cold build of 1,000 articles would spend some 7 s on
images, twice all of plain Pelican's build; and
every share card already prints the article's title (og:title) beside the
image, so a title inside it would say it twice.

The image is drawn once per change of its inputs and kept in the content cache;
each build copies it into the output.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from olea.problems import notice, report

DEFAULTS = {
    "OLEA_SHARE_SAVE_AS": "share.png",
    "OLEA_SHARE_FONT": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    # Token names in theme/css/tokens.css (light scheme): background, text.
    "OLEA_SHARE_COLORS": ("--olea-color-accent", "--olea-color-on-accent"),
}
SIZE = (1200, 630)
MARGIN = 80


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def token_colors(settings) -> tuple[str, str]:
    """The light scheme's values of the two tokens, from the theme's tokens.css."""
    css = (Path(settings["THEME"]) / "css/tokens.css").read_text(encoding="utf-8")
    root = css.split(":root", 1)[1].split("}", 1)[0]
    found = []
    for name in setting(settings, "OLEA_SHARE_COLORS"):
        match = re.search(rf"{re.escape(name)}:\s*(#[0-9a-fA-F]{{6}})", root)
        if match is None:
            raise ValueError(f"tokens.css has no colour {name}")
        found.append(match.group(1))
    return found[0], found[1]


def lines_of_text(settings) -> list[tuple[str, int]]:
    """(text, font size) from the top: name, tagline, place."""
    clinic = settings.get("CLINIC") or {}
    place = ", ".join(p for p in (clinic.get("locality"), clinic.get("region")) if p)
    lines = [(settings.get("SITENAME", ""), 120), (settings.get("SITE_TAGLINE", ""), 54)]
    if clinic.get("street_address") and place:
        lines.append((f"{clinic['street_address']}, {place}", 36))
    return [(text, size) for text, size in lines if text]


def _wrap(text: str, font, width: int) -> list[str]:
    words, lines = text.split(), [""]
    for word in words:
        trial = f"{lines[-1]} {word}".strip()
        if font.getlength(trial) <= width or not lines[-1]:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _hex(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def draw(settings, font_path: str | None) -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw, ImageFont

    background, text = (_hex(c) for c in token_colors(settings))
    # Drawn in grey levels (0 background, 255 text), then given sixteen shades
    # from the background to the text colour: antialiased edges need no more,
    # and such a palette keeps the file small without quantizing a colour image
    # (which took most of the drawing time).
    image = Image.new("L", SIZE, 0)
    pen = ImageDraw.Draw(image)
    y = MARGIN
    for words, size in lines_of_text(settings):
        font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size)
        for line in _wrap(words, font, SIZE[0] - 2 * MARGIN):
            pen.text((MARGIN, y), line, font=font, fill=255)
            y += int(size * 1.25)
        y += size // 2
    # A bar in the text colour along the bottom: the card reads as the clinic's.
    pen.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=255)
    shades = image.point([(v * 15 + 127) // 255 for v in range(256)])
    pairs = list(zip(background, text, strict=True))
    palette = [round(b + (t - b) * i / 15) for i in range(16) for b, t in pairs]
    shades.putpalette(palette)
    out = BytesIO()
    shades.save(out, format="PNG", bits=4)
    return out.getvalue()


def write_image(pelican) -> None:
    settings = pelican.settings
    target = Path(settings["OUTPUT_PATH"]) / setting(settings, "OLEA_SHARE_SAVE_AS")
    if not (Path(settings["OUTPUT_PATH"]) / "index.html").is_file():
        return  # the build stopped before writing pages
    font = setting(settings, "OLEA_SHARE_FONT")
    if font and not os.path.isfile(font):
        notice(
            "pelicanconf.py",
            0,
            f"the share image's font {font} is not on this machine; Pillow's own is used",
            "install fonts-dejavu-core (Debian, Ubuntu) or set OLEA_SHARE_FONT to a .ttf file.",
        )
        font = None
    try:
        inputs = repr((lines_of_text(settings), token_colors(settings), font, SIZE))
    except (OSError, ValueError) as error:
        report(
            "theme/css/tokens.css",
            0,
            f"no share image: {error}",
            "keep the colours OLEA_SHARE_COLORS names in tokens.css's :root block.",
        )
        return
    key = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:16]
    kept = Path(settings["CACHE_PATH"]) / f"share-{key}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    if settings.get("LOAD_CONTENT_CACHE") and kept.is_file():
        shutil.copyfile(kept, target)
        return
    data = draw(settings, font)
    target.write_bytes(data)
    if settings.get("CACHE_CONTENT"):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(data)
