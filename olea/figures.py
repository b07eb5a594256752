"""Diagrams drawn in SVG, inlined into the article as figures.

An author writes `![what it shows](diagram-hamstrings.svg "Caption")` on a line
of its own, with the SVG beside index.md. An <img> could not take the page's
colours, so this plugin puts the SVG itself into the page with the theme's
diagram component (theme/components/diagram/, a figure with its caption): the
alt text becomes the SVG's <title> (its accessible name) and the title its
caption. Its shapes and labels carry classes that the component's diagram.css
colours from the theme's tokens, so one drawing serves light and dark mode.

The SVG becomes part of the page, so it is cleaned first: no scripts, event
handlers, styles, animation, foreign content or references to other files;
ids get a per-figure prefix so that two diagrams on one page cannot clash.

This runs at content_object_init, after the reader cache, so an edited SVG
shows on the next rebuild even when its article did not change; and before
olea.structure, which would otherwise treat the <img> as a picture to publish.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

from pelican.contents import Article, Page

from olea.compat import body, set_body
from olea.problems import lines_of, relpath, report, text_line
from olea.templates import theme_macro

DEFAULTS = {
    # The class added to every inlined <svg> (styled by components/diagram/diagram.css).
    "OLEA_FIGURES_SVG_CLASS": "olea-diagram",
    # Prefix of the ids in a page's diagrams; the figure's number follows it.
    "OLEA_FIGURES_ID_PREFIX": "olea-fig",
}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements that can run code, restyle the whole page, pull in other documents
# or change attributes after the clean-up (set/animate can write an href).
_DROP = {
    "script",
    "style",
    "foreignObject",
    "iframe",
    "set",
    "animate",
    "animateMotion",
    "animateTransform",
    "discard",
}
# An image alone in its paragraph (a figure), or any other image (group 2).
_IMG = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>|(<img\b[^>]*>)", re.I)
_ATTR = re.compile(r"""\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)")
_ANY_URL = re.compile(r"url\(\s*(?!['\"]?#)", re.I)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*>", re.I)


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def _line(path: str, src: str, nth: int) -> int:
    """The line of the nth image of `src` (the same diagram may appear twice)."""
    seen = 0
    for number, line in enumerate(lines_of(path), 1):
        seen += line.count(f"]({src}")
        if seen >= nth:
            return number
    return 0


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html_lib.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTR.finditer(tag)
    }


def _local_svg(src: str) -> bool:
    parts = urlsplit(src)
    if src.startswith(("{", "/")) or parts.scheme or parts.netloc:
        return False
    return parts.path.lower().endswith(".svg")


class SvgProblem(Exception):
    """What is wrong with an SVG file, in words for its author."""


class SvgUnsafe(Exception):
    """What the clean-up would have to remove: [(text to find in the file, what it is)]."""

    def __init__(self, found: list[tuple[str, str]]):
        super().__init__(", ".join(what for _, what in found))
        self.found = found


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _namespace(name: str) -> str:
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def clean_svg(text: str, alt: str, prefix: str, svg_class: str) -> str:
    """The SVG as safe inline markup named by `alt`, its ids prefixed with `prefix`.

    Nothing is removed silently: what could run code, restyle the page, load
    another file or come from an editor's own namespace is gathered and raised
    as SvgUnsafe, for the author to take out of the file. Only the drawing's
    own <title> is replaced (by the alt text), and its width and height left to
    the CSS.
    """
    if "<!ENTITY" in text:
        raise SvgProblem("it declares XML entities, which are not allowed in a diagram")
    try:
        root = ET.fromstring(_DOCTYPE.sub("", text))
    except ET.ParseError as e:
        raise SvgProblem(f"it is not well-formed XML ({e})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgProblem("its top element is not <svg> in the SVG namespace")
    if not root.get("viewBox"):
        raise SvgProblem("it has no viewBox, so it cannot scale to the screen")

    unsafe: list[tuple[str, str]] = []

    # Editor namespaces (Inkscape, Illustrator) and unsafe elements, children and all.
    def weed(parent) -> None:
        for child in list(parent):
            if not isinstance(child.tag, str):
                parent.remove(child)  # a comment or processing instruction: never shown
                continue
            foreign = _namespace(child.tag) != SVG_NS
            name = _local(child.tag)
            if foreign:
                unsafe.append((f":{name}", f"the editor's element <{name}>"))
            elif name in _DROP:
                unsafe.append((f"<{name}", f"a <{name}> element"))
            if foreign or name in _DROP or (parent is root and name == "title"):
                parent.remove(child)
            else:
                weed(child)

    weed(root)

    ids = {el.get("id") for el in root.iter() if el.get("id")}

    def rename(value: str) -> str:
        return _URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value)

    for el in root.iter():
        el.tag = _local(el.tag)
        for name, value in list(el.attrib.items()):
            del el.attrib[name]
            local = _local(name)
            if _namespace(name) not in ("", XLINK_NS):
                unsafe.append((f":{local}=", f"the editor's attribute {local}"))
                continue
            if local.lower().startswith("on"):
                unsafe.append((f"{local}=", f"the attribute {local} (it runs a script)"))
                continue
            if local == "href":
                if not value.startswith("#") or value[1:] not in ids:
                    # another file or a javascript: link: never inline that
                    unsafe.append((value, f"a link to {value}"))
                    continue
                value = f"#{prefix}{value[1:]}"
            elif _ANY_URL.search(value):
                # url(...) of another file, in style or a paint attribute
                unsafe.append((value, f"{value} (it points outside the drawing)"))
                continue
            elif local == "id":
                value = prefix + value
            elif local in ("aria-labelledby", "aria-describedby"):
                value = " ".join(prefix + v if v in ids else v for v in value.split())
            el.set(local, rename(value))
        # Indentation between elements is only bytes; text inside <text> stays.
        if el.text is not None and not el.text.strip() and len(el):
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None

    if unsafe:
        raise SvgUnsafe(unsafe)
    for name in ("width", "height"):
        root.attrib.pop(name, None)  # CSS sizes it from the viewBox
    root.set("class", " ".join(filter(None, [svg_class, root.get("class")])))
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}title")
    title = ET.Element("title", {"id": f"{prefix}title"})
    title.text = alt
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode")


def inline_diagrams(content) -> None:
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    html = body(content)
    if ".svg" not in html.lower():
        return
    settings = content.settings
    path = content.source_path
    here = os.path.dirname(path)
    macro = theme_macro(settings, "components/diagram/diagram.html", "diagram")
    count = 0
    seen: dict[str, int] = {}

    def figure(m: re.Match) -> str:
        nonlocal count
        attrs = _attrs(m.group(1) or m.group(2))
        src = attrs.get("src", "")
        if not _local_svg(src):
            return m.group(0)
        seen[src] = seen.get(src, 0) + 1
        line = _line(path, src, seen[src])
        if m.group(2):
            # A diagram inside a sentence would put a <figure> in a <p>: not valid HTML.
            report(
                path,
                line,
                f"the diagram {src} is inside a paragraph",
                "put the ![...](file.svg) line on its own, with a blank line above and below.",
            )
            return ""
        alt = " ".join(attrs.get("alt", "").split())
        if not alt:
            report(
                path,
                line,
                f"the diagram {src} has no alt text",
                "say what it shows between the brackets: ![what the diagram shows](file.svg).",
            )
            return ""
        file = os.path.normpath(os.path.join(here, unquote(urlsplit(src).path)))
        if not os.path.isfile(file):
            report(
                path,
                line,
                f"the diagram {src} does not exist",
                "put the SVG in the article's folder, beside index.md, and check the name.",
            )
            return ""
        count += 1
        prefix = f"{_setting(settings, 'OLEA_FIGURES_ID_PREFIX')}{count}-"
        try:
            with open(file, encoding="utf-8-sig") as f:
                svg = clean_svg(f.read(), alt, prefix, _setting(settings, "OLEA_FIGURES_SVG_CLASS"))
        except SvgUnsafe as unsafe:
            # Each named in the SVG file itself, where the author takes it out.
            for needle, what in unsafe.found:
                report(
                    file,
                    text_line(file, needle),
                    f"the diagram has {what}, which is not allowed in a diagram",
                    "delete it from the SVG (the diagram becomes part of the page, where it "
                    "could run code or load other files), or save it as plain SVG; "
                    f"{relpath(path)} shows it at line {line}.",
                )
            return ""
        except (OSError, UnicodeDecodeError, SvgProblem) as e:
            report(
                path,
                line,
                f"the diagram {src} cannot be used: {e}",
                "save it again as plain SVG (hand-written or 'plain SVG' from the editor).",
            )
            return ""
        caption = html_lib.escape(" ".join(attrs.get("title", "").split()), quote=False)
        return str(macro(svg=svg, caption=caption)).strip()

    set_body(content, _IMG.sub(figure, html))
