"""What templates get beyond Pelican's context: filters, globals and the CSS.

Globals:
- `warning_signs(regions)`: the warning signs a page about those body regions
  shows (olea.urgency, from content/data/urgency.json; no argument: all).
- `olea_topics`: the site model's topics (olea.site), in their order, so the
  navigation and the home page list them alike (regions come as
  `region_pages`, from olea.regions).
- `stylesheets`: each kind of page's stylesheet by name (OLEA_CSS_BUNDLES: the
  whole one less what that kind never shows), which base.html inlines as the
  page's `css_bundle` says ("all" unless a template sets it);
- `inline_css` and `inline_css_hash`: the theme's whole stylesheet, inlined into
  every page, and its CSP hash (see `stylesheet`).

Filters, because Pelican does not give templates these values (its toc is for
reStructuredText, and MARKDOWN replaces the default extension list):
- `plain`, `plain_text`, `truncate_plain`: clean text (olea.text);
- `reading_minutes`: words at OLEA_WORDS_PER_MINUTE, at least 1;
- `headings`: the h2 and h3 of an article (ids from Markdown's toc
  extension), for the table of contents;
- `related`: other articles that share tags and regions, best first, in an
  order that never changes between builds.

Each article also gets `newer_in_category` and `older_in_category`, its
neighbours in its topic, for the links at its end.

Outside a page, `theme_macro` gives one of the theme's macros (for HTML made
while content is read) and `environment` the theme's templates with all of the
above (for a component's examples); both search `template_folders`, as Pelican
does.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections import Counter
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader

from olea import i18n, urgency
from olea.site import Model
from olea.text import plain, plain_text, truncate_words_plain

DEFAULTS = {
    "OLEA_WORDS_PER_MINUTE": 200,
}


_HEADING = re.compile(r"<h([23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S | re.I)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


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
        if hasattr(article, "category"):  # one without is reported by olea.frontmatter
            by_topic.setdefault(article.category, []).append(article)
    for items in by_topic.values():
        for i, article in enumerate(items):
            article.newer_in_category = items[i - 1] if i > 0 else None
            article.older_in_category = items[i + 1] if i + 1 < len(items) else None


# --- The stylesheet -----------------------------------------------------------------
# Why inline: a whole page with its CSS fits in the first 14.6 kB round trip (the
# TCP initial window), so it paints with no render-blocking request. The stylesheet
# is the same on every page, so its CSP hash is one value. The theme's index.css
# lists the layers with @import, in cascade order; the imports are followed here.
_IMPORT = re.compile(r"""@import\s+(?:url\()?["']([^"']+)["']\)?\s*;""")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _read_css(path: str, seen: set[str]) -> str:
    path = os.path.normpath(path)
    if path in seen:
        return ""
    seen.add(path)
    with open(path, encoding="utf-8") as f:
        css = f.read()
    here = os.path.dirname(path)
    return _IMPORT.sub(lambda m: _read_css(os.path.join(here, m.group(1)), seen), css)


def minify(css: str) -> str:
    """Comments and layout whitespace out; values are left exactly as written."""
    css = _COMMENT.sub("", css)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r";}", "}", css)
    return css.strip()


def stylesheet(theme: str, entry: str = "css/index.css", leave_out=()) -> str:
    """The theme's stylesheet, its imports inlined; `leave_out`: imported files (paths
    as index.css names them) that a kind of page never needs."""
    here = os.path.dirname(os.path.join(theme, entry))
    skipped = {os.path.normpath(os.path.join(here, name)) for name in leave_out}
    return minify(_read_css(os.path.join(theme, entry), skipped))


def stylesheets(settings, css: str) -> dict[str, str]:
    """Each kind of page's stylesheet (OLEA_CSS_BUNDLES), and "all": the whole one."""
    found = {"all": css}
    for name, leave_out in (settings.get("OLEA_CSS_BUNDLES") or {}).items():
        found[name] = stylesheet(settings["THEME"], leave_out=leave_out)
    return found


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def template_folders(settings) -> list[str]:
    """Where the site's templates are found, in the order Pelican searches them:
    THEME_TEMPLATES_OVERRIDES (the theme folder itself, for components/NAME/NAME.html),
    then THEME/templates."""
    return [
        *settings.get("THEME_TEMPLATES_OVERRIDES", []),
        os.path.join(settings["THEME"], "templates"),
    ]


@lru_cache(maxsize=16)
def _macro(folders: tuple, trim: bool, lstrip: bool, template: str, name: str, theme, lang):
    env = Environment(
        loader=FileSystemLoader(list(folders)), trim_blocks=trim, lstrip_blocks=lstrip
    )
    # In the build's language (its catalogue, olea.i18n).
    i18n.install(env, {"THEME": theme, "DEFAULT_LANG": lang})
    return getattr(env.get_template(template).module, name)


def fresh_macros(_pelican=None) -> None:
    """initialized: compile the theme's macros anew for each build, so that a devserver
    rebuild after an edit to a component (figure.html, say) uses the edited one."""
    _macro.cache_clear()


def theme_macro(settings, template: str, name: str):
    """A macro of the theme's, for HTML made while content is read (a diagram's
    figure, the warning-signs box): the theme's own markup, outside a page."""
    jinja = settings.get("JINJA_ENVIRONMENT", {})
    return _macro(
        tuple(template_folders(settings)),
        bool(jinja.get("trim_blocks")),
        bool(jinja.get("lstrip_blocks")),
        template,
        name,
        settings["THEME"],
        settings.get("DEFAULT_LANG", "en"),
    )


def _add(env: Environment, settings, css: str) -> None:
    """The filters and globals above, into `env`."""
    per_minute = _setting(settings, "OLEA_WORDS_PER_MINUTE")
    cache: dict = {}  # fresh for every build, so a devserver rebuild never sees stale tags
    i18n.install(env, settings)
    locale = settings.get("OLEA_LOCALE") or "en_US"
    table = i18n.labels(settings)
    env.filters.update(
        long_date=lambda value: i18n.long_date(value, locale),
        label=lambda value: i18n.label_of(value, table),
        plain=plain,
        plain_text=plain_text,
        truncate_plain=truncate_words_plain,
        reading_minutes=lambda html: reading_minutes(html, per_minute),
        headings=headings,
        related=lambda article, articles, limit=3: related(article, articles, limit, cache),
    )
    env.globals.update(
        warning_signs=urgency.warning_signs,
        olea_topics=list(Model.from_settings(settings).topics),
        inline_css=css,
        inline_css_hash=csp_hash(css),
        stylesheets=stylesheets(settings, css),
    )


def add_to_templates(generator) -> None:
    """generator_init: the filters and globals above, for this generator's templates."""
    settings = generator.settings
    # Every generator of one build shares this context: read (and report) once.
    if "_olea_css" not in generator.context:
        generator.context["_olea_css"] = stylesheet(settings["THEME"])
    _add(generator.env, settings, generator.context["_olea_css"])


def environment(settings) -> Environment:
    """The theme's templates as a page of the site sees them, without a build: the
    same folders, JINJA_ENVIRONMENT options, Jinja settings and the filters and
    globals above. For rendering one component alone (its examples, in the tests);
    Pelican's context (SITEURL, CLINIC, pages...) is not in it, as it is not in a
    component imported without context."""
    env = Environment(
        loader=FileSystemLoader(template_folders(settings)),
        **settings.get("JINJA_ENVIRONMENT", {}),
    )
    # In the order Pelican applies them, so olea's own come last, as in a build.
    env.filters.update(settings.get("JINJA_FILTERS", {}))
    env.globals.update(settings.get("JINJA_GLOBALS", {}))
    env.tests.update(settings.get("JINJA_TESTS", {}))
    _add(env, settings, stylesheet(settings["THEME"]))
    return env
