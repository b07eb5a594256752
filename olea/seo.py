"""Search-engine files: sitemap.xml and robots.txt, written after every build.

robots.txt is generated (not copied from content/extra) so that a publish build
can name the sitemap by its absolute URL, which the robots.txt standard needs.
The sitemap protocol needs absolute URLs too, so sitemap.xml is written only
when SITEURL is set (publish, or a test build with OLEA_SITEURL); development
builds serve from "" and get a robots.txt without a Sitemap line.

The sitemap lists the public pages of the site model (olea.site.pages), each
with the date a reader would trust most (olea.site.lastmod): last_reviewed (a
medical review is the meaningful change), else modified, else the publication
date; the home page takes the newest.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from olea import site

DEFAULTS = {
    "OLEA_SITEMAP": "sitemap.xml",
    "OLEA_ROBOTS": "robots.txt",
}

# This build's public pages, from the generators' end to the build's.
_STATE: dict = {"entries": []}


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def collect(generators) -> None:
    """all_generators_finalized: every public page's URL and date, in a fixed order."""
    settings = generators[0].settings
    _STATE["entries"] = [(a.url, a.lastmod) for a in site.pages(generators, settings) if a.public]


def sitemap_xml(siteurl: str, entries) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, day in entries:
        lines.append(f"  <url><loc>{escape(f'{siteurl}/{url}')}</loc>")
        if day:
            lines.append(f"    <lastmod>{day}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl: str, sitemap: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if siteurl:
        text += f"\nSitemap: {siteurl}/{sitemap}\n"
    return text


def write(pelican) -> None:
    """finalized: write both files into the output."""
    settings = pelican.settings
    out = settings["OUTPUT_PATH"]
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    sitemap = _setting(settings, "OLEA_SITEMAP")
    if siteurl:
        with open(os.path.join(out, sitemap), "w", encoding="utf-8") as f:
            f.write(sitemap_xml(siteurl, _STATE["entries"]))
    with open(os.path.join(out, _setting(settings, "OLEA_ROBOTS")), "w", encoding="utf-8") as f:
        f.write(robots_txt(siteurl, sitemap))
