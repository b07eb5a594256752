"""Search-engine files: sitemap.xml and robots.txt, written after every build.

robots.txt is generated (not copied from content/extra) so that a publish build
can name the sitemap by its absolute URL, which the robots.txt standard needs.
The sitemap protocol needs absolute URLs too, so sitemap.xml is written only
when SITEURL is set (publish, or a test build with OLEA_SITEURL); development
builds serve from "" and get a robots.txt without a Sitemap line.

lastmod is the date a reader would trust most: last_reviewed (a medical review
is the meaningful change), else modified, else the publication date.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from xml.sax.saxutils import escape

from pelican import signals

DEFAULTS = {
    "OLEA_SITEMAP": "sitemap.xml",
    "OLEA_ROBOTS": "robots.txt",
}

_STATE: dict = {"entries": []}


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def _day(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


def lastmod(content) -> str:
    for attr in ("last_reviewed", "modified", "date"):
        day = _day(getattr(content, attr, None))
        if day:
            return day
    return ""


def collect(generators) -> None:
    """Every public page's URL and date, in a fixed order (same file every build)."""
    entries: list[tuple[str, str]] = [("", "")]
    newest = ""
    for generator in generators:
        for article in getattr(generator, "articles", []):
            day = lastmod(article)
            newest = max(newest, day)
            entries.append((article.url, day))
        for page in getattr(generator, "pages", []):
            entries.append((page.url, lastmod(page)))
    for generator in generators:
        for name in ("categories", "tags", "regions"):
            items = getattr(generator, name, [])
            items = items.items() if isinstance(items, dict) else items
            for item, _articles in sorted(items, key=lambda pair: pair[0].slug):
                entries.append((item.url, ""))
    settings = generators[0].settings
    lists = ("CATEGORIES_URL", "TAGS_URL", "ARCHIVES_URL", "SEARCH_URL", "OLEA_REGIONS_URL")
    for url_setting in lists:
        if settings.get(url_setting):
            entries.append((settings[url_setting], ""))
    entries[0] = ("", newest)
    seen: set[str] = set()
    _STATE["entries"] = [e for e in entries if not (e[0] in seen or seen.add(e[0]))]


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
    settings = pelican.settings
    out = settings["OUTPUT_PATH"]
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    sitemap = _setting(settings, "OLEA_SITEMAP")
    if siteurl:
        with open(os.path.join(out, sitemap), "w", encoding="utf-8") as f:
            f.write(sitemap_xml(siteurl, _STATE["entries"]))
    with open(os.path.join(out, _setting(settings, "OLEA_ROBOTS")), "w", encoding="utf-8") as f:
        f.write(robots_txt(siteurl, sitemap))


def register() -> None:
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
