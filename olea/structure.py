"""The shape of an article's body: headings, images and external links.

- Headings start at level 2 (the title is the page's only h1), never skip a
  level on the way down, and are never empty.
- Every image has alt text, and a local image exists beside the article.
  Photos (JPEG, PNG, WebP) are olea.photos's: it checks them first and puts
  each in a <picture>, so an image inside a <picture> is the site's own copy
  (the allowlist refuses an author's <picture>) and is not checked again here.
- External links use https: the site is served over https, and a plain http
  link takes the reader out of it.
"""

from __future__ import annotations

import html as html_lib
import os
import re
from urllib.parse import unquote, urlsplit

from pelican.contents import Article, Page

from olea.compat import body, set_body
from olea.photos import without_pictures
from olea.problems import gates_on, report, text_line

DEFAULTS = {
    # Plain http hosts allowed anyway (none: every source we cite serves https).
    "OLEA_STRUCTURE_HTTP_ALLOWED": (),
}

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"""\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_IMG_SRC = re.compile(r"""(<img\b[^>]*\bsrc\s*=\s*["'])([^"']+)(["'])""", re.I)
_HTTP_LINK = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["'](http://[^"']+)["']""", re.I)
_TAG = re.compile(r"<[^>]+>")


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(tag)
    }


def check_structure(content) -> None:
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    if not gates_on(content.settings):
        return
    html = body(content)
    path = content.source_path
    _check_headings(path, html)
    _check_images(content, path, html)
    _check_http(content.settings, path, html)


def _line(path: str, marks: str, words: str) -> int:
    """A heading's line in the source: looked up only for a heading that is reported."""
    return text_line(path, f"{marks} {words[:30]}" if words else marks)


def _check_headings(path: str, body: str) -> None:
    previous = 1  # the page title
    for m in _HEADING.finditer(body):
        level, inner = int(m.group(1)), m.group(2)
        words = html_lib.unescape(_TAG.sub("", inner)).replace("\u00a0", " ").strip()
        marks = "#" * level
        if not words:
            report(
                path,
                _line(path, marks, words),
                f"an empty level-{level} heading",
                "write the heading's words after the # marks, or remove the line.",
            )
        if level == 1:
            report(
                path,
                _line(path, marks, words),
                f"the heading '{words}' is a top-level heading (# )",
                "the title is the page's only top heading: use '## ' here.",
            )
        elif level > previous + 1:
            report(
                path,
                _line(path, marks, words),
                f"the heading '{words}' jumps from level {previous} to level {level}",
                f"use {'#' * (previous + 1)} here, or add the missing level above it.",
            )
        previous = level


def _check_images(content, path: str, body: str) -> None:
    here = os.path.dirname(content.source_path)
    for tag in _IMG.findall(without_pictures(body)):
        attrs = _attrs(tag)
        src = attrs.get("src", "")
        line = text_line(path, src.split("}")[-1]) if src else 0
        if not attrs.get("alt", "").strip():
            report(
                path,
                line,
                f"the image {src or '(no src)'} has no alt text",
                "describe what it shows between the brackets: ![what it shows](file).",
            )
        parts = urlsplit(src)
        if src.startswith("{") or parts.scheme or parts.netloc or not parts.path:
            continue  # olea.links checks {static}/{attach}; remote images are not ours
        target = os.path.normpath(os.path.join(here, unquote(parts.path)))
        if not os.path.isfile(target):
            report(
                path,
                line,
                f"the image {src} does not exist",
                "put the file in the article's folder, beside index.md, and check the name.",
            )


def attach_local_images(content) -> None:
    """Let authors write ![alt](photo.png) for a picture beside the article.

    Pelican would publish that file under /articles/SLUG/, where the page's
    relative link does not reach; {attach} publishes it beside the page.
    """
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    here = os.path.dirname(content.source_path)

    def attach(m: re.Match) -> str:
        src = m.group(2)
        parts = urlsplit(src)
        local = not (src.startswith(("{", "/")) or parts.scheme or parts.netloc)
        if local and parts.path and os.path.isfile(os.path.join(here, unquote(parts.path))):
            return f"{m.group(1)}{{attach}}{src}{m.group(3)}"
        return m.group(0)

    set_body(content, _IMG_SRC.sub(attach, body(content)))


def _check_http(settings, path: str, body: str) -> None:
    allowed = settings.get("OLEA_STRUCTURE_HTTP_ALLOWED", DEFAULTS["OLEA_STRUCTURE_HTTP_ALLOWED"])
    for url in _HTTP_LINK.findall(body):
        if urlsplit(url).hostname in allowed:
            continue
        report(
            path,
            text_line(path, url),
            f"the link {url} is not https",
            "use https:// (almost every site serves it); if it truly has none, "
            "ask for its host to be added to OLEA_STRUCTURE_HTTP_ALLOWED.",
        )
