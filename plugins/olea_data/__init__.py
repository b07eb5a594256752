"""What the theme needs beyond Pelican's context: shared data and derived values.

Shared data: every JSON file in OLEA_DATA_PATH (content/data/) becomes
`site_data.<file stem>` in every template, so text that several templates show
(the urgency box) is written once, by editors, outside the theme. A file that
is not valid JSON, or an urgency file without its three tiers, stops the build
with its file and line.

Derived values, as Jinja filters, because Pelican does not give them to
templates (its toc is for reStructuredText, and MARKDOWN replaces the default
extension list):

- `reading_minutes`: words at OLEA_WORDS_PER_MINUTE, at least 1.
- `headings`: the h2 and h3 in an article's HTML (ids from Markdown's toc
  extension), for the table of contents.
- `related`: other articles that share tags and regions, best first, in an
  order that never changes between builds.

Global: `olea_categories`, in the order olea_frontmatter checks them, so
navigation and the home page list topics in the same order (regions come as
`region_pages`, from olea_regions).

Each article also gets `newer_in_category` and `older_in_category`, its
neighbours in its topic, for the links at its end.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter

from olea_common import report
from olea_text import plain_text
from pelican import signals

DEFAULTS = {
    "OLEA_DATA_PATH": None,  # None: the folder "data" inside PATH
    "OLEA_WORDS_PER_MINUTE": 200,
}

URGENCY_LEVELS = ("emergency", "urgent", "routine")

_HEADING = re.compile(r"<h([23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S | re.I)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def _frontmatter_default(settings, name):
    # The lists are olea_frontmatter's; reading them from there keeps one source.
    from olea_frontmatter import DEFAULTS as FRONTMATTER

    return settings.get(name, FRONTMATTER[name])


def load_data(folder: str) -> dict:
    """Every *.json in `folder` by file stem; problems are reported, not raised."""
    data: dict = {}
    if not os.path.isdir(folder):
        report(
            folder,
            0,
            "the shared data folder is missing: pages are built without the urgency box",
            "restore content/data/ (urgency.json) from version control.",
            level=logging.INFO,
        )
        return data
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as f:
                data[name[:-5]] = json.load(f)
        except json.JSONDecodeError as exc:
            report(path, exc.lineno, f"this is not valid JSON: {exc.msg}", _JSON_FIX)
    if "urgency" in data and not _urgency_ok(data["urgency"], os.path.join(folder, "urgency.json")):
        del data["urgency"]
    return data


_JSON_FIX = (
    "check the quotes and commas near that line: every text is in double quotes "
    "and there is no comma after the last item of a list."
)


def _urgency_ok(urgency, path: str) -> bool:
    tiers = urgency.get("tiers") if isinstance(urgency, dict) else None
    levels = [t.get("level") for t in tiers or () if isinstance(t, dict)]
    if levels != list(URGENCY_LEVELS):
        report(
            path,
            0,
            f"the urgency tiers are {levels}, not {list(URGENCY_LEVELS)}",
            "keep the three tiers, most urgent first, each with a level, title, lead and signs.",
        )
        return False
    for tier in tiers:
        if not (tier.get("title") and tier.get("lead") and tier.get("signs")):
            report(
                path,
                0,
                f"the {tier['level']} tier has no title, lead or signs",
                "give every tier a title, a lead sentence and at least one sign.",
            )
            return False
    return True


def reading_minutes(html: str, per_minute: int = 200) -> int:
    return max(1, round(len(_WORD.findall(plain_text(html))) / per_minute))


def headings(html: str) -> list[dict]:
    """[{'level': 2, 'id': ..., 'text': ..., 'children': [h3, ...]}, ...]."""
    out: list[dict] = []
    for level, ident, inner in _HEADING.findall(html or ""):
        item = {"level": int(level), "id": ident, "text": plain_text(inner), "children": []}
        if item["level"] == 3 and out:
            out[-1]["children"].append(item)
        elif item["level"] == 2:
            out.append(item)
    return out


def _index(articles) -> dict:
    """Each article's tag and region sets, which articles have each tag and
    region, and each article's place in the site's order (newest, then slug)."""
    keys, by_tag, by_region, by_slug = {}, {}, {}, {}
    order = sorted(
        range(len(articles)), key=lambda i: (-articles[i].date.timestamp(), articles[i].slug)
    )
    rank = [0] * len(articles)
    for place, i in enumerate(order):
        rank[i] = place
    for i, a in enumerate(articles):
        tags = {t.slug for t in getattr(a, "tags", ()) or ()}
        regions = {r.slug for r in getattr(a, "regions", ()) or ()}
        keys[id(a)] = (tags, regions)
        by_slug.setdefault(a.slug, []).append(i)
        for t in tags:
            by_tag.setdefault(t, []).append(i)
        for r in regions:
            by_region.setdefault(r, []).append(i)
    return {
        "keys": keys,
        "by_tag": by_tag,
        "by_region": by_region,
        "by_slug": by_slug,
        "rank": rank,
    }


def related(article, articles, limit: int = 3, cache: dict | None = None) -> list:
    """A shared tag counts twice a shared region (regions are broad); ties go to
    the newer article, then to the slug, so the order is the same every build.

    `cache` (one per build) keeps the index between pages: without it a site of
    1,000 articles spends seconds comparing every pair."""
    cache = {} if cache is None else cache
    token = (id(articles), len(articles))
    if cache.get("token") != token:
        cache.update(token=token, index=_index(articles))
    index = cache["index"]
    tags, regions = index["keys"].get(id(article)) or _index([article])["keys"][id(article)]
    scores: Counter = Counter()  # counted in C: this runs once per article page
    for t in tags:
        having = index["by_tag"].get(t, ())
        scores.update(having)
        scores.update(having)  # a shared tag counts twice
    for r in regions:
        scores.update(index["by_region"].get(r, ()))
    for i in index["by_slug"].get(article.slug, ()):  # itself (or its translation)
        scores.pop(i, None)
    if not scores:
        return []
    # Only articles scoring at least the limit-th best score can be among the best.
    floor = sorted(scores.values(), reverse=True)[:limit][-1]
    rank = index["rank"]
    best = sorted(
        (i for i, score in scores.items() if score >= floor), key=lambda i: (-scores[i], rank[i])
    )
    return [articles[i] for i in best[:limit]]


def link_neighbours(generator) -> None:
    """Give each article the newer and older article of its topic (category).

    In the order of the site's own lists (newest first), so "older" on an
    article leads where the next item of its topic page does.
    """
    by_topic: dict = {}
    for article in generator.articles:
        by_topic.setdefault(article.category, []).append(article)
    for items in by_topic.values():
        for i, article in enumerate(items):
            article.newer_in_category = items[i - 1] if i > 0 else None
            article.older_in_category = items[i + 1] if i + 1 < len(items) else None


def add_to_templates(generator) -> None:
    settings = generator.settings
    folder = _setting(settings, "OLEA_DATA_PATH") or os.path.join(settings["PATH"], "data")
    # Every generator of one build shares this context: read (and report) once.
    if "_olea_site_data" not in generator.context:
        generator.context["_olea_site_data"] = load_data(folder)
    per_minute = _setting(settings, "OLEA_WORDS_PER_MINUTE")
    cache: dict = {}  # fresh for every build, so a devserver rebuild never sees stale tags
    generator.env.filters.update(
        reading_minutes=lambda html: reading_minutes(html, per_minute),
        headings=headings,
        related=lambda article, articles, limit=3: related(article, articles, limit, cache),
    )
    generator.env.globals.update(
        site_data=generator.context["_olea_site_data"],
        olea_categories=list(_frontmatter_default(settings, "OLEA_CATEGORIES")),
    )


def register() -> None:
    signals.generator_init.connect(add_to_templates)
    signals.article_generator_finalized.connect(link_neighbours)
