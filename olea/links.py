"""Internal links: every {filename}, {static} and {attach} link, and every
#anchor, must lead somewhere before a single page is written.

Pelican's own warning for a broken link does not say which file holds it; this
check runs once all content is read and names the file and line.
"""

from __future__ import annotations

import fnmatch
import html
import os
import posixpath
import re
from urllib.parse import unquote

from olea import site
from olea.allowlist import scheme
from olea.compat import body
from olea.photos import is_original, without_pictures
from olea.problems import gates_on, report, text_line

DEFAULTS = {
    # Anchors the theme adds to every article page, so links to them are valid.
    "OLEA_LINKS_THEME_ANCHORS": ("main-content", "references", "contents", "urgent-help"),
}
_HREF = re.compile(r"""<(?:a|img)\b[^>]*\b(?:href|src)\s*=\s*["']([^"'{#][^"']*)["']""", re.I)

_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_SAME_PAGE = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']#([^"']*)["']""")


def intrasite_links(settings) -> re.Pattern:
    """Links written {filename}…, {static}…, {attach}… in a body's HTML.

    The same pattern Pelican replaces them with, built from its public
    INTRASITE_LINK_REGEX setting: what Pelican would rewrite, this checks.
    """
    return re.compile(
        rf"""(?P<markup><[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
        (?P<quote>["'])(?P<path>{settings["INTRASITE_LINK_REGEX"]}(?P<value>.*?))(?P=quote)""",
        re.X,
    )


def _anchors(content) -> set[str]:
    return set(_ID.findall(body(content)))


def _target(content, value: str) -> str:
    """The target's path relative to the content folder, as Pelican resolves it."""
    if value.startswith("/"):
        return posixpath.normpath(value[1:])
    here = content.relative_dir.replace(os.sep, "/")
    return posixpath.normpath(posixpath.join(here, value))


def check_links(generators) -> None:
    if not generators or not gates_on(generators[0].settings):
        return
    context = generators[0].context
    settings = generators[0].settings
    root = settings["PATH"]
    theme_anchors = set(
        settings.get("OLEA_LINKS_THEME_ANCHORS", DEFAULTS["OLEA_LINKS_THEME_ANCHORS"])
    )
    generated = context.get("generated_content", {})
    addresses = _site_addresses(generators, settings, root)
    pattern = intrasite_links(settings)
    for content in site.all_content(generators):
        if not content.source_path:
            continue
        _check_one(content, root, generated, theme_anchors, pattern)
        _check_relative(content, addresses)


def _site_addresses(generators, settings, root) -> set[str]:
    """Every path below the site root a plain link may lead to ("" is home)."""
    urls = {address.url for address in site.pages(generators, settings)}
    # Files Pelican ignores (diagrams, inlined) and photo originals (olea.photos
    # publishes copies) are never published.
    ignored = settings.get("IGNORE_FILES", ())
    for static_dir in settings.get("STATIC_PATHS", ()):
        for folder, _, files in os.walk(os.path.join(root, static_dir)):
            rel = os.path.relpath(folder, root).replace(os.sep, "/")
            urls.update(
                posixpath.join(rel, f)
                for f in files
                if not any(fnmatch.fnmatch(f, pattern) for pattern in ignored)
                and not is_original(posixpath.join(rel, f), settings)
            )
    return {u.strip("/") for u in urls}


def _check_relative(content, addresses: set[str]) -> None:
    """Plain links inside the site (../slug/, /category/x/) lead to a real address."""
    for raw in _HREF.findall(without_pictures(body(content))):
        href = html.unescape(raw)
        # Another site, or a scheme (olea.allowlist and olea.structure judge those).
        if scheme(href) or href.startswith("//"):
            continue
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        if not path:
            continue
        here = posixpath.dirname(content.url.rstrip("/") + "/x")
        target = posixpath.normpath(
            path.lstrip("/") if path.startswith("/") else posixpath.join(here, path)
        ).strip("/")
        target = target.removesuffix("/index.html").removesuffix("index.html")
        if target in (".", ""):
            target = ""
        if target not in addresses:
            report(
                content.source_path,
                text_line(content.source_path, href),
                f"the link {href} leads to /{target}, which the site does not have",
                "link to articles with {filename}/articles/SLUG/index.md, which the "
                "build keeps right when addresses change.",
            )


def _check_one(content, root, generated, theme_anchors, pattern) -> None:
    path = content.source_path
    html = body(content)
    for m in pattern.finditer(html):
        what = m.group("what")
        if what not in ("filename", "static", "attach"):
            continue
        raw = m.group("value")
        value, _, fragment = raw.partition("#")
        value = unquote(value.split("?", 1)[0])
        line = text_line(path, raw) or text_line(path, value)
        link = "{" + what + "}" + raw
        target = _target(content, value)
        if not value:
            continue
        if not os.path.exists(os.path.join(root, target)):
            report(
                path,
                line,
                f"the link {link} points to {target}, which does not exist",
                "check the spelling and the path: it is relative to this file, "
                "or to content/ when it starts with '/'.",
            )
            continue
        if what == "filename":
            linked = generated.get(target) or generated.get(target.replace("/", os.sep))
            if linked is None:
                report(
                    path,
                    line,
                    f"the link {link} points to {target}, which is not published",
                    "link to a published article or page, or use {static} for a file.",
                )
                continue
            if fragment and fragment not in _anchors(linked) | theme_anchors:
                report(
                    path,
                    line,
                    f"the link {link} points to #{fragment}, which is not a heading in {target}",
                    "use the heading's id: its words in lower case joined by '-'.",
                )
    fragments = _SAME_PAGE.findall(html)
    # The theme's anchors, and each numbered reference the citations lead to.
    numbered = {f"ref-{n}" for n in range(1, len(getattr(content, "references", [])) + 1)}
    own = _anchors(content) | theme_anchors | numbered if fragments else set()
    for fragment in fragments:
        if fragment and unquote(fragment) not in own:
            report(
                path,
                text_line(path, "#" + fragment),
                f"the link #{fragment} points to no heading on this page",
                "use the heading's id: its words in lower case joined by '-'.",
            )
