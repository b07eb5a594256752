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

import re
from dataclasses import replace

from pelican.contents import Article, Page

from olea.compat import body, set_body
from olea.problems import meta_line, report, text_line

# [@key] or [@key1; @key2]; a key is lower-case letters, digits and hyphens.
KEY = r"[a-z0-9][a-z0-9-]*"
CITATION = re.compile(rf"\[@({KEY}(?:\s*;\s*@{KEY})*)\]")
# Something that looks like a citation but is not one (a capital, a space, a comma).
NEAR_MISS = re.compile(r"\[@[^\]]*\]")


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
    path = content.source_path
    html = body(content)
    references = list(getattr(content, "references", []) or [])
    by_key = {r.key: r for r in references if r.key}
    order: list[str] = []
    uses: dict[str, int] = {}

    def link(key: str) -> str:
        if key not in order:
            order.append(key)
        number = order.index(key) + 1
        uses[key] = uses.get(key, 0) + 1
        anchor = f"cite-{number}-{uses[key]}"
        return (
            f'<a href="#ref-{number}" id="{anchor}" class="olea-cite__link" '
            f'aria-label="Source {number}">{number}</a>'
        )

    def cite(m: re.Match) -> str:
        keys = [k.strip().lstrip("@") for k in m.group(1).split(";")]
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
            return m.group(0)
        links = ", ".join(link(k) for k in keys)
        return f'<sup class="olea-cite">{links}</sup>'

    html = CITATION.sub(cite, html)
    for miss in NEAR_MISS.findall(html):
        report(
            path,
            text_line(path, miss),
            f"{miss} is not a citation the site can read",
            "write it as [@key], the key in lower case (letters, digits and '-'), several "
            "separated by ';': [@furlan2015; @nice2020].",
        )
    set_body(content, html)
    added = getattr(content, "cited_by_signs", frozenset())
    for ref in references:
        if not ref.key:
            if ref.url not in added:
                report(
                    path,
                    text_line(path, ref.url) or meta_line(path, "reference"),
                    "this reference has no key, so the text cannot cite it",
                    "start the line with a short key and a '|', e.g. "
                    "'Reference: furlan2015 | Furlan AD, …', then cite it in the text as "
                    "[@furlan2015].",
                )
        elif ref.key not in order and ref.url not in added:
            report(
                path,
                _reference_line(path, ref.key),
                f"the reference '{ref.key}' is never cited in the text",
                f"cite it as [@{ref.key}] after the claim it supports, or remove the line.",
            )
    cited = [replace(by_key[k], number=i + 1, cited_from=uses[k]) for i, k in enumerate(order)]
    rest = [r for r in references if r.key not in order]
    content.references = cited + rest
