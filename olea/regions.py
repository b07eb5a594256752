"""Pages by body region: /where-does-it-hurt/ and one page per region.

Articles name the regions they are about (`Regions:`, checked by
olea.frontmatter against the site model's regions). This plugin gives every region in
OLEA_REGIONS a page listing its articles, newest first and paginated like a
tag's, even a region with no article yet (the page says so), and writes the
overview page that carries the body map. Templates get `region_pages` (each
with slug, name, url, save_as and its articles) to link to them.

The ArticlesGenerator keeps them as `generator.regions`, like its tags and
categories, so the site model's list of pages (olea.site.pages) finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from olea.site import Model

DEFAULTS = {
    "OLEA_REGION_URL": "region/{slug}/",
    "OLEA_REGION_SAVE_AS": "region/{slug}/index.html",
    "OLEA_REGIONS_URL": "where-does-it-hurt/",
    "OLEA_REGIONS_SAVE_AS": "where-does-it-hurt/index.html",
}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def set_defaults(pelican) -> None:
    """Put the defaults in the settings, where templates and the sitemap read them."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


@dataclass
class RegionPage:
    slug: str
    name: str
    url: str
    save_as: str
    # Out of repr: incremental builds key pages by their arguments' repr, and the
    # articles (covered by the site's own fingerprint) would make it change every build.
    articles: list = field(default_factory=list, repr=False)

    @property
    def page_name(self) -> str:
        return self.url.rstrip("/")  # what PAGINATION_PATTERNS call {base_name}


def _slugs(article) -> set[str]:
    return {r.slug for r in getattr(article, "regions", ())}


def collect(generator) -> None:
    """After the articles are read: each region's page and articles, in region order."""
    settings = generator.settings
    pages = []
    for region in Model.from_settings(settings).regions:
        url = setting(settings, "OLEA_REGION_URL").format(slug=region.slug)
        save_as = setting(settings, "OLEA_REGION_SAVE_AS").format(slug=region.slug)
        articles = [a for a in generator.articles if region.slug in _slugs(a)]
        pages.append(RegionPage(region.slug, region.name, url, save_as, articles))
    generator.regions = [(page, page.articles) for page in pages]
    generator.context["region_pages"] = pages


def write(generator, writer) -> None:
    """Write the region pages and the overview, after the article generator's own pages."""
    settings = generator.settings
    template = generator.get_template("region")
    for page, articles in getattr(generator, "regions", []):
        dates = [a for a in generator.dates if a in articles]
        writer.write_file(
            page.save_as,
            template,
            generator.context,
            region=page,
            url=page.url,
            articles=articles,
            dates=dates,
            template_name="region",
            page_name=page.page_name,
            all_articles=generator.articles,
        )
    writer.write_file(
        setting(settings, "OLEA_REGIONS_SAVE_AS"),
        generator.get_template("regions"),
        generator.context,
        url=setting(settings, "OLEA_REGIONS_URL"),
        template_name="regions",
    )
