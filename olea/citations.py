"""Citations that check themselves: `[@key]` in the text, a numbered link to the source.

Each `Reference:` line starts with a short key of the author's choosing
(`Reference: furlan2015 | Furlan AD, … | Massage for low-back pain | …`), and
the text cites it where a claim needs it, as Pandoc does: `[@furlan2015]`, or
`[@furlan2015; @nice2020]` for two. The build turns each into a small numbered
link to the reference list, numbered in the order the text first cites them,
and gives each entry of the list a link back to every place that cites it.

Every key in the text must match a reference, and every reference must be
cited at least once; the message names the line. (The sources of the warning
signs that a `{warning-signs}` paragraph adds to a page are cited by that
list itself, so they are not held to this.)
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace

from pelican.contents import Article, Page

from olea.compat import body, set_body
from olea.problems import meta_line, report, text_line
from olea.templates import theme_macro

# [@key] or [@key1; @key2]; a key is lower-case letters, digits and hyphens. The
# body is typogrified before it gets here, so a space may be a no-break space.
KEY = r"[a-z0-9][a-z0-9-]*"
_SPACE = r"(?:\s|&nbsp;|&#160;|\u00a0)*"
CITATION = re.compile(rf"\[@({KEY}(?:{_SPACE};{_SPACE}@{KEY})*)\]")
# Something that looks like a citation but is not one (a capital, a space, a comma).
NEAR_MISS = re.compile(r"\[@[^\]]*\]")
_TAG = re.compile(r"<[^>]+>")


def _reference_line(path: str, key: str) -> int:
    for number, line in enumerate(_lines(path), 1):
        if re.match(rf"^\s*Reference:\s*{re.escape(key)}\s*\|", line, re.I):
            return number
    return meta_line(path, "reference")


def _lines(path: str):
    from olea.problems import lines_of

    return lines_of(path)


def number_citations(content) -> None:
    """content_object_init: `[@key]` becomes a numbered link; the references are
    put in the order first cited, each knowing where it is cited from."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    if getattr(content, "front_matter_broken", False):
        return  # its references could not be read: olea.frontmatter names the line to fix
    path = content.source_path
    html = body(content)
    references = list(getattr(content, "references", []) or [])
    by_key = {r.key: r for r in references if r.key}
    order: list[str] = []
    uses: dict[str, int] = {}
    unknown_seen: list[str] = []
    macro = theme_macro(content.settings, "components/cite/cite.html", "cite")

    def place(key: str) -> tuple[int, str]:
        """(number, anchor) of this citation of `key`: numbered as first cited."""
        if key not in order:
            order.append(key)
        number = order.index(key) + 1
        uses[key] = uses.get(key, 0) + 1
        return number, f"cite-{number}-{uses[key]}"

    def cite(m: re.Match) -> str:
        keys = re.findall(KEY, m.group(1).replace("&nbsp;", " ").replace("&#160;", " "))
        unknown = [k for k in keys if k not in by_key]
        for key in unknown:
            report(
                path,
                text_line(path, f"@{key}"),
                f"the citation [@{key}] matches no reference of this page",
                "use the key of one of its 'Reference:' lines (the first part, before the "
                "first '|'), or add the reference.",
            )
        if unknown:
            unknown_seen.append(m.group(0))
            return m.group(0)
        return str(macro(links=[place(k) for k in keys])).strip()

    misses = [
        " ".join(html_lib.unescape(_TAG.sub("", m)).split())
        for m in NEAR_MISS.findall(html)
        if not CITATION.fullmatch(m)
    ]
    html = CITATION.sub(cite, html)
    for miss in misses:
        report(
            path,
            text_line(path, miss) or text_line(path, miss.split()[0]),
            f"{miss} is not a citation the site can read",
            "write it as [@key], the key in lower case (letters, digits and '-'), several "
            "separated by ';': [@furlan2015; @nice2020].",
        )
    set_body(content, html)
    added = getattr(content, "cited_by_signs", frozenset())
    for ref in references:
        if not ref.key and ref.url not in added:
            report(
                path,
                text_line(path, ref.title) or meta_line(path, "reference"),
                "this reference has no key, so the text cannot cite it",
                "start the line with a short key and a '|', e.g. "
                "'Reference: furlan2015 | Furlan AD, …', then cite it in the text as "
                "[@furlan2015].",
            )
    # After an unreadable or unknown citation, which reference it meant cannot be
    # told: "never cited" waits until that is fixed.
    for ref in references if not (misses or unknown_seen) else ():
        if ref.key and ref.key not in order and ref.url not in added:
            report(
                path,
                _reference_line(path, ref.key),
                f"the reference '{ref.key}' is never cited in the text",
                f"cite it as [@{ref.key}] after the claim it supports, or remove the line.",
            )
    cited = [replace(by_key[k], number=i + 1, cited_from=uses[k]) for i, k in enumerate(order)]
    rest = [r for r in references if r.key not in order]
    content.references = cited + rest
