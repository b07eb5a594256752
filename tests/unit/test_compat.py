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


def test_pelican_is_the_version_drop_static_files_was_checked_against():
    if compat.pelican_version() != compat.STATIC_CHECKED_WITH:
        pytest.fail(
            f"Pelican is {compat.pelican_version()}, but olea/compat.py's drop_static_files() "
            f"was checked against {compat.STATIC_CHECKED_WITH}. Check that StaticGenerator "
            "still copies the context's `staticfiles` and links through `static_content`, "
            "and whether a setting can now leave out single files, then update "
            "STATIC_CHECKED_WITH."
        )


def test_a_dropped_static_file_is_neither_copied_nor_found_by_links(tmp_path):
    from helpers import ROOT
    from pelican.generators import StaticGenerator
    from pelican.settings import read_settings

    content, output = tmp_path / "content", tmp_path / "output"
    (content / "articles").mkdir(parents=True)
    (content / "articles/notes.txt").write_bytes(b"private notes")
    (content / "articles/handout.pdf").write_bytes(b"handout")
    # The site's settings: once olea.plugin is loaded in this process, its handlers
    # answer every generator's signals, and they need the site's theme.
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "STATIC_PATHS": ["articles"], "THEME_STATIC_PATHS": []},
    )
    context = {"static_links": set(), "static_content": {}, "generated_content": {}}
    generator = StaticGenerator(
        context=context,
        settings=settings,
        path=str(content),
        theme=settings["THEME"],
        output_path=str(output),
    )
    generator.generate_context()
    dropped = compat.drop_static_files(generator, lambda s: s.source_path.endswith(".txt"))
    assert [s.get_relative_source_path() for s in dropped] == ["articles/notes.txt"]
    generator.generate_output(None)
    assert (output / "articles/handout.pdf").read_bytes() == b"handout"
    assert not (output / "articles/notes.txt").exists()
    assert list(context["static_content"]) == ["articles/handout.pdf"]
