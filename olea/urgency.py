"""The warning signs: one list, in content/data/urgency.json, shown everywhere alike.

Every article ends with the warning-signs box; a page or article that needs
the whole list in its text writes a paragraph of exactly `{warning-signs}`,
which becomes the same box, with every sign. So the signs are written once
and every page shows the same signs in the same tier (tests/site/test_urgency.py
holds the pages to that).

The file has three tiers, most urgent first (emergency, urgent, routine), each
with a title, a lead sentence, its signs and an optional note; the crisis line
(988); and the sources the signs are taken from, in the references' own form.
A sign is `{"text": ..., "source": KEY}`, and `"regions": [...]` when it
belongs only to articles about those body regions (the neck's signs): an
article's box shows the signs for its regions, the full list shows all.
A mistake in the file stops the build with its line and how to fix it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from olea.compat import body, set_body
from olea.problems import report, text_line

LEVELS = ("emergency", "urgent", "routine")
# The page (content/pages/urgent-help.md) that explains every sign.
HELP_PAGE = "urgent-help"
# The paragraph an author writes where the whole list belongs.
MARKER = re.compile(r"<p>\s*\{warning-signs\}\s*</p>")
MARKER_TEXT = "{warning-signs}"


@dataclass(frozen=True)
class Sign:
    text: str
    source: str
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tier:
    level: str
    title: str
    lead: str
    signs: tuple[Sign, ...]
    note: str = ""


@dataclass(frozen=True)
class Signs:
    """The whole list, or the part of it one page shows (`for_regions`)."""

    title: str
    lead: str
    more: str
    tiers: tuple[Tier, ...]
    crisis: str
    crisis_source: str
    sources: dict = field(default_factory=dict)  # key -> Reference

    def for_regions(self, regions=None) -> Signs:
        """The signs a page about `regions` shows (None: every sign)."""
        if regions is None:
            return self
        slugs = {getattr(r, "slug", r) for r in regions}
        tiers = tuple(
            Tier(
                t.level,
                t.title,
                t.lead,
                tuple(s for s in t.signs if not s.regions or slugs & set(s.regions)),
                t.note,
            )
            for t in self.tiers
        )
        return Signs(
            self.title, self.lead, self.more, tiers, self.crisis, self.crisis_source, self.sources
        )

    def references(self) -> list:
        """The sources of the signs shown, each once, in the order first used."""
        keys = [s.source for t in self.tiers for s in t.signs] + [self.crisis_source]
        return [self.sources[k] for k in dict.fromkeys(keys) if k in self.sources]


class _Invalid(Exception):
    def __init__(self, needle: str, what: str, fix: str):
        super().__init__(what)
        self.needle, self.what, self.fix = needle, what, fix


def _text(value, needle: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(needle, f"'{name}' is missing or empty", f"give '{name}' its text.")
    return value.strip()


def parse(data, model) -> Signs:
    """The signs in `data` (urgency.json, parsed), or _Invalid saying what is wrong."""
    from olea.frontmatter import REFERENCE_FORMAT, parse_reference

    if not isinstance(data, dict):
        raise _Invalid("", "the file is not one object of keys and values", "restore it from git.")
    sources = {}
    for key, line in (data.get("sources") or {}).items():
        parsed = parse_reference(line) if isinstance(line, str) else "it is not text"
        if isinstance(parsed, str):
            raise _Invalid(
                f'"{key}"',
                f"the source '{key}' cannot be read: {parsed}",
                f"write it as '{REFERENCE_FORMAT}'.",
            )
        sources[key] = parsed
    tiers_data = data.get("tiers")
    levels = [t.get("level") for t in tiers_data or () if isinstance(t, dict)]
    if levels != list(LEVELS):
        raise _Invalid(
            '"tiers"',
            f"the tiers are {levels}, not {list(LEVELS)}",
            "keep the three tiers, most urgent first.",
        )
    regions = set(model.region_slugs)
    tiers = []
    for tier in tiers_data:
        level = tier["level"]
        signs = []
        for sign in tier.get("signs") or ():
            if not isinstance(sign, dict):
                raise _Invalid(
                    str(sign)[:30],
                    f"a sign in the {level} tier is not an object",
                    'write it as {"text": "...", "source": "key"}.',
                )
            text = _text(sign.get("text"), f'"{level}"', "text")
            source = sign.get("source")
            if source not in sources:
                raise _Invalid(
                    text[:40],
                    f"the sign '{text}' names the source {source!r}, which 'sources' does not have",
                    "add the source to 'sources', or correct its key.",
                )
            wrong = [r for r in sign.get("regions") or () if r not in regions]
            if wrong:
                raise _Invalid(
                    text[:40],
                    f"the sign '{text}' names unknown regions {wrong}",
                    f"use any of: {', '.join(sorted(regions))}.",
                )
            signs.append(Sign(text, source, tuple(sign.get("regions") or ())))
        if not signs:
            raise _Invalid(
                f'"{level}"', f"the {level} tier has no signs", "give every tier at least one sign."
            )
        tiers.append(
            Tier(
                level,
                _text(tier.get("title"), f'"{level}"', "title"),
                _text(tier.get("lead"), f'"{level}"', "lead"),
                tuple(signs),
                (tier.get("note") or "").strip(),
            )
        )
    crisis = data.get("crisis") or {}
    crisis_text = _text(crisis.get("text"), '"crisis"', "crisis text")
    if crisis.get("source") not in sources:
        raise _Invalid(
            '"crisis"',
            "the crisis line names no source from 'sources'",
            "give it the key of its source.",
        )
    return Signs(
        _text(data.get("title"), '"title"', "title"),
        _text(data.get("lead"), '"lead"', "lead"),
        _text(data.get("more"), '"more"', "more"),
        tuple(tiers),
        crisis_text,
        crisis["source"],
        sources,
    )


def load(path: str, model) -> Signs | None:
    """The warning signs from urgency.json; problems are reported with the line."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError:
        return None
    except json.JSONDecodeError as exc:
        report(
            path,
            exc.lineno,
            f"this is not valid JSON: {exc.msg}",
            "check the quotes and commas near that line: every text is in double quotes "
            "and there is no comma after the last item of a list.",
        )
        return None
    try:
        return parse(data, model)
    except _Invalid as problem:
        report(
            path,
            text_line(path, problem.needle) if problem.needle else 0,
            problem.what,
            problem.fix,
        )
        return None


def expand_marker(content, signs: Signs | None, render) -> None:
    """content_object_init: `{warning-signs}` becomes the whole list, with its sources.

    `render(signs, slug)` is the theme's warning-signs box on the page `slug`. The
    page's references gain the sources of the signs, so each sign it shows is
    cited on it.
    """
    html = body(content)
    if MARKER_TEXT not in html:
        content.warning_signs_inline = False
        return
    path = content.source_path
    if signs is None:
        report(
            path,
            text_line(path, MARKER_TEXT),
            "the warning signs cannot be shown here: "
            "content/data/urgency.json is missing or has a mistake (see above)",
            "correct content/data/urgency.json.",
        )
        return
    if len(MARKER.findall(html)) != html.count(MARKER_TEXT):
        report(
            path,
            text_line(path, MARKER_TEXT),
            "{warning-signs} is inside a sentence",
            "put {warning-signs} on a line of its own, with a blank line above and below.",
        )
        return
    if html.count(MARKER_TEXT) > 1:
        report(
            path,
            text_line(path, MARKER_TEXT),
            "{warning-signs} is written more than once",
            "keep one: the box lists every sign.",
        )
        return
    set_body(content, MARKER.sub(lambda m: str(render(signs, content.slug)).strip(), html))
    content.warning_signs_inline = True
    known = {r.url for r in getattr(content, "references", [])}
    extra = [r for r in signs.references() if r.url not in known]
    content.references = [*getattr(content, "references", []), *extra]
    # Cited by the list of signs itself, not by a [@key] in the text (olea.citations).
    content.cited_by_signs = frozenset(r.url for r in signs.references())


# This build's signs, read once at its start.
_STATE: dict = {"signs": None, "render": None}


def data_path(settings) -> str:
    """urgency.json, or on a sub-site its translation (urgency.es.json)."""
    from olea.languages import data_file

    return data_file(settings, "urgency.json")


def _shape(signs: Signs) -> list:
    """What a translation must keep: each tier's level and each sign's source and regions."""
    return [
        (tier.level, [(sign.source, tuple(sign.regions or ())) for sign in tier.signs])
        for tier in signs.tiers
    ]


def check_translation(path: str, signs: Signs, main_path: str, model) -> None:
    """A translation lists the same signs, in the same tiers and order, as the English."""
    try:  # the main site's build reports a mistake in the English file itself
        with open(main_path, encoding="utf-8") as f:
            main = parse(json.load(f), model)
    except (OSError, ValueError, _Invalid):
        return
    if _shape(signs) != _shape(main):
        report(
            path,
            0,
            "these warning signs are not the same as the English ones (urgency.json): "
            "every tier, and every sign in it with its source and regions, must match",
            "translate urgency.json afresh: the same tiers in the same order, each with "
            "the same signs in the same order; only the words change.",
        )


def read(pelican) -> None:
    """initialized: read (and check) this build's warning signs."""
    from olea.languages import main_data_file, page_source
    from olea.site import Model
    from olea.templates import theme_macro

    settings = pelican.settings
    model = Model.from_settings(settings)
    path = data_path(settings)
    if settings.get("OLEA_LANG_PREFIX") and not os.path.isfile(path):
        report(
            path,
            0,
            "the warning signs have no translation for this language",
            f"copy content/data/urgency.json to {os.path.basename(path)} and translate "
            "its texts (never the levels, sources or regions).",
        )
    _STATE["signs"] = load(path, model)
    if _STATE["signs"] is not None and settings.get("OLEA_LANG_PREFIX"):
        check_translation(path, _STATE["signs"], main_data_file(settings, "urgency.json"), model)
    macro = theme_macro(settings, "components/urgency/urgency.html", "urgency")
    # The page that explains the signs; the box links to it (if the site has it),
    # except on that page itself.
    # In an article's text, a link as authors write it: Pelican makes it the page's
    # address, and the link check holds it to a page that exists.
    help_page = page_source(settings, HELP_PAGE)
    has_help = os.path.isfile(os.path.join(settings["PATH"], help_page))
    help_href = f"{{filename}}/{help_page}" if has_help else ""
    _STATE["render"] = lambda signs, slug: macro(
        signs=signs, help_href="" if slug == HELP_PAGE else help_href
    )


def warning_signs(regions=None) -> Signs | None:
    """For templates: the signs a page about `regions` shows (no argument: all)."""
    signs = _STATE["signs"]
    return signs.for_regions(regions) if signs is not None else None


def expand(content) -> None:
    """content_object_init: the `{warning-signs}` paragraph, if any, becomes the box."""
    from pelican.contents import Article, Page

    if isinstance(content, (Article, Page)) and content.source_path:
        expand_marker(content, _STATE["signs"], _STATE["render"])
