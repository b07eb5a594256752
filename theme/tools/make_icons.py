"""Draw the site's icons from one description of the mark: an olive leaf.

Writes theme/static/favicon.svg (what browsers use), and with Pillow the PNG
fallbacks: favicon-32.png for browsers without SVG icons and
apple-touch-icon.png (180x180, square: iOS rounds the corners itself).
The PNGs are committed, so the build never needs Pillow to draw them; run this
again only when the mark changes, and keep the inline copy in base.html's
header in step.

Usage: python theme/tools/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "static"

OLIVE = "#4f6228"  # --olea-color-accent (light)
CREAM = "#fbfaf4"  # --olea-color-bg (light)

# On a 32-unit grid: the leaf is two curves from its stem (8, 24) to its tip
# (25, 7); the vein is a straight line part of the way.
LEAF_SVG = "M8 24C8 13 15 7 25 7c0 10-6 17-17 17z"
LEAF_CURVES = (((8, 24), (8, 13), (15, 7), (25, 7)), ((25, 7), (25, 17), (19, 24), (8, 24)))
VEIN = ((8, 24), (20, 12))
VEIN_WIDTH = 1.6


def svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="8" fill="{OLIVE}"/>'
        f'<path d="{LEAF_SVG}" fill="{CREAM}"/>'
        f'<path d="M{VEIN[0][0]} {VEIN[0][1]} {VEIN[1][0]} {VEIN[1][1]}" stroke="{OLIVE}" '
        f'stroke-width="{VEIN_WIDTH}" stroke-linecap="round"/></svg>\n'
    )


def _bezier(p0, p1, p2, p3, steps=48):
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        yield (
            u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
            u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
        )


def png(size: int, rounded: bool) -> Image.Image:
    """Drawn 8 times larger, then scaled down: Pillow's shapes have no anti-aliasing."""
    big = size * 8
    k = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=8 * k, fill=OLIVE)
    else:
        draw.rectangle((0, 0, big, big), fill=OLIVE)
    outline = [(x * k, y * k) for curve in LEAF_CURVES for x, y in _bezier(*curve)]
    draw.polygon(outline, fill=CREAM)
    (x0, y0), (x1, y1) = VEIN
    width = round(VEIN_WIDTH * k)
    draw.line((x0 * k, y0 * k, x1 * k, y1 * k), fill=OLIVE, width=width)
    for x, y in VEIN:  # round caps
        r = width / 2
        draw.ellipse((x * k - r, y * k - r, x * k + r, y * k + r), fill=OLIVE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    (STATIC / "favicon.svg").write_text(svg(), encoding="utf-8")
    png(32, rounded=True).save(STATIC / "favicon-32.png", optimize=True)
    png(180, rounded=False).convert("RGB").save(STATIC / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
