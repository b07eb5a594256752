"""The one place where the site relies on something a library does not publish.

Each entry says why there is no public way, names the library version it was
checked against, and has a test (tests/unit/test_compat.py) that fails loudly
on any other version, so an upgrade is a decision, never a surprise.
Keep this to a handful of entries; prefer a public API whenever one appears.
"""

from __future__ import annotations

import pelican

# --- 1. An article's body before links are resolved ---------------------------------
# Why: the site checks and shapes each article's HTML (diagrams inlined, headings,
# links, the reading grade) as Pelican creates it (content_object_init), so that a
# bad article stops the build before any page is written, and so that files beside
# an article (an edited diagram) count on every build, cache or not. At that moment
# Pelican's public `content` property cannot be used: it resolves {filename} links
# against a context that is still being filled, and caches the result. Pelican
# keeps the body in `Content._content`, which its own plugins documentation and
# most published plugins use for this; there is no public setter.
BODY_CHECKED_WITH = "4.12.0"


def body(content) -> str:
    """The article's or page's HTML body as read, before links are resolved."""
    return content._content or ""


def set_body(content, html: str) -> None:
    """Replace that body (the diagrams are put in their figures this way)."""
    content._content = html


# --- 2. Static files kept from being published ----------------------------------------
# Why: a photo's original beside an article must never be published (olea.photos
# publishes cleaned copies instead), while a PDF or other file beside it must.
# Pelican's only file filter, IGNORE_FILES, also filters the theme's own static
# files (its PNG icons would go with the photos), and STATIC_EXCLUDES takes only
# folders. The StaticGenerator lists the files it will copy in `staticfiles`,
# puts that list in the context (what generate_output copies from) and each file
# in `static_content` (what {static} and {attach} links find), then sends
# static_generator_finalized so that plugins can change them; no setting or
# method does it.
STATIC_CHECKED_WITH = "4.12.0"


def drop_static_files(generator, unwanted) -> list:
    """Take the static files for which `unwanted(static)` is true out of what
    Pelican copies and links to (at static_generator_finalized); return them."""
    dropped = [static for static in generator.staticfiles if unwanted(static)]
    if dropped:
        kept = [static for static in generator.staticfiles if not unwanted(static)]
        generator.staticfiles = kept
        generator.context["staticfiles"] = kept
        for static in dropped:
            generator.context["static_content"].pop(static.get_relative_source_path(), None)
    return dropped


def pelican_version() -> str:
    return pelican.__version__
