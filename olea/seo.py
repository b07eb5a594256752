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

With more than one language (olea.languages), each language's site has its own
sitemap (the sitemaps.org protocol lets a sitemap list only URLs under its own
folder), and every entry names each version of its page in every language, its
own included, with an xhtml:link (hreflang), as does every page's head; the
main language's version is x-default. The main site's robots.txt names every
sitemap; a sub-site writes none (robots.txt belongs at the root only).
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

_XHTML = "http://www.w3.org/1999/xhtml"


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def collect(generators) -> None:
    """all_generators_finalized: every public page's URL and date, in a fixed order."""
    settings = generators[0].settings
    _STATE["entries"] = [(a.url, a.lastmod) for a in site.pages(generators, settings) if a.public]


def hreflang_links(root_url: str, versions) -> list[tuple[str, str]]:
    """(hreflang, absolute or root-relative URL) of each version, then x-default.

    `versions` is [(code, path from the site's root), ...], the main language
    first; fewer than two versions need no links at all.
    """
    if not versions or len(versions) < 2:
        return []
    links = [(code, f"{root_url}/{path}") for code, path in versions]
    return [*links, ("x-default", links[0][1])]


def sitemap_xml(siteurl: str, entries, alternates=None, root_url: str = "") -> str:
    alternates = alternates or {}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        + (f' xmlns:xhtml="{_XHTML}">' if alternates else ">"),
    ]
    for url, day in entries:
        lines.append(f"  <url><loc>{escape(f'{siteurl}/{url}')}</loc>")
        if day:
            lines.append(f"    <lastmod>{day}</lastmod>")
        for code, href in hreflang_links(root_url, alternates.get(url)):
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{code}" href="{escape(href)}"/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(siteurl: str, sitemap: str, subsites=()) -> str:
    text = "User-agent: *\nAllow: /\n"
    if siteurl:
        text += "\n" + "".join(f"Sitemap: {siteurl}/{p}{sitemap}\n" for p in ["", *subsites])
    return text


def write(pelican) -> None:
    """finalized: write both files into the output."""
    settings = pelican.settings
    out = settings["OUTPUT_PATH"]
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    sitemap = _setting(settings, "OLEA_SITEMAP")
    root_url = (settings.get("OLEA_ROOT_URL") or "").rstrip("/")
    # A sub-site's SITEURL is "/es" even in development: the site's root decides.
    if siteurl and (root_url or not settings.get("OLEA_LANG_PREFIX")):
        with open(os.path.join(out, sitemap), "w", encoding="utf-8") as f:
            f.write(
                sitemap_xml(
                    siteurl, _STATE["entries"], settings.get("OLEA_ALTERNATES") or {}, root_url
                )
            )
    robots = _setting(settings, "OLEA_ROBOTS")
    if robots:
        with open(os.path.join(out, robots), "w", encoding="utf-8") as f:
            f.write(robots_txt(siteurl, sitemap, settings.get("OLEA_SUBSITES") or ()))
