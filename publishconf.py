"""Production settings: what `make publish` builds.

SITEURL is the public address of the site (with a path for GitHub project
pages), no trailing slash: the OLEA_SITEURL environment variable, else
PUBLIC_SITEURL below. The clinic's domain is not known yet, so PUBLIC_SITEURL is
empty and `make publish` stops with a message until one of the two is set.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403 - production is development plus these changes

PUBLIC_SITEURL = ""
SITEURL = (os.environ.get("OLEA_SITEURL") or PUBLIC_SITEURL).rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"

# A publish never trusts a cache: every page is read from its source.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
OLEA_REQUIRE_SITEURL = True
# An article past its review date must not be published (a notice in development).
OLEA_QUALITY_OVERDUE_IS_ERROR = True
