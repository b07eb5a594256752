"""Check the theme's colour pairs against WCAG 2.2 AA, in light and dark.

Reads the custom properties in theme/css/tokens.css (the :root block,
and the one inside prefers-color-scheme: dark) and prints the contrast ratio
of every pair the stylesheets put together, for the comment in tokens.css.
tests/site/test_theme.py runs the same check, so a token change that breaks AA
fails the tests.

Usage: python -m olea.contrast [--write]   (--write updates the comment)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TOKENS = Path(__file__).resolve().parent.parent / "theme" / "css" / "tokens.css"

# (foreground, background, minimum): 4.5 for text, 3 for large text, borders
# that identify a control, and focus indicators (WCAG 1.4.3, 1.4.11, 2.4.13).
PAIRS = (
    ("text", "bg", 4.5),
    ("text", "surface", 4.5),
    ("muted", "bg", 4.5),
    ("muted", "surface", 4.5),
    ("link", "bg", 4.5),
    ("link", "surface", 4.5),
    ("heading", "bg", 4.5),
    ("heading", "surface", 4.5),
    ("on-accent", "accent", 4.5),
    ("accent", "bg", 3),
    ("accent", "surface", 3),
    ("border-strong", "bg", 3),
    ("border-strong", "surface", 3),
    ("focus", "bg", 3),
    ("focus", "surface", 3),
    ("text", "focus-bg", 4.5),
    ("link", "focus-bg", 4.5),
    ("on-emergency", "emergency", 4.5),
    ("emergency", "bg", 3),
    ("emergency", "surface", 3),
    ("text", "emergency-tint", 4.5),
    ("on-urgent", "urgent", 4.5),
    ("text", "urgent-tint", 4.5),
    ("on-routine", "routine", 4.5),
    ("text", "routine-tint", 4.5),
    ("link", "emergency-tint", 4.5),
    ("link", "urgent-tint", 4.5),
    ("link", "routine-tint", 4.5),
    # Anatomy diagrams: labels sit on the page, shapes must stand out from it
    # and muscles from the bone they lie on (components/diagram/diagram.css).
    ("diagram-bone", "bg", 3),
    ("diagram-muscle", "bg", 3),
    ("diagram-muscle-alt", "bg", 3),
    ("diagram-muscle", "diagram-bone-fill", 3),
    ("diagram-muscle-alt", "diagram-bone-fill", 3),
    ("text", "diagram-bone-fill", 4.5),
)

_BLOCK = re.compile(r":root\s*\{(.*?)\}", re.S)
_PROP = re.compile(r"--olea-color-([a-z-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;")


def schemes(css: str) -> dict[str, dict[str, str]]:
    """{'light': {name: '#rrggbb'}, 'dark': {...}}; dark inherits what it does not set."""
    light_css, _, dark_css = css.partition("prefers-color-scheme: dark")
    light = dict(_PROP.findall("".join(_BLOCK.findall(light_css))))
    dark = {**light, **dict(_PROP.findall("".join(_BLOCK.findall(dark_css))))}
    return {"light": light, "dark": dark}


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check(css: str | None = None) -> list[tuple[str, str, str, float, float]]:
    """(scheme, foreground, background, ratio, minimum) for every pair."""
    css = css if css is not None else TOKENS.read_text(encoding="utf-8")
    rows = []
    for scheme, colours in schemes(css).items():
        for fg, bg, minimum in PAIRS:
            rows.append((scheme, fg, bg, ratio(colours[fg], colours[bg]), minimum))
    return rows


def table(rows) -> list[str]:
    """The comment's lines, one per pair; a pair below its minimum says FAILS."""
    return [
        f"  {scheme:5} {fg:>14} on {bg:<15}{value:6.2f}:1 (min {minimum:g})"
        + ("" if value >= minimum else "  FAILS")
        for scheme, fg, bg, value, minimum in rows
    ]


_TABLE = re.compile(r"(computes these and\n.*?\n)(.*?)(\n\*/)", re.S)


def write_table(css: str) -> str:
    """tokens.css with its contrast comment replaced by the current table."""
    lines = "\n".join(table(check(css)))
    return _TABLE.sub(lambda m: m.group(1) + lines + m.group(3), css, count=1)


def main(argv: list[str]) -> int:
    rows = check()
    print("\n".join(table(rows)))
    if "--write" in argv:
        TOKENS.write_text(write_table(TOKENS.read_text(encoding="utf-8")), encoding="utf-8")
    return 1 if any(value < minimum for *_, value, minimum in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
