"""Development settings: what `make html` and `make devserver` build.

publishconf.py imports everything here and changes only what production needs.
"""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))

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
# The site's languages (olea/languages.py). The first is the main site, at the root;
# each other is a sub-site at /CODE/, built from the translations beside their sources
# (articles/SLUG/index.CODE.md, pages/NAME.CODE.md; `make translate` starts one). Its
# "settings" replace the main site's for its build; the theme's strings come from
# theme/translations/CODE/LC_MESSAGES/messages.po, its data from content/data/*.CODE.json.
OLEA_LANGUAGES = {
    "en": {"name": "English", "locale": "en_US"},
    "es": {
        "name": "Español",
        "locale": "es_US",
        "settings": {
            "SITE_TAGLINE": "Terapia de masaje en Charlotte, NC",
            "SITE_DESCRIPTION": (
                "Artículos sobre el dolor de espalda en español sencillo y basados en la "
                "evidencia, de Olea, una clínica de terapia de masaje en Charlotte, NC: qué puede "
                "estar pasando, qué ayuda y cuándo buscar ayuda."
            ),
            # Only what differs from CLINIC above, in Spanish.
            "CLINIC": {"description": "Clínica de terapia de masaje"},
            # Readability by the measure made for Spanish (olea/quality.py).
            "OLEA_QUALITY_MAX_GRADE": None,
            "OLEA_QUALITY_MIN_EASE": 70,
            # The claims a clinic may not make, in Spanish, any form of the word:
            # cure, guarantee, diagnose, realign, miracle, detox.
            "OLEA_QUALITY_BANNED": (
                r"cur(a|as|an|ar|ará|arán|ado|ada|ados|adas|ación|aciones|ó|e|en)",
                r"garantiz\w*|garantía(s)?",
                r"diagnostic\w*|diagnóstico(s)?",
                r"realine\w*|realinea\w*",
                r"milagr\w*",
                r"desintoxica\w*|detox\w*",
            ),
        },
    },
}
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
    # North Carolina licenses, exactly as the Board issued them, shown once set (on the
    # visit page's card and in every page's footer); `make report` lists them while
    # missing. The Board's advertising rule (21 NCAC 30 .0404) governs what a clinic's
    # website must show: its text could not be read here, so check it when filling these.
    "establishment_license": "",  # the clinic's establishment license number
    "therapists": [],  # each as ("Full name", "license number")
}

# --- The site's shape (olea/site.py reads these; nothing else lists them) --------
# Topics: an article's Category is one of these names; each has the sentence the
# home page and its topic page show. Regions: the parts of the body an article's
# Regions: name, in the order of the body map ("Where does it hurt?").
OLEA_TOPICS = {
    "Causes": (
        "What may be going on in the muscles and joints of your back, "
        "and what the evidence says about each idea."
    ),
    "Treatments": (
        "Massage, exercise, heat and other care: what may help, how much, "
        "and how sure the research is."
    ),
    "Self-care": "Things you can do yourself to stay active and ease pain at home and at work.",
    "Get help": "The warning signs that need a doctor, and how to get the right help quickly.",
}
OLEA_REGIONS = {
    "lower-back": "Lower back",
    "middle-back": "Middle back",
    "upper-back": "Upper back",
    "neck": "Neck",
    "hips-and-legs": "Hips and legs",
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
# a page's file name is its slug (pages/SLUG.md). A translation keeps its source's
# slug, Pelican's translation ID (articles/SLUG/index.es.md, pages/SLUG.es.md).
PATH_METADATA = r"(?:articles|pages)/(?P<slug>[^/.]+)(?:/index)?(?:\.[a-z]{2})?\.md"
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

# Typographic quotes, dashes and widow control in the HTML body, title and summary.
# The site's reader (olea/reader.py) applies typogrify while reading, so the content
# cache keeps the result; Pelican's own TYPOGRIFY would repeat it after the cache on
# every rebuild, so it stays off. Templates put clean text into <title>, meta tags,
# JSON and feeds through the `plain` filter.
OLEA_TYPOGRIFY = True
TYPOGRIFY = False
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

# --- Theme and plugin -------------------------------------------------------------
THEME = "theme"
# Each component is a folder, theme/components/NAME/, with its macro, CSS and examples
# together; Pelican looks for templates only in THEME/templates and in these folders,
# so with theme/ here `{% from "components/NAME/NAME.html" import ... %}` resolves.
# olea.templates loads the components it renders outside a page from the same folders.
THEME_TEMPLATES_OVERRIDES = [os.path.join(_HERE, "theme")]
# What each kind of page leaves out of the stylesheet every page inlines (paths as
# theme/css/index.css imports them): an article never shows the home page's blocks,
# the body map, the do/don't lists or the clinic card (the visit page shows it).
# Inlined CSS is about a third of an article's bytes; these are a fifth of it.
_HOME_ONLY = (
    "blocks/home.css",
    "../components/body-map/body-map.css",
    "../components/do-dont/do-dont.css",
)
_ARTICLE = (*_HOME_ONLY, "../components/clinic-card/clinic-card.css")
OLEA_CSS_BUNDLES = {
    "article": _ARTICLE,
    # An article without a figure (no diagram, no photo): article.html chooses.
    "article-text": (
        *_ARTICLE,
        "../components/figure/figure.css",
        "../components/diagram/diagram.css",
    ),
    "page": _HOME_ONLY,
}
# One plugin, from the olea package (installed into .venv by the Makefile): its
# register() connects every check and page of the site, in order (olea/plugin.py).
PLUGINS = ["olea.plugin"]
# Every build makes new Jinja environments, so within one there is nothing to
# reload: with auto_reload on, Jinja checked each template file's time at every
# use, some eleven times a page (extends, imports).
JINJA_ENVIRONMENT = {
    # The theme's strings, in each language's build (olea/i18n.py installs the catalogue).
    "extensions": ["jinja2.ext.i18n"],
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
# A cached file is read again when its content changes (not merely its time).
CHECK_MODIFIED_METHOD = "sha256"
# The cache is read and written on every build; compressing it cost 0.2 s a build
# at 1000 articles to save disk space nobody needs back.
GZIP_CACHE = False
# Stale files never survive: olea.build writes development builds over the last
# one and then prunes what it did not write (fast rebuilds); publish builds into
# a fresh folder swapped in only when all went well. So Pelican's own clean-up
# stays off (it would delete the folder being served).
OLEA_BUILD_IN_PLACE = True
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_PATH = "output"
LOG_FILTER = []

# --- Theme data -------------------------------------------------------------------
# olea.templates puts content/data/*.json (the urgency box's text) into every
# template and adds the filters the theme needs (reading time, contents, related
# articles). The folder is fixed here, not found from PATH, so a build of the
# test fixture (PATH overridden) still shows the same urgency box.
OLEA_DATA_PATH = os.path.join(_HERE, "content", "data")
OLEA_WORDS_PER_MINUTE = 200

# --- Diagrams (olea/figures.py) ----------------------------------------------------
# ![what it shows](diagram-NAME.svg "Caption") beside an article becomes an inline
# SVG figure.
# The diagrams are inlined into their pages, coloured by the theme's tokens; a
# copy published as a file of its own would show colourless to anyone opening it.
IGNORE_FILES = [".#*", "diagram-*.svg"]

# --- Photos (olea/photos.py) -------------------------------------------------------
# ![what it shows](photo.jpg "Caption") with a JPEG, PNG or WebP beside an article
# becomes a <picture> of resized copies, published in photos/ without the camera's
# data (EXIF, GPS, XMP, colour profile, comments). The originals (*.jpg, *.jpeg,
# *.jfif, *.png, *.webp in articles/ and pages/, any case) are never published:
# olea.photos takes them out of Pelican's static files. The copies are cached in
# CACHE_PATH/olea-photos/, by content.
# Widths of the copies, px: a phone at 1x and 2x, the text column on large screens.
# A photo narrower than the largest also gets a copy at its own width; none is enlarged.
OLEA_PHOTOS_WIDTHS = (480, 800, 1200, 1600)
# Modern formats offered first, best first ("avif", "webp"); a JPEG fallback
# always follows (PNG for a photo with transparency). Pillow 13 (requirements.lock)
# writes AVIF with its bundled libavif. Adding "webp" serves Safari before 16
# (iOS 15) a WebP instead of the JPEG, for about 0.5 s more per photo when first built.
OLEA_PHOTOS_FORMATS = ("avif",)
# Quality per format: about the same fidelity (PSNR) each; AVIF at 50 is about
# less than half the bytes of JPEG at 80 (bench/photos.py).
OLEA_PHOTOS_QUALITY = {"avif": 50, "webp": 75, "jpeg": 80}
# libavif's speed, 0 (slowest) to 10: 8 encodes about six times faster than
# Pillow's default of 6 for some 10 % more bytes.
OLEA_PHOTOS_AVIF_SPEED = 8
# Refused below this width, px ("too small to be sharp": the column is about 650 px).
OLEA_PHOTOS_MIN_WIDTH = 800
# Refused above these (a phone's photo is 2 to 8 MB and 4000 to 6000 px; more is a
# scan or a raw export that only slows the build).
OLEA_PHOTOS_MAX_BYTES = 12_000_000
OLEA_PHOTOS_MAX_SIDE = 8000
# How wide the photo is shown, for the browser's pick among the copies: the
# article's column, 65ch of 18 px text (46.5rem in the widest system font, DejaVu
# Sans; a little less in others), inside the page's 1.25rem margins.
OLEA_PHOTOS_SIZES = "(min-width: 49rem) 46.5rem, calc(100vw - 2.5rem)"
# Alt text refused as saying nothing, compared in lower case without spaces or
# punctuation; the photo's own file name, with or without extension, always is.
OLEA_PHOTOS_PLACEHOLDER_ALT = (
    "image",
    "photo",
    "picture",
    "img",
    "pic",
    "photograph",
    "graphic",
    "alt",
    "alt text",
    "untitled",
)

# --- Discovery ---------------------------------------------------------------------
# Where does it hurt (olea/regions.py): a page per region in OLEA_REGIONS listing its
# articles, and the body map's own page; URLs are OLEA_REGION_URL and
# OLEA_REGIONS_URL (defaults in the module).
# Share cards (olea/share.py): one 1200 x 630 image for the whole site, drawn from
# these settings at build time (the module's docstring says why not one per article).
# sitemap.xml and robots.txt (olea/seo.py): robots.txt is generated so that publish
# can give the sitemap's absolute URL.
EXTRA_PATH_METADATA.pop("extra/robots.txt", None)
# Search (olea/search.py): every build is indexed with Pagefind, so /search/ works
# in development too.
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
