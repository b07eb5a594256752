"""The site's languages: which files each reads, where it is written, how its pages pair up.

The first language in OLEA_LANGUAGES is the main site, at the root. Every other
one is a sub-site at /CODE/, built from the translations that sit beside their
source: content/articles/SLUG/index.CODE.md and content/pages/NAME.CODE.md.

Why a build per language (the way pelican-i18n-subsites works) and not one
build with Pelican's translations: a single Pelican build writes each
translation as a lone page, with no home page, topic, region, archive, search
or 404 page in its language, and renders every page with one set of theme
strings. And why not that plugin itself: it keeps its state in module globals
(wrong for the devserver's many builds in one process), reads Pelican's private
`_content` and `_context`, and starts the next language from the `finalized`
signal of the last one, after its pages are written, so a mistake in the
Spanish could no longer stop the English from being written. olea.build runs
the languages itself: every language is read and checked first, and only
then is any of them written.

Pelican's own translation support is still what pairs the pages: each
translation says `Lang: es`, and it keeps its source's slug (the folder or
file name), Pelican's translation ID. So a page and its translation have the
same address inside their language's site (/SLUG/ and /es/SLUG/), and
`alternates()` pairs every page the builds write, lists included.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULTS = {
    # code: what its site needs; the first is the main site.
    "OLEA_LANGUAGES": {"en": {"name": "English", "locale": "en_US"}},
}

# The front-matter key a translation records its source's revision under.
SOURCE_REVISION = "source_revision"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language, for the language switch
    locale: str  # Babel's, for dates and og:locale (es_US)
    prefix: str  # "" for the main site, else "es/"
    settings: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def main(self) -> bool:
        return not self.prefix


def languages(settings) -> list[Language]:
    found = []
    configured = settings.get("OLEA_LANGUAGES") or DEFAULTS["OLEA_LANGUAGES"]
    for i, (code, info) in enumerate(configured.items()):
        found.append(
            Language(
                code,
                info.get("name", code),
                info.get("locale", code),
                "" if i == 0 else f"{code}/",
                dict(info.get("settings") or {}),
            )
        )
    return found


def translation_files(content: Path, code: str) -> tuple[list[str], list[str]]:
    """The articles and pages written in `code` (paths relative to the content folder)."""
    articles = sorted(
        str(p.relative_to(content)) for p in content.glob(f"articles/*/index.{code}.md")
    )
    pages = sorted(str(p.relative_to(content)) for p in content.glob(f"pages/*.{code}.md"))
    return articles, pages


def overrides(lang: Language, settings, langs: list[Language]) -> dict | None:
    """The settings that make `settings` (the main site's) build `lang`'s site.

    None when the language has nothing to build yet: no translation at all.
    """
    others = [f"*.{other.code}.md" for other in langs if not other.main]
    root_url = (settings.get("SITEURL") or "").rstrip("/")
    common = {
        "OLEA_ROOT_URL": root_url,
        "OLEA_LANG_PREFIX": lang.prefix,
        "OLEA_LOCALE": lang.locale,
    }
    if lang.main:
        # The main site reads every Markdown file but the translations.
        return {**common, "IGNORE_FILES": [*settings.get("IGNORE_FILES", []), *others]}
    content = Path(settings["PATH"])
    articles, pages = translation_files(content, lang.code)
    if not articles and not pages:
        return None
    # Topics and regions keep their keys (the front matter's names); their words
    # come from the language's labels (olea.i18n), English where one is missing,
    # which the build then reports.
    from olea.i18n import read_labels

    labels = read_labels(settings, lang.code)
    topics = {
        name: (labels.get("topics", {}).get(name) or {}).get("blurb") or blurb
        for name, blurb in (settings.get("OLEA_TOPICS") or {}).items()
    }
    regions = {
        slug: labels.get("regions", {}).get(slug) or name
        for slug, name in (settings.get("OLEA_REGIONS") or {}).items()
    }
    # A language's settings replace the main site's; a dict (CLINIC) only key by key,
    # so that a translation never has to repeat the clinic's address.
    own = {
        key: {**settings[key], **value}
        if isinstance(value, dict) and isinstance(settings.get(key), dict)
        else value
        for key, value in lang.settings.items()
    }
    return {
        **common,
        "OLEA_TOPICS": topics,
        "OLEA_REGIONS": regions,
        **own,
        "DEFAULT_LANG": lang.code,
        "SITEURL": f"{root_url}/{lang.code}",
        # The feed's links lead into this language's site.
        **({"FEED_DOMAIN": f"{root_url}/{lang.code}"} if settings.get("FEED_DOMAIN") else {}),
        # Exactly the translations; the images beside them are the main site's.
        "ARTICLE_PATHS": articles,
        "PAGE_PATHS": pages,
        "STATIC_PATHS": [],
        # The theme's files (icons, the search script) are the main site's too.
        "THEME_STATIC_PATHS": [],
        # robots.txt belongs at the root only; the main site's names every sitemap.
        "OLEA_ROBOTS": "",
    }


def output_for(lang: Language, root: Path) -> Path:
    return root / lang.prefix if lang.prefix else root


def alternates(pages_by_lang: dict[Language, list]) -> dict[str, dict[str, list]]:
    """For each language, each page's versions: {code: {url: [(code, prefix + url), ...]}}.

    A page has a version in every language whose build writes the same URL (a
    translation keeps its source's slug; lists keep their addresses), the
    page's own language included, in the order of the languages.
    """
    urls = {lang: {a.url for a in found if a.public} for lang, found in pages_by_lang.items()}
    out: dict[str, dict[str, list]] = {}
    for lang, mine in urls.items():
        table = {}
        for url in mine:
            table[url] = [(other.code, other.prefix + url) for other in urls if url in urls[other]]
        out[lang.code] = table
    return out


def revision(source: Path) -> str:
    """A source file's revision, as a translation records it: its text's digest."""
    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_LANG_SUFFIX = re.compile(r"(?P<stem>.*?)(?:\.(?P<code>[a-z]{2}))?\.md$")


def source_of(path: str | os.PathLike) -> Path | None:
    """The English source a translation's file translates (None for a source)."""
    path = Path(path)
    m = _LANG_SUFFIX.fullmatch(path.name)
    if not m or not m.group("code"):
        return None
    return path.with_name(m.group("stem") + ".md")


def data_file(settings, name: str) -> str:
    """content/data/NAME.json, or its translation NAME.CODE.json on a sub-site."""
    folder = settings.get("OLEA_DATA_PATH") or os.path.join(settings["PATH"], "data")
    stem, ext = os.path.splitext(name)
    if settings.get("OLEA_LANG_PREFIX"):
        return os.path.join(folder, f"{stem}.{settings['DEFAULT_LANG']}{ext}")
    return os.path.join(folder, name)


def main_data_file(settings, name: str) -> str:
    folder = settings.get("OLEA_DATA_PATH") or os.path.join(settings["PATH"], "data")
    return os.path.join(folder, name)


def page_source(settings, name: str) -> str:
    """A page's file, as a link names it, in the build's language: pages/NAME[.CODE].md."""
    if settings.get("OLEA_LANG_PREFIX"):
        return f"pages/{name}.{settings['DEFAULT_LANG']}.md"
    return f"pages/{name}.md"


def root_output(settings) -> str:
    """The whole site's folder: a sub-site writes into its own folder inside it."""
    out = str(settings["OUTPUT_PATH"]).rstrip("/")
    prefix = (settings.get("OLEA_LANG_PREFIX") or "").strip("/")
    if prefix and out.endswith("/" + prefix):
        return out[: -len(prefix) - 1]
    return out


def root_url(settings) -> str:
    """The whole site's address ("" in development): shared files live there."""
    return settings.get("OLEA_ROOT_URL", settings.get("SITEURL", "")) or ""
