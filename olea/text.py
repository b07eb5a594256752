"""Clean text for places that are not HTML: <title>, meta tags, JSON-LD.

Typogrify marks up titles and summaries (<span class="caps">, &nbsp;, curly
quote entities). That is right in the page body and wrong in a browser tab, a
search result or a share card, so templates pass those through `plain`.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup, escape

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(value) -> str:
    """Tags removed, entities decoded, no-break spaces made plain: unescaped text."""
    if value is None:
        return ""
    text = str(value)
    # Titles and summaries come back on every list an article is on: remembered.
    return _plain_short(text) if len(text) < 1000 else _plain(text)


def _plain(text: str) -> str:
    text = html.unescape(_TAG.sub("", text)).replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()


_plain_short = lru_cache(maxsize=8192)(_plain)


def plain(value) -> Markup:
    """Clean text, escaped for use in HTML text or an attribute."""
    return escape(plain_text(value))


def truncate_words_plain(value, limit: int = 160) -> str:
    """Clean text cut at a word boundary to at most `limit` characters."""
    text = plain_text(value)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"
