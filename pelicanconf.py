"""Development settings: what `make html` and `make devserver` build.

publishconf.py imports everything here and changes only what production needs.
"""

from __future__ import annotations

import os
import sys

# The plugins share code (plugins/olea_common), so their folder must be importable.
_HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.join(_HERE, "plugins") not in sys.path:
    sys.path.insert(0, os.path.join(_HERE, "plugins"))

AUTHOR = "Olea"
SITENAME = "Olea"
SITE_TAGLINE = "Massage therapy in Charlotte, NC"
SITE_DESCRIPTION = (
    "Plain-English, evidence-based articles on back pain from Olea, a massage therapy "
    "clinic in Charlotte, NC: what may be going on, what helps, and when to get help."
)
# Empty in development so that every link is relative to the local server.
SITEURL = ""
RELATIVE_URLS = False

TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
LOCALE = ("en_US.UTF-8", "C.UTF-8", "C")
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# --- The clinic ---------------------------------------------------------------
# Templates read every clinic detail from here. What the clinic has not supplied
# stays empty ("" or an empty list) and the templates then leave it out: never
# put a placeholder value here.
CLINIC = {
    "name": "Olea",
    "description": "Massage therapy clinic",
    "street_address": "1100 South Mint St, Suite 109",
    "locality": "Charlotte",
    "region": "NC",
    "postal_code": "28203",
    "country": "US",
    "phone": "",  # as "+1 NNN NNN NNNN", once the clinic supplies it
    "email": "",
    "booking_url": "",
    # Opening hours as (days, hours) pairs, in the form ("Mon-Fri", "HH:MM-HH:MM").
    "opening_hours": [],
}

# --- Content --------------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Images live beside the article that shows them; Markdown sources are not copied.
STATIC_PATHS = ["articles", "pages", "extra"]
STATIC_EXCLUDE_SOURCES = True
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
}
# One folder per article: the folder name is the slug (articles/SLUG/index.md);
# a page's file name is its slug (pages/SLUG.md).
PATH_METADATA = r"(?:articles|pages)/(?P<slug>[^/]+?)(?:/index)?\.md"
FILENAME_METADATA = r"(?!)"  # dates come from front matter, never from file names
DEFAULT_CATEGORY = ""  # an article without a Category is an error, not "misc"
USE_FOLDER_AS_CATEGORY = False
ARTICLE_ORDER_BY = "reversed-date"
PAGE_ORDER_BY = "title"

# Markdown: this replaces Pelican's defaults, so extra, meta and codehilite stay.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False, "toc_depth": "2-3"},
    },
    "output_format": "html5",
}

# Typographic quotes, dashes and widow control in the HTML body. Templates put
# clean text into <title>, meta tags, JSON and feeds through the `plain` filter.
TYPOGRIFY = True
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "script", "style", "title", "svg"]

# --- URLs: clean, and pagination that cannot collide with a slug ---------------------
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = "category/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = "tag/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# The clinic is the author of every article: no author pages.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "404"]
DEFAULT_PAGINATION = 12
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "region": None}
# Page 2 of tag "t1" is tag/t1/page/2/, which no slug can reach, unlike Pelican's
# default "{name}{number}" where it would overwrite tag "t12".
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Feeds: one Atom feed, written by publish only -------------------------------------
FEED_DOMAIN = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme and plugins ----------------------------------------------------------
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "olea_typogrify",
    "olea_parallel",  # a cold build reads articles on every core
    "olea_urls",  # each address is worked out once while pages are written
    "olea_text",
    "olea_assets",
    "olea_frontmatter",
    "olea_quality",  # after olea_frontmatter: it reads next_review
    "olea_structure",
    "olea_incremental",  # development builds render only pages whose inputs changed
    "olea_links",
]
# Every build makes new Jinja environments, so within one there is nothing to
# reload: with auto_reload on, Jinja checked each template file's time at every
# use, some eleven times a page (extends, imports).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": False,
    "auto_reload": False,
}

# --- Build behaviour ------------------------------------------------------------
# The content cache makes devserver rebuilds fast; publish turns it off.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
CHECK_MODIFIED_METHOD = "mtime"
# The cache is read and written on every build; compressing it cost 0.2 s a build
# at 1000 articles to save disk space nobody needs back.
GZIP_CACHE = False
# Stale files never survive: olea/build.py writes development builds over the
# last one and then prunes what it did not write (fast rebuilds); publish builds
# into a fresh folder swapped in only when all went well. So Pelican's own
# clean-up stays off (it would delete the folder being served).
OLEA_BUILD_IN_PLACE = True
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_PATH = "output"
LOG_FILTER = []

# --- Theme data -------------------------------------------------------------------
# olea_data puts content/data/*.json (the urgency box's text, topic blurbs) into
# every template and adds the filters the theme needs (reading time, contents,
# related articles). The folder is fixed here, not found from PATH, so a build
# of the test fixture (PATH overridden) still shows the same urgency box.
PLUGINS = [*PLUGINS, "olea_data"]
OLEA_DATA_PATH = os.path.join(_HERE, "content", "data")
OLEA_WORDS_PER_MINUTE = 200

# --- Diagrams (plugins/olea_figures) ----------------------------------------------
# ![what it shows](diagram-NAME.svg "Caption") beside an article becomes an inline
# SVG figure. First in the list: it must take the <img> before olea_structure
# (same signal) treats it as a picture to publish.
PLUGINS = ["olea_figures", *PLUGINS]
# The diagrams are inlined into their pages, coloured by the theme's tokens; a
# copy published as a file of its own would show colourless to anyone opening it.
IGNORE_FILES = [".#*", "diagram-*.svg"]

# --- Discovery: where does it hurt (plugins/olea_regions) --------------------------
# A page per body region (OLEA_REGIONS) listing its articles, and the body map's
# own page; URLs are OLEA_REGION_URL and OLEA_REGIONS_URL (defaults in the plugin).
PLUGINS = [*PLUGINS, "olea_regions"]

# --- Share cards (plugins/olea_share) ---------------------------------------------
# One 1200 x 630 image for the whole site, drawn from these settings at build time
# (the plugin's docstring says why not one per article).
PLUGINS = [*PLUGINS, "olea_share"]

# --- Discovery: sitemap.xml and robots.txt (plugins/olea_seo) ---------------------
# robots.txt is generated so that publish can give the sitemap's absolute URL.
PLUGINS = [*PLUGINS, "olea_seo"]
EXTRA_PATH_METADATA.pop("extra/robots.txt", None)

# --- Discovery: search (plugins/olea_search, olea/search.py) -----------------------
# Every build is indexed with Pagefind, so /search/ works in development too.
PLUGINS = [*PLUGINS, "olea_search"]
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
