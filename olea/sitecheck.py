"""Read a built site the way a visitor's browser and a crawler would.

Shared by the tests (tests/sitecheck.py) and by make publish's verification.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageInfo:
    path: Path
    title: str = ""
    h1_count: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, url)
    scripts: int = 0
    script_tags: list[tuple[str, str]] = field(default_factory=list)  # (src, type)
    handlers: list[str] = field(default_factory=list)  # "tag onclick"
    style_attributes: list[str] = field(default_factory=list)  # the tags that have one
    lang: str = ""


class _Collector(HTMLParser):
    def __init__(self, info: PageInfo):
        super().__init__(convert_charrefs=True)
        self.info = info
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.info.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.info.ids.add(a["name"])
        if tag == "html":
            self.info.lang = a.get("lang", "")
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self.info.h1_count += 1
        if tag == "meta" and ("name" in a or "property" in a):
            self.info.meta[a.get("name") or a.get("property")] = a.get("content", "")
        if tag == "script":
            self.info.scripts += 1
            self.info.script_tags.append((a.get("src") or "", a.get("type") or ""))
        for name in a:
            if name.lower().startswith("on"):
                self.info.handlers.append(f"{tag} {name}")
            elif name.lower() == "style":
                self.info.style_attributes.append(tag)
        name = f"link[{a.get('rel', '')}]" if tag == "link" else tag
        for attr in ("href", "src", "srcset", "poster", "data", "action"):
            if a.get(attr):
                self.info.links.append((f"{name}.{attr}", a[attr]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.info.title += data


def parse_page(path: Path) -> PageInfo:
    info = PageInfo(path)
    _Collector(info).feed(path.read_text(encoding="utf-8"))
    info.title = info.title.strip()
    return info


# Elements that only point somewhere; everything else loads what it names.
POINTERS = ("a.href", "link[canonical].href", "link[alternate].href", "form.action")


def loads(where: str) -> bool:
    """Whether a browser fetches this URL when it shows the page."""
    return where not in POINTERS


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("//")


def resolve(root: Path, page: Path, url: str, base_path: str = "") -> tuple[Path, str]:
    """The output file an internal URL on `page` leads to, and its #fragment."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if path.startswith("/"):
        if base_path and path.startswith(base_path):
            path = path[len(base_path) :]
        rel = path.lstrip("/")
    else:
        here = page.parent.relative_to(root).as_posix()
        rel = posixpath.normpath(posixpath.join(here, path))
        if path.endswith("/"):
            rel += "/"
    target = root / rel
    if rel in ("", ".", "./") or rel.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def internal_path(url: str, siteurl: str = "") -> str | None:
    """The site's own form of `url` (a path with its #fragment) if it points into the site.

    Published pages link with absolute URLs (RELATIVE_URLS is off), so a link
    that starts with SITEURL is as internal as a relative one.
    """
    if url.startswith(("mailto:", "tel:", "data:")):
        return None
    site = siteurl.rstrip("/")
    if site and (url == site or url.startswith(site + "/") or url.startswith(site + "#")):
        parts = urlsplit(url)
        return (parts.path or "/") + (f"#{parts.fragment}" if parts.fragment else "")
    return url if is_internal(url) else None


def broken_links(root: Path, siteurl: str = "") -> list[str]:
    """Every internal link or fragment in the built site that leads nowhere."""
    base_path = urlsplit(siteurl).path.rstrip("/") if siteurl else ""
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root)
        for where, url in parse_page(page).links:
            candidates = [c.strip().split(" ")[0] for c in url.split(",")]
            for one in candidates if where.endswith(".srcset") else [url]:
                path = internal_path(one, siteurl)
                if path is None:
                    continue
                if base_path and path.startswith("/") and not path.startswith(base_path + "/"):
                    # Under a sub-path (GitHub project pages) this leaves the site.
                    broken.append(f"{rel}: {where}={one} -> outside {base_path}/")
                    continue
                target, fragment = resolve(root, page, path, base_path)
                if not target.exists():
                    missing = os.path.relpath(target, root)
                    broken.append(f"{rel}: {where}={one} -> no file {missing}")
                elif fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = parse_page(target).ids
                    if fragment not in ids[target]:
                        broken.append(f"{rel}: {where}={one} -> no id '{fragment}'")
    return broken


def foreign_content(page: PageInfo, siteurl: str = "", theme_scripts=()) -> list[str]:
    """What in a built page breaks the site's promises: a script that is not the
    theme's own, an inline event handler, a style attribute, or anything a
    browser would load from another origin."""
    found = []
    for src, kind in page.script_tags:
        if kind == "application/ld+json" and not src:
            continue  # structured data, never run
        if src and internal_path(src, siteurl) in theme_scripts:
            continue
        found.append(f"a script that is not the theme's own ({src or 'inline'})")
    found += [f"an inline event handler ({h})" for h in page.handlers]
    found += [f"a style attribute on <{tag}>" for tag in page.style_attributes]
    for where, url in page.links:
        urls = (
            [c.strip().split(" ")[0] for c in url.split(",")]
            if where.endswith(".srcset")
            else [url]
        )
        for one in urls:
            if loads(where) and internal_path(one, siteurl) is None:
                found.append(f"{where}={one} loads from another origin")
    return found
