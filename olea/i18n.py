"""The theme in the build's language: its strings, its dates and its labels.

- Strings: the theme marks them with Jinja's i18n extension (`_()` and
  `{% trans %}`), and each language other than English has a Babel message
  catalogue, theme/translations/CODE/LC_MESSAGES/messages.po (`make messages`
  extracts the strings and updates it). The catalogue is read as text at each
  build, so an edit to it shows at the next devserver rebuild, and there is no
  compiled .mo file to forget. A string it does not translate stays English,
  and the tests fail on any such string (tests/unit/test_i18n.py).
- Dates: Babel's long format in the language's locale ("December 3, 2026",
  "3 de diciembre de 2026"), through the `long_date` filter.
- Labels: a topic, region or tag keeps its English name in every language's
  front matter (so a page and its translation share their topic, region and
  tag pages); `label` shows it in the page's language, from
  content/data/labels.CODE.json. A name missing there fails the build.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def catalogue_path(settings, lang: str | None = None) -> Path:
    lang = lang or settings.get("DEFAULT_LANG", "en")
    return Path(settings["THEME"]) / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def _translations(path: str, stamp: tuple) -> Translations:
    with open(path, "rb") as f:
        catalog = read_po(f)
    compiled = BytesIO()
    # Fuzzy entries are guesses awaiting review: never shown (the tests list them).
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translations(settings) -> NullTranslations:
    """The theme's strings in the build's language (English needs none)."""
    path = catalogue_path(settings)
    if not path.is_file():
        return NullTranslations()
    stat = path.stat()
    return _translations(str(path), (stat.st_mtime_ns, stat.st_size))


def install(env, settings) -> None:
    """Give `env` the i18n extension and the build language's strings."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(settings), newstyle=True)


def long_date(value, locale: str = "en_US") -> str:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    return format_date(value, format="long", locale=locale)


def labels_path(settings, lang: str | None = None) -> Path:
    lang = lang or settings.get("DEFAULT_LANG", "en")
    return Path(settings["OLEA_DATA_PATH"]) / f"labels.{lang}.json"


def read_labels(settings, lang: str) -> dict:
    """{"topics": {name: {"name", "blurb"}}, "regions": {slug: name}, "tags": {name: label}}
    from content/data/labels.LANG.json (empty when there is none)."""
    path = labels_path(settings, lang)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def labels(settings) -> dict:
    """The build's language's labels; empty for the main site, whose names are the
    front matter's own."""
    if not settings.get("OLEA_LANG_PREFIX"):
        return {}
    return read_labels(settings, settings.get("DEFAULT_LANG", "en"))


def label_of(value, table: dict) -> str:
    """A topic's or tag's name in the build's language (its own name on the main site)."""
    name = str(value)
    topic = (table.get("topics") or {}).get(name)
    if topic:
        return topic.get("name") or name
    return (table.get("tags") or {}).get(name) or name


def check_labels(generators) -> None:
    """all_generators_finalized (a sub-site): every topic and tag has its name there."""
    from olea.problems import meta_line, report
    from olea.site import all_content

    settings = generators[0].settings
    if not settings.get("OLEA_LANG_PREFIX"):
        return
    table = labels(settings)
    where = labels_path(settings)
    for item in all_content(generators):
        wanted = []
        category = getattr(item, "category", None)
        if category is not None and str(category) not in (table.get("topics") or {}):
            wanted.append(("Category", "topics", str(category)))
        for tag in getattr(item, "tags", None) or []:
            if str(tag) not in (table.get("tags") or {}):
                wanted.append(("Tags", "tags", str(tag)))
        for region in getattr(item, "regions", None) or []:
            slug = getattr(region, "slug", region)
            if str(slug) not in (table.get("regions") or {}):
                wanted.append(("Regions", "regions", str(slug)))
        for key, kind, name in wanted:
            example = '{"name": "...", "blurb": "..."}' if kind == "topics" else '"..."'
            report(
                item.source_path,
                meta_line(item.source_path, key),
                f"the {kind[:-1]} '{name}' has no name in this language yet",
                f'add it to {where.name} (content/data/) under "{kind}": "{name}": {example}',
            )
