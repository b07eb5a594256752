"""The HTML an author may put in an article or a page: one allowlist, checked on every build.

Markdown passes raw HTML through, so an article could carry a script, a
tracking pixel or a video from another site. Every article's and page's
body, and its summary, is parsed after Markdown (with lexbor, an HTML5
parser: what a browser would see, entities, odd case and all) and checked
against the lists below: the elements and attributes the site's Markdown
makes, and a few safe ones an author may want. Anything else stops the build,
naming the file and the line of the raw HTML, and saying what to do instead.
CONTRIBUTING.md shows these lists to authors; keep the two in step.

What it refuses, and why:
- elements that run code, style the page, load other sites or send data
  (script, style, iframe, object, embed, form, input, base, meta, link...);
- any on* attribute (runs code) and style attributes (the site's Content
  Security Policy blocks them on hosts that send it, so pages would differ);
- src, srcset or poster on another site (the site loads nothing from others);
- link schemes other than https, mailto and tel, and the site's own pages:
  javascript:, data:, vbscript:... (plain http: links are refused by
  olea.structure, which allows hosts named in OLEA_STRUCTURE_HTTP_ALLOWED).
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

from pelican.contents import Article, Page

from olea.compat import body
from olea.problems import gates_on, report, text_line

# The elements the site's Markdown makes (extra, toc, codehilite, typogrify's
# spans), then the few an author may add by hand.
MARKDOWN_ELEMENTS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
        "hr",
        "br",
        "div",
        "span",
        "sup",
    ]
)
AUTHOR_ELEMENTS = frozenset(["abbr", "sub", "kbd", "figure", "figcaption", "details", "summary"])
ELEMENTS = MARKDOWN_ELEMENTS | AUTHOR_ELEMENTS

# Attributes by element; "*" are allowed on every element above.
ATTRIBUTES = {
    "*": frozenset({"id", "class", "title", "lang"}),
    "a": frozenset({"href", "rel"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"scope", "colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "details": frozenset({"open"}),
}
# Where a link may lead: these schemes, and the site's own pages (no scheme).
SCHEMES = frozenset({"https", "mailto", "tel"})
# Refused elsewhere, with its own message (olea.structure).
CHECKED_ELSEWHERE = frozenset({"http"})
# Attributes whose value the browser fetches as it shows the page.
LOADS = ("src", "srcset", "poster")

# The document around a fragment, which the parser adds itself.
_IMPLIED = frozenset({"html", "head", "body"})

_FIXES = {
    "script": "remove it: an article cannot run scripts.",
    "noscript": "remove it: an article cannot run scripts.",
    "style": "remove it: the theme styles every page.",
    "iframe": "link to it instead, with [what it is](https://…): the site loads nothing "
    "from other sites.",
    "form": "remove it: a form would send readers' details elsewhere; link to the visit and "
    "book page instead.",
    "base": "remove it: the page's head comes from the theme.",
}
for _name in (
    "object",
    "embed",
    "video",
    "audio",
    "source",
    "track",
    "frame",
    "frameset",
    "portal",
    "canvas",
    "svg",
    "math",
):
    _FIXES[_name] = _FIXES["iframe"]
for _name in ("input", "button", "select", "textarea", "option", "label", "fieldset"):
    _FIXES[_name] = _FIXES["form"]
for _name in ("meta", "link", "title"):
    _FIXES[_name] = _FIXES["base"]
_FIX_OTHER = (
    "write it in Markdown, or use one of the elements CONTRIBUTING.md lists under "
    "'HTML in articles'."
)


# Browsers drop tabs and newlines anywhere in a URL, and spaces and control
# characters around it, before they read its scheme (the WHATWG URL standard).
_DROPPED = re.compile(r"[\t\n\r]")
_AROUND = "".join(chr(c) for c in range(0x21))


def scheme(url: str) -> str:
    """The scheme a browser would see ("" for a link within the site)."""
    cleaned = _DROPPED.sub("", url).strip(_AROUND)
    if cleaned.startswith("{"):  # {filename}, {static}, {attach}: Pelican's own links
        return ""
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return found.group(1).lower() if found else ""


def _elsewhere(url: str) -> bool:
    """Whether a browser fetching `url` on this site would ask another origin."""
    cleaned = _DROPPED.sub("", url).strip(_AROUND)
    if cleaned.startswith("{"):
        return False
    parts = urlsplit(cleaned.replace("\\", "/"))
    return bool(parts.scheme or parts.netloc or cleaned.replace("\\", "/").startswith("//"))


def problems(fragment: str) -> list[tuple[str, str, str, str]]:
    """What in this HTML is not allowed: (element, attribute, value, what and fix)."""
    from selectolax.lexbor import LexborHTMLParser

    found = []
    for node in LexborHTMLParser(fragment).root.traverse(include_text=False):
        tag = (node.tag or "").lower()
        if tag.startswith("-"):  # comments and the like carry nothing a browser runs
            continue
        attrs = node.attributes or {}
        if tag in _IMPLIED:
            # Always there (the parser adds them); an author's <body onload> lands here.
            for name in attrs:
                found.append((tag, name, "", f"<{tag} {name}> is not allowed|{_FIX_OTHER}"))
            continue
        if tag not in ELEMENTS:
            found.append(
                (tag, "", "", f"<{tag}> is not allowed here|{_FIXES.get(tag, _FIX_OTHER)}")
            )
            continue
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs.items():
            name = name.lower()
            value = value or ""
            if name.startswith("on"):
                found.append(
                    (
                        tag,
                        name,
                        value,
                        f"the attribute {name} on <{tag}> runs a script"
                        f"|remove {name}=…: an article cannot run scripts.",
                    )
                )
            elif name == "style":
                found.append(
                    (
                        tag,
                        name,
                        value,
                        f"a style attribute on <{tag}>|remove "
                        "style=…: the theme styles every page, and the site's security "
                        "policy blocks inline styles.",
                    )
                )
            elif name not in allowed:
                found.append(
                    (
                        tag,
                        name,
                        value,
                        f"the attribute {name} on <{tag}> is not "
                        f"allowed|remove {name}=… (CONTRIBUTING.md lists what each "
                        "element may have).",
                    )
                )
            elif name in LOADS and _elsewhere(value):
                found.append(
                    (
                        tag,
                        name,
                        value,
                        f"<{tag} {name}> loads {value} from another "
                        "site|link to it instead: the site loads nothing from other "
                        "sites. Put a copy of your own picture beside index.md.",
                    )
                )
            elif name == "href":
                used = scheme(value)
                if used and used not in SCHEMES | CHECKED_ELSEWHERE:
                    found.append(
                        (
                            tag,
                            name,
                            value,
                            f"the link {value[:60]} uses {used}:, "
                            "which runs code or carries a file inside the page|link to a "
                            "web page (https://…), an e-mail address (mailto:) or a "
                            "phone number (tel:) instead.",
                        )
                    )
    return found


def _entity_pattern(text: str) -> str:
    """A pattern matching `text` as an author may have written it, with entities."""
    parts = []
    for char in text:
        code = ord(char)
        named = html_lib.escape(char, quote=True)
        options = {re.escape(char), f"&#0*{code};", f"&#[xX]0*{code:x};"}
        if named != char:
            options.add(re.escape(named))
        parts.append("(?:" + "|".join(sorted(options)) + ")")
    return "".join(parts)


def _line(path: str, tag: str, name: str, value: str) -> int:
    """The line of the raw HTML (or Markdown link) that made this element or attribute."""
    from olea.problems import lines_of

    lines = lines_of(path)
    needles = []
    if value.strip():
        needles.append(_entity_pattern(value.strip()[:24]))
    if name:
        needles.append(rf"\b{re.escape(name)}\s*=")
    needles.append(rf"<{re.escape(tag)}\b")
    for needle in needles:
        pattern = re.compile(needle, re.I)
        for number, line in enumerate(lines, 1):
            if pattern.search(line):
                return number
    return text_line(path, tag)


def check(content) -> None:
    """content_object_init: every body and summary holds only allowed HTML."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    if not gates_on(content.settings):
        return
    path = content.source_path
    summary = content.metadata.get("summary")
    for fragment in (body(content), summary if isinstance(summary, str) else ""):
        if not fragment or "<" not in fragment:
            continue
        for tag, name, value, message in problems(fragment):
            what, fix = message.split("|", 1)
            report(path, _line(path, tag, name, value), what, fix)
