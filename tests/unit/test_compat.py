"""The adapter module's entries hold only on the library version each was checked against."""

from __future__ import annotations

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime

from olea import compat


def test_pelican_is_the_version_the_body_accessors_were_checked_against():
    if compat.pelican_version() != compat.BODY_CHECKED_WITH:
        pytest.fail(
            f"Pelican is {compat.pelican_version()}, but olea/compat.py's body() and set_body() "
            f"were checked against {compat.BODY_CHECKED_WITH}. Check that Content._content "
            "still holds the body as read (before links are resolved) and has no public "
            "replacement, then update BODY_CHECKED_WITH."
        )


def test_body_is_the_html_as_read_and_set_body_is_what_pages_show():
    settings = {**DEFAULT_CONFIG, "SITEURL": "https://example.org"}
    html = '<p>See <a href="{filename}/other.md">the other</a>.</p>'
    article = Article(
        html, metadata={"title": "T", "date": SafeDatetime(2026, 1, 5)}, settings=settings
    )
    assert compat.body(article) == html  # links still as written: nothing resolved yet
    compat.set_body(article, "<p>Changed.</p>")
    assert compat.body(article) == "<p>Changed.</p>"
    assert article.content == "<p>Changed.</p>"  # what Pelican writes into the page
