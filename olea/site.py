"""The site's shape, defined once: its topics, its body regions, and the pages it has.

Topics (Pelican's categories) and regions are settings (OLEA_TOPICS and
OLEA_REGIONS in pelicanconf.py); everything that needs them (the front-matter
check, `make new`, the region pages and the body map, the bench, the tests)
reads them through `Model`, never from a list of its own.

`pages()` is the one answer to "which pages does this build make": the
sitemap lists the public ones, the link check accepts links to them, and
publish verifies that each was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where Pelican's generators keep what they read: published, hidden, draft, translated.
CONTENT_LISTS = (
    "articles",
    "drafts",
    "translations",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "hidden_translations",
)


@dataclass(frozen=True)
class Topic:
    name: str  # as an article's Category: names it
    blurb: str  # one sentence for the home and topic pages


@dataclass(frozen=True)
class Region:
    slug: str  # as an article's Regions: names it
    name: str


@dataclass(frozen=True)
class Model:
    topics: tuple[Topic, ...]
    regions: tuple[Region, ...]

    @classmethod
    def from_settings(cls, settings) -> Model:
        topics = tuple(Topic(n, b) for n, b in dict(settings.get("OLEA_TOPICS") or {}).items())
        regions = tuple(Region(s, n) for s, n in dict(settings.get("OLEA_REGIONS") or {}).items())
        return cls(topics, regions)

    @property
    def topic_names(self) -> list[str]:
        return [t.name for t in self.topics]

    @property
    def region_slugs(self) -> list[str]:
        return [r.slug for r in self.regions]

    def region(self, slug: str) -> Region | None:
        return next((r for r in self.regions if r.slug == slug), None)


def load(settings_file: str | Path = ROOT / "pelicanconf.py") -> Model:
    """The model as the project's settings define it (for tools outside a build)."""
    from pelican.settings import read_settings

    return Model.from_settings(read_settings(str(settings_file)))


def all_content(generators):
    """Every article and page the generators read, each once."""
    seen = set()
    for gen in generators:
        for attr in CONTENT_LISTS:
            for item in getattr(gen, attr, ()) or ():
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


@dataclass(frozen=True)
class Address:
    """A page the build writes: its address, its file, and its date for the sitemap."""

    url: str
    save_as: str
    lastmod: str = ""
    public: bool = True  # listed in the sitemap (the 404 page is not)


def _day(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


def lastmod(content) -> str:
    """The date a reader would trust most: the last review, else the last change."""
    for attr in ("last_reviewed", "modified", "date"):
        day = _day(getattr(content, attr, None))
        if day:
            return day
    return ""


# The lists Pelican writes from its direct templates and the site adds (settings
# that name their address, and the file each writes).
_LIST_PAGES = (
    ("CATEGORIES_URL", "CATEGORIES_SAVE_AS"),
    ("TAGS_URL", "TAGS_SAVE_AS"),
    ("ARCHIVES_URL", "ARCHIVES_SAVE_AS"),
    ("SEARCH_URL", "SEARCH_SAVE_AS"),
    ("OLEA_REGIONS_URL", "OLEA_REGIONS_SAVE_AS"),
)


def pages(generators, settings) -> list[Address]:
    """Every page this build writes (first pages of lists; drafts never), in a fixed order."""
    found: list[Address] = [Address("", "index.html")]
    newest = ""
    for gen in generators:
        for article in getattr(gen, "articles", []):
            day = lastmod(article)
            newest = max(newest, day)
            found.append(Address(article.url, article.save_as, day))
        for page in getattr(gen, "pages", []):
            found.append(Address(page.url, page.save_as, lastmod(page)))
    found[0] = Address("", "index.html", newest)
    for gen in generators:
        for name in ("categories", "tags", "regions"):
            items = getattr(gen, name, [])
            items = items.items() if isinstance(items, dict) else items
            for item, _articles in sorted(items, key=lambda pair: pair[0].slug):
                found.append(Address(item.url, item.save_as))
    for url, save_as in _LIST_PAGES:
        if settings.get(url) and settings.get(save_as):
            found.append(Address(settings[url], settings[save_as]))
    found.append(Address("404.html", "404.html", public=False))
    seen: set[str] = set()
    return [a for a in found if a.save_as and not (a.save_as in seen or seen.add(a.save_as))]


def drafts(generators) -> list[str]:
    """The files drafts would have: none of them may be published."""
    return sorted(
        item.save_as
        for gen in generators
        for item in [*getattr(gen, "drafts", []), *getattr(gen, "draft_pages", [])]
        if item.save_as
    )
