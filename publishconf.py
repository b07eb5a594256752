"""Production settings: what `make publish` builds.

SITEURL is the public address of the site (with a path for GitHub project
pages), no trailing slash: PUBLIC_SITEURL below, set once by whoever sets the
site up (the OLEA_SITEURL environment variable overrides it, as the tests do).
The clinic's domain is not known yet, so PUBLIC_SITEURL is empty and `make
publish` stops with a one-sentence message until it is set.
"""

from __future__ import annotations

import os
import runpy

# Production is development plus the changes below: every setting of pelicanconf.py
# first (read from beside this file, wherever the command runs).
_DEVELOPMENT = runpy.run_path(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelicanconf.py")
)
globals().update((name, value) for name, value in _DEVELOPMENT.items() if name.isupper())

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
# A publish starts from an empty folder and replaces output/ only when it succeeded.
OLEA_BUILD_IN_PLACE = False

# --- Publishing and hosting (olea/publish.py, olea/deploy.py) -----------------------
# What `make deploy` does, set once by whoever sets the site up: "github" (GitHub
# Pages, with OLEA_CNAME and OLEA_GIT_REMOTE below) or "rsync" (the clinic's own
# server, OLEA_RSYNC_TARGET below). Empty: not set up yet, and make deploy says so.
OLEA_DEPLOY = os.environ.get("OLEA_DEPLOY", "")
# A draft is never written into the published site (development shows it under drafts/).
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# GitHub Pages: the custom domain written as CNAME (empty: none) and the remote pushed to.
OLEA_CNAME = os.environ.get("OLEA_CNAME", "")
OLEA_GIT_REMOTE = os.environ.get("OLEA_GIT_REMOTE", "origin")
# The clinic's server: user@host:/srv/olea or a local folder; releases kept for rollback.
OLEA_RSYNC_TARGET = os.environ.get("OLEA_RSYNC_TARGET", "")
OLEA_KEEP_RELEASES = int(os.environ.get("OLEA_KEEP_RELEASES", "5"))
# Run on the server after each switch or rollback (nginx re-reads _nginx.conf's CSP hash).
OLEA_RELOAD_COMMAND = os.environ.get("OLEA_RELOAD_COMMAND", "")

# --- Discovery: search -----------------------------------------------------------------
# olea.publish indexes the staging folder itself (olea.search.index) before it
# compresses and verifies it, so the build's own indexing is off here: indexing
# twice would only cost time.
OLEA_SEARCH = False
