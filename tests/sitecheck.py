"""The tests' name for olea/sitecheck.py, where make publish uses the same link walk."""

from olea.sitecheck import (
    POINTERS,
    PageInfo,
    broken_links,
    internal_path,
    is_internal,
    loads,
    parse_page,
    resolve,
)

__all__ = [
    "POINTERS",
    "PageInfo",
    "broken_links",
    "internal_path",
    "is_internal",
    "loads",
    "parse_page",
    "resolve",
]
