"""Front matter: check it against the schema and turn it into typed values.

Each article and page is checked as Pelican creates it: required keys, allowed
values, unknown keys (with the nearest known one suggested), dates, summary
length and references. Values templates need are parsed once here:
`regions`, `last_reviewed`, `next_review` and `references`.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from pelican.contents import Article, Page
from pelican.utils import SafeDatetime, get_date, set_date_tzinfo, slugify

from olea.problems import lines_of, meta_line, relpath, report
from olea.site import Model, Region, all_content
from olea.strict import READ_WARNINGS
from olea.text import plain_text

DEFAULTS = {
    "OLEA_SUMMARY_MAX": 160,
    "OLEA_MIN_REFERENCES": 2,
    "OLEA_REVIEW_MONTHS": 12,
    # Keys each content type must have; Pelican itself reports a missing title or date.
    "OLEA_REQUIRED_KEYS": {
        "article": (
            "title",
            "date",
            "summary",
            "category",
            "tags",
            "regions",
            "last_reviewed",
            "reference",
        ),
        "page": ("title", "summary"),
    },
    # Keys allowed beyond the required ones.
    "OLEA_OPTIONAL_KEYS": {
        "article": ("modified", "slug", "status", "template", "lang", "source_revision"),
        "page": (
            "modified",
            "slug",
            "status",
            "template",
            "last_reviewed",
            "reference",
            "lang",
            "source_revision",
        ),
    },
}

# What `make new` writes wherever the author still has to write something.
TEMPLATE_MARKER = "REPLACE"

# Keys added to every file's metadata by Pelican and by the site's reader.
PELICAN_KEYS = frozenset({"reader", READ_WARNINGS})

REFERENCE_FORMAT = (
    "key | Authors | Title | Journal or publisher | Year | https link or DOI | Accessed YYYY-MM-DD"
)
# A reference's key: lower-case letters, digits and hyphens (furlan2015, nhs-back-pain).
REFERENCE_KEY = r"[a-z0-9][a-z0-9-]*"


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_day(text: str):
    """A YYYY-MM-DD date (midnight, no zone, as Pelican's get_date reads it), or
    None for any other form or an impossible day."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return SafeDatetime.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Reference:
    authors: str
    title: str
    source: str
    year: str
    url: str
    accessed: str = ""  # YYYY-MM-DD: when a web page was read (it may change later)
    key: str = ""  # what the text cites it by: [@key]
    number: int = 0  # its place in the page's list, in the order first cited
    cited_from: int = 0  # how many places in the text cite it


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def parse_reference(text: str) -> Reference | str:
    """A Reference, or a sentence saying what is wrong with the line.

    A key first (what the text cites it by: `[@furlan2015]`), then five parts,
    and a sixth for a web page: its content may change, so the date it was read
    is part of the reference ("Accessed 2026-11-23"). The year is the one the
    source shows (published or updated), or "n.d." when it shows none.
    """
    parts = [p.strip() for p in text.split("|")]
    web = bool(parts) and parts[-1].lower().startswith("accessed")
    key = ""
    if re.fullmatch(REFERENCE_KEY, parts[0]) and len(parts) == (7 if web else 6):
        key, parts = parts[0], parts[1:]
    if len(parts) not in (5, 6):
        return (
            f"it has {len(parts)} parts separated by '|', not a key and 5 parts (or 6 with "
            "'Accessed')"
        )
    authors, title, source, year, link = parts[:5]
    accessed = ""
    if len(parts) == 6:
        found = re.fullmatch(r"(?i)accessed\s+([0-9]{4}-[0-9]{2}-[0-9]{2})", parts[5])
        if not found or iso_day(found.group(1)) is None:
            return f"the last part {parts[5]!r} is not 'Accessed YYYY-MM-DD'"
        accessed = found.group(1)
    if not authors or not title:
        return "the authors (or publisher) and the title must not be empty"
    if not re.fullmatch(r"(19|20)\d\d|n\.d\.", year):
        return f"the year {year!r} is not a four-digit year (or n.d. for a page with no date)"
    if re.match(r"(?i)^doi:\s*", link):
        link = "https://doi.org/" + re.sub(r"(?i)^doi:\s*", "", link)
    elif re.match(r"^10\.\d{4,9}/", link):
        link = "https://doi.org/" + link
    if not re.match(r"^https://[^\s/]+\.[^\s/]+", link):
        return f"the link {link!r} is not an https address or a DOI"
    return Reference(authors, title, source, year, link, accessed, key)


def _kind(content) -> str:
    return "article" if isinstance(content, Article) else "page"


# A front-matter line as Markdown's meta extension reads it, and the lines that
# continue a value (indented by four or more spaces).
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_CONTINUED = re.compile(r"^[ ]{4,}\S")


def all_known_keys() -> frozenset[str]:
    """Every key an article or a page may have (the defaults above)."""
    found = set()
    for table in (DEFAULTS["OLEA_REQUIRED_KEYS"], DEFAULTS["OLEA_OPTIONAL_KEYS"]):
        for keys in table.values():
            found.update(keys)
    return frozenset(found)


def spelled(key: str) -> str:
    """A key as the files spell it: 'Last_reviewed', 'Reference'."""
    return key[:1].upper() + key[1:].lower()


@dataclass(frozen=True)
class HeaderBreak:
    """Where the front matter stops early, and what an author meant there."""

    line: int
    what: str
    fix: str
    keys_below: frozenset[str]  # keys written after the break, read as article text


def _nearest(word: str, known) -> str | None:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def header_break(path: str, known) -> HeaderBreak | None:
    """The line that ends the front matter before the author meant it to, if any.

    Markdown reads `Key: value` lines from the top until a blank line or any
    other line; whatever follows is the article's text. So a key with a space
    in it ('Last reviewed:'), a key without its colon ('Summary One...') or a
    blank line inside the header silently turns the keys below it into text.
    """
    lines = list(lines_of(path))
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    number = 0
    for number, line in enumerate(lines, 1):
        if _META_LINE.match(line) or (number > 1 and _CONTINUED.match(line)):
            continue
        break
    else:
        return None
    line = lines[number - 1]

    def keys_from(start: int) -> frozenset[str]:
        found = set()
        for text in lines[start:]:
            if not text.strip():
                break
            m = _META_LINE.match(text) or re.match(r"^\s*([A-Za-z][A-Za-z0-9_ -]*?)\s*:", text)
            if m:
                found.add(m.group(1).lower().replace(" ", "_").replace("-", "_"))
        return frozenset(found)

    if not line.strip():
        # A blank line: the end of the front matter, unless keys follow it.
        after = next((i for i in range(number, len(lines)) if lines[i].strip()), None)
        if after is None:
            return None
        m = _META_LINE.match(lines[after])
        key = m.group("key").lower() if m else ""
        if not m or (key not in known and not _nearest(key, known)):
            return None
        return HeaderBreak(
            number,
            f"this blank line ends the front matter, so '{lines[after].strip()[:40]}' on line "
            f"{after + 1} and the lines after it are read as article text",
            f"delete the blank line {number}: the front matter is one block of 'Key: value' "
            "lines, then one blank line, then the text.",
            keys_from(after),
        )
    below = keys_from(number - 1)
    words = line.strip()
    spaced = re.match(r"^([A-Za-z][A-Za-z0-9_ -]*?)\s*:", words)
    if spaced:  # 'Last reviewed: 2026-01-05'
        meant = _nearest(spaced.group(1).lower().replace(" ", "_").replace("-", "_"), known)
        fix = (
            f"did you mean '{spelled(meant)}:'? Write it so, with '_' for the space."
            if meant
            else "a key is one word (use '_' for a space), followed by ':'."
        )
        what = f"'{spaced.group(1)}:' is not a front-matter key, so the front matter ends here"
    else:
        first = re.split(r"[\s:]", words, maxsplit=1)[0]
        meant = first.lower() if first.lower() in known else _nearest(first.lower(), known)
        if meant:  # 'Summary One plain sentence'
            fix = f"did you mean '{spelled(meant)}: …'? Add the colon after '{first}'."
        else:
            fix = (
                "write it as 'Key: value', or leave one blank line between the front matter "
                "and the text."
            )
        what = "this line is not 'Key: value', so the front matter ends here"
    if meant:  # the key the author meant on that line is written too, just misspelt
        below = below | {meant}
    return HeaderBreak(
        number, what + " and the lines below it are read as article text", fix, below
    )


def check_and_parse(content) -> None:
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    settings = content.settings
    path = content.source_path
    meta = content.metadata
    kind = _kind(content)
    required = setting(settings, "OLEA_REQUIRED_KEYS")[kind]
    known = set(required) | set(setting(settings, "OLEA_OPTIONAL_KEYS")[kind])

    broken = header_break(path, known)
    # Read by the text checks: the keys below a break are not the article's text.
    content.front_matter_broken = broken is not None
    if broken is not None:
        report(path, broken.line, broken.what, broken.fix)
    below = broken.keys_below if broken is not None else frozenset()

    for key in meta:
        if key not in known and key not in PELICAN_KEYS:
            close = _nearest(key, known)
            hint = (
                f"did you mean '{spelled(close)}:'? Rename the key."
                if close
                else f"remove it, or use one of: {', '.join(spelled(k) for k in sorted(known))}."
            )
            report(path, meta_line(path, key), f"unknown front-matter key '{spelled(key)}:'", hint)

    # Pelican reports a missing title or date itself (olea.strict words it); a key
    # below a break is not missing, the break is what to fix (reported above).
    for key in required:
        if key not in ("title", "date") and key not in meta and key not in below:
            example = {
                "summary": "Summary: One plain sentence, at most 160 characters.",
                "category": "Category: " + " or ".join(Model.from_settings(settings).topic_names),
                "tags": "Tags: massage, stretching",
                "regions": "Regions: lower-back",
                "last_reviewed": "Last_reviewed: YYYY-MM-DD",
                "reference": "Reference: " + REFERENCE_FORMAT,
            }.get(key, spelled(key) + ": …")
            report(
                path, 1, f"the front matter has no '{spelled(key)}:'", f"add a line '{example}'."
            )

    for number, line in enumerate(lines_of(path), 1):
        if TEMPLATE_MARKER in line:
            report(
                path,
                number,
                "a REPLACE marker from the article template is still here",
                "write the real text in its place (make new puts one wherever text is needed).",
            )

    title_line = meta_line(path, "title")
    lines = lines_of(path)
    if (
        "title" in meta
        and title_line <= len(lines)
        and re.search(r"<[A-Za-z/!]", lines[title_line - 1])
    ):
        report(
            path,
            title_line,
            "the title contains HTML",
            "write the title as plain words: the site styles it.",
        )

    _check_date_forms(path)
    _check_translation(content, settings, path)
    _check_category(content, settings, path)
    _check_slugs(content, settings, path)
    _check_summary(content, settings, path)
    _parse_regions(content, settings, path)
    _parse_review(content, settings, path)
    _parse_references(content, settings, path, kind)
    _check_date(content, path)


# What a translation shares with its source, so that both sit on the same topic,
# region and tag pages (olea.languages pairs pages by address).
_SHARED_KEYS = ("category", "tags", "regions")


def _check_translation(content, settings, path) -> None:
    """A translation (NAME.CODE.md) says its language, has its source, shares its
    topic, tags and regions, and records the source's revision; one whose source
    has changed since is marked behind (a notice, never an error)."""
    from olea import languages
    from olea.report import split_front_matter

    content.translation_behind = False
    source = languages.source_of(path)
    code = Path(path).name.split(".")[-2] if source else ""
    said = str(content.metadata.get("lang", "") or "")
    main = languages.languages(settings)[0].code
    if source is None:
        if said and said != main:
            report(
                path,
                meta_line(path, "lang"),
                f"'Lang: {said}' is for a translation, and this file is not named as one",
                f"name the file index.{said}.md (or NAME.{said}.md for a page), beside the "
                f"English one it translates, or delete the Lang line.",
            )
        return
    if said != code:
        report(
            path,
            meta_line(path, "lang"),
            f"this file is named as a translation into '{code}', but says "
            + (f"'Lang: {said}'" if said else "no Lang"),
            f"write 'Lang: {code}' under the title.",
        )
    if not source.is_file():
        report(
            path,
            1,
            f"this translation has no English source: {relpath(str(source))} does not exist",
            "translate an article or page that exists (make translate SLUG=... LANG=...), "
            "or rename this file to match its source.",
        )
        return
    current = languages.revision(source)
    recorded = str(content.metadata.get(languages.SOURCE_REVISION, "") or "")
    if not recorded:
        report(
            path,
            meta_line(path, "source_revision"),
            "this translation does not say which revision of its English source it translates",
            f"once it matches {relpath(str(source))} as it is now, add the line "
            f"'Source_revision: {current}' under the title.",
        )
    elif recorded != current:
        content.translation_behind = True
        report(
            path,
            meta_line(path, "source_revision"),
            f"the English source has changed since this translation was made "
            f"(revision {recorded}; now {current})",
            f"update the translation from {relpath(str(source))}, then set "
            f"'Source_revision: {current}'. Until then its page says so and links to the "
            f"English.",
            level=logging.INFO,
        )
    ours, _ = split_front_matter(Path(path).read_text(encoding="utf-8"))
    theirs, _ = split_front_matter(source.read_text(encoding="utf-8"))
    for key in _SHARED_KEYS:
        if ours.get(key) != theirs.get(key):
            report(
                path,
                meta_line(path, key),
                f"'{key.capitalize()}:' is not the same as in the English source",
                f"copy the '{key.capitalize()}:' line from {relpath(str(source))} as it is "
                f"(the site shows its words in this language).",
            )


def _check_category(content, settings, path) -> None:
    if not isinstance(content, Article) or "category" not in content.metadata:
        return
    allowed = Model.from_settings(settings).topic_names
    name = str(content.metadata["category"])
    if name not in allowed:
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.5)
        fix = f"use '{close[0]}'." if close else f"use one of: {', '.join(allowed)}."
        report(path, meta_line(path, "category"), f"'{name}' is not a category", fix)


def _check_summary(content, settings, path) -> None:
    if "summary" not in content.metadata:
        return
    limit = setting(settings, "OLEA_SUMMARY_MAX")
    text = plain_text(content.metadata["summary"])
    if not text:
        report(
            path,
            meta_line(path, "summary"),
            "the summary is empty",
            "write one plain sentence that says what the page is about.",
        )
    elif len(text) > limit:
        report(
            path,
            meta_line(path, "summary"),
            f"the summary is {len(text)} characters long; the limit is {limit}",
            f"shorten it by {len(text) - limit} characters: search results cut it there.",
        )


def _parse_regions(content, settings, path) -> None:
    model = Model.from_settings(settings)
    raw = content.metadata.get("regions", "")
    regions: list[Region] = []
    for slug in (s.strip() for s in ",".join(_as_list(raw)).split(",")):
        if not slug:
            continue
        region = model.region(slug)
        if region is None:
            allowed = model.region_slugs
            close = difflib.get_close_matches(slug, allowed, n=1, cutoff=0.5)
            fix = f"use '{close[0]}'." if close else f"use any of: {', '.join(allowed)}."
            report(path, meta_line(path, "regions"), f"'{slug}' is not a region", fix)
            continue
        regions.append(region)
    content.regions = regions


def _check_slugs(content, settings, path) -> None:
    """Every tag and the category make a web address: some letters or digits.

    Pelican warns about an empty slug once, when it first works one out, and a
    tag taken from the content cache keeps the empty slug without a word: the
    check here runs on every build, cache or not.
    """
    names = [("tags", str(t)) for t in content.metadata.get("tags", []) or []]
    if content.metadata.get("category") is not None:
        names.append(("category", str(content.metadata["category"])))
    for key, name in names:
        slug = slugify(
            name,
            regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )
        if not slug:
            what = "tag" if key == "tags" else "category"
            report(
                path,
                meta_line(path, key),
                f"the {what} '{name}' has no letters or digits to make a web address from",
                f"give the {what} a name in words, or remove it.",
            )


# Dates are written one way only: 2026-03-12 is never 3 December by mistake.
_ISO_WRITTEN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?")
_SLASHED = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")


def _check_date_forms(path) -> None:
    """Every date key's value as written in the file is YYYY-MM-DD."""
    for key in ("date", "modified", "last_reviewed"):
        line = meta_line(path, key)
        text = lines_of(path)[line - 1] if line <= len(lines_of(path)) else ""
        found = _META_LINE.match(text)
        if not found or found.group("key").lower() != key:
            continue
        value = found.group("value").strip()
        if not value or _ISO_WRITTEN.fullmatch(value):
            continue
        slashed = _SLASHED.fullmatch(value)
        if slashed:
            a, b, year = (int(x) for x in slashed.groups())
            readings = []
            for month, day in ((a, b), (b, a)):
                if 1 <= month <= 12 and 1 <= day <= 31:
                    readings.append(f"{year:04d}-{month:02d}-{day:02d}")
            readings = list(dict.fromkeys(readings))
            meant = " or ".join(readings) + (", whichever you meant" if len(readings) > 1 else "")
            fix = f"write the date as YYYY-MM-DD: {meant}."
        else:
            fix = f"write the date as YYYY-MM-DD, for example {datetime.now():%Y-%m-%d}."
        report(path, line, f"the date '{value}' is not written as YYYY-MM-DD", fix)


def _parse_date_value(content, path, key):
    raw = content.metadata.get(key)
    if raw is None:
        return None
    if isinstance(raw, datetime):
        value = raw
    else:
        text = str(raw).strip()
        try:
            value = iso_day(text) or get_date(text)
        except ValueError:
            report(
                path,
                meta_line(path, key),
                f"'{raw}' is not a date",
                f"write the date as YYYY-MM-DD, for example {datetime.now():%Y-%m-%d}.",
            )
            return None
    return set_date_tzinfo(value, content.settings.get("TIMEZONE"))


def _parse_review(content, settings, path) -> None:
    content.last_reviewed = content.next_review = None
    reviewed = _parse_date_value(content, path, "last_reviewed")
    if reviewed is None:
        return
    now = set_date_tzinfo(datetime.now(), content.settings.get("TIMEZONE"))
    if reviewed > now:
        report(
            path,
            meta_line(path, "last_reviewed"),
            f"Last_reviewed {reviewed:%Y-%m-%d} is in the future",
            "use the date the article was actually reviewed (today at the latest).",
        )
    content.last_reviewed = reviewed
    content.next_review = reviewed + relativedelta(months=setting(settings, "OLEA_REVIEW_MONTHS"))


def _parse_references(content, settings, path, kind) -> None:
    refs = []
    lines = _as_list(content.metadata.get("reference"))
    for text in lines:
        parsed = parse_reference(text)
        if isinstance(parsed, str):
            line = next((n for n, ln in enumerate(lines_of(path), 1) if text in ln), 0)
            report(
                path,
                line or meta_line(path, "reference"),
                f"this reference cannot be read: {parsed}",
                f"write it as 'Reference: {REFERENCE_FORMAT}'.",
            )
        elif parsed.key and any(r.key == parsed.key for r in refs):
            line = next((n for n, ln in enumerate(lines_of(path), 1) if text in ln), 0)
            report(
                path,
                line or meta_line(path, "reference"),
                f"the key '{parsed.key}' is given to two references",
                "give each reference a key of its own (add a letter: smith2020a, smith2020b).",
            )
        else:
            refs.append(parsed)
    minimum = setting(settings, "OLEA_MIN_REFERENCES")
    if kind == "article" and lines and len(lines) < minimum:
        report(
            path,
            meta_line(path, "reference"),
            f"the article has {len(lines)} reference(s); at least {minimum} are needed",
            "add a 'Reference:' line for each source the article relies on.",
        )
    content.references = refs


def _check_date(content, path) -> None:
    if not isinstance(content, Article) or not hasattr(content, "date"):
        return
    if content.status == "draft":
        return
    now = set_date_tzinfo(datetime.now(), content.settings.get("TIMEZONE"))
    if content.date > now:
        report(
            path,
            meta_line(path, "date"),
            f"the date {content.date:%Y-%m-%d} is in the future",
            "correct it, or add 'Status: draft' to keep the article unpublished until then.",
        )


def check_unique(generators) -> None:
    """No two articles or pages share a web address or a title."""
    by_url: dict[str, list] = {}
    by_title: dict[str, list] = {}
    for item in all_content(generators):
        if item.source_path:
            by_url.setdefault(item.save_as, []).append(item)
            by_title.setdefault(plain_text(item.title).casefold(), []).append(item)
    url_fix = "rename one article's folder (or page's file): the folder name is the address."
    title_fix = "give each a title of its own, so readers and search engines can tell them apart."
    for url, items in by_url.items():
        _report_twins(items, "web address /" + url.removesuffix("index.html"), url_fix, "")
    for items in by_title.values():
        _report_twins(items, "title", title_fix, "title")


def _report_twins(items, what: str, fix: str, key: str) -> None:
    paths = sorted({it.source_path for it in items})
    if len(paths) < 2:
        return
    for path in paths:
        others = ", ".join(relpath(p) for p in paths if p != path)
        report(path, meta_line(path, key) if key else 1, f"the same {what} as {others}", fix)
