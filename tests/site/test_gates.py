"""Authoring gates: each mistake stops the build with file, line and a fix;
hostile input never crashes the build and never changes an author's file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys

import pytest
from helpers import (
    ARTICLE,
    FIXTURES,
    ROOT,
    assert_clean_failure,
    copy_project,
    edit,
    run_build,
    write_photo,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BODY = "This fixture exists for the build's own tests [@nice2020]."


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project", FIXTURES / "minimal")


def add_body(project, text):
    edit(project, ARTICLE, BODY, BODY + "\n\n" + text)


# --- Content structure ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#### Too deep\n\nText.", "jumps from level 1 to level 4"),
        ("# A second title\n\nText.", "is a top-level heading"),
        ("![](photo.png)", "has no alt text"),
        ("![A photo of a heat wrap](missing.png)", "does not exist"),
        ("See [an old site](http://example.org/page).", "is not https"),
        ("See [a page](../no-such-page/).", "which the site does not have"),
        ("Write REPLACE here.", "REPLACE marker"),
    ],
)
def test_each_structure_mistake_is_named_with_its_line(project, text, expected):
    add_body(project, text)
    out = assert_clean_failure(run_build(project), ARTICLE)
    line = (project / ARTICLE).read_text().splitlines().index(text.split("\n")[0]) + 1
    assert f"{ARTICLE}:{line}:" in out and expected in out, out


def test_good_relative_links_and_local_images_pass(project):
    # A real picture: olea.photos decodes it to make its copies.
    write_photo(project / "content/articles/first-article/diagram.png", (1000, 700))
    add_body(
        project,
        "See [the second one](../second-article/) and [topics](/category/).\n\n"
        "![A small diagram of the spine](diagram.png)",
    )
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_duplicate_titles_name_both_files(project):
    edit(
        project,
        "content/articles/second-article/index.md",
        "Title: Second article",
        'Title: A first "test" article about NICE guidance',
    )
    out = assert_clean_failure(run_build(project), ARTICLE)
    assert "the same title as content/articles/second-article/index.md" in out


def test_a_page_and_an_article_cannot_share_an_address(project):
    (project / "content/pages/first-article.md").write_text(
        "Title: Another first\nSummary: A page with the article's address.\n\nText.\n"
    )
    out = assert_clean_failure(run_build(project), "content/pages/first-article.md")
    assert "the same web address /first-article/" in out


def test_a_future_date_fails_unless_the_article_is_a_draft(project):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    edit(project, ARTICLE, "Date: 2026-01-05", f"Date: {future}")
    edit(
        project,
        ARTICLE,
        "[the second article]({filename}../second-article/index.md#a-section)",
        "the second article",
    )
    assert "is in the future" in assert_clean_failure(run_build(project), ARTICLE, 2)
    edit(project, ARTICLE, f"Date: {future}", f"Date: {future}\nStatus: draft")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "output/first-article").exists()


# --- make check and make new ---------------------------------------------------------------


def run_tool(project, module, *args):
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_groups_problems_by_file_counts_them_and_writes_nothing(project):
    edit(project, ARTICLE, "Summary:", "Sumary:")
    add_body(project, "#### Too deep")
    edit(
        project,
        "content/articles/second-article/index.md",
        "Category: Treatments",
        "Category: Treatment",
    )
    result = run_tool(project, "olea.check")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "Traceback" not in out + result.stderr
    first = out.index(f"\n{ARTICLE}\n")
    second = out.index("\ncontent/articles/second-article/index.md\n")
    assert "unknown front-matter key 'Sumary:'" in out[first:second]
    assert "jumps from level 1 to level 4" in out[first:second]
    assert "did you mean 'Summary:'" in out
    assert "use 'Treatments'" in out[second:]
    assert re.search(r"\n\d+ problems in 2 files\.\n?$", out), out
    assert not (project / "output").exists()


def test_check_passes_on_good_content(project):
    result = run_tool(project, "olea.check")
    assert result.returncode == 0 and "All checks passed" in result.stdout


def test_new_starts_an_article_that_check_refuses_until_written(tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "minimal")
    result = run_tool(project, "olea.new", "Heat or ice: what helps?")
    assert result.returncode == 0, result.stderr
    path = project / "content/articles/heat-or-ice-what-helps/index.md"
    text = path.read_text()
    today = dt.date.today().isoformat()
    assert f"Date: {today}" in text and f"Last_reviewed: {today}" in text
    assert "Title: Heat or ice: what helps?" in text
    for key in ("Summary:", "Category:", "Tags:", "Regions:", "Reference:", "## "):
        assert key in text
    check = run_tool(project, "olea.check")
    assert check.returncode == 1 and "REPLACE marker" in check.stdout
    again = run_tool(project, "olea.new", "Heat or ice: what helps?")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text() == text


# --- Hostile input -------------------------------------------------------------------------

GOOD_META = (
    "Title: {title}\nDate: 2026-01-10\nSummary: A hostile-input case.\nCategory: Causes\n"
    "Tags: t1\nRegions: lower-back\nLast_reviewed: 2026-01-10\n"
    "Reference: nice2020 | NICE | Low back pain and sciatica in over 16s (NG59) | NICE | 2020 | "
    "https://www.nice.org.uk/guidance/ng59\n"
    "Reference: nhs | NHS | Back pain | NHS website | 2026 | https://www.nhs.uk/conditions/back-pain/\n"
)


def _meta(title="Hostile case"):
    return GOOD_META.format(title=title)


HOSTILE = {
    "empty": b"",
    "front-matter-only": _meta().encode(),
    "binary": bytes(range(256)) * 40,
    "latin-1": (_meta("Caf\xe9 and back pain") + "\nCaf\xe9 text.\n").encode("latin-1"),
    "utf-8-bom": b"\xef\xbb\xbf" + (_meta() + "\nA body.\n").encode(),
    "crlf": (_meta() + "\nA body with short lines.\n").replace("\n", "\r\n").encode(),
    "five-megabytes": (_meta() + "\n" + "Keep moving and stay active. " * 180_000).encode(),
    "unclosed-html": (_meta() + "\n<div><p>An unclosed block\n\nMore text.\n").encode(),
    "script-title": _meta("<script>alert(1)</script> Back pain").encode(),
    "emoji": (_meta("Back pain \U0001f9d8") + "\nStretch gently \U0001f642.\n").encode(),
    "long-line": (_meta() + "\n" + "word " * 20_000 + "\n").encode(),
    "far-future": _meta().replace("Date: 2026-01-10", "Date: 9999-12-31").encode(),
}


def _snapshot(folder):
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_gives_a_clean_message_or_a_good_build(project, case):
    folder = project / "content/articles" / f"hostile-{case}"
    folder.mkdir()
    (folder / "index.md").write_bytes(HOSTILE[case])
    before = _snapshot(project / "content")
    result = run_build(project)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "the build stopped" not in out, out[-3000:]
    if result.returncode:
        assert f"content/articles/hostile-{case}/index.md" in out, out[-3000:]
        assert "How to fix" in out
    assert _snapshot(project / "content") == before, "the build changed an author's file"
    if case == "script-title":
        assert result.returncode != 0 and "the title contains HTML" in out, out[-3000:]


def test_a_symlink_loop_and_a_duplicate_slug_are_survived(project):
    os.symlink("..", project / "content/articles/loop")
    (project / "content/articles/twin").mkdir()
    (project / "content/articles/twin/index.md").write_text(
        _meta().replace("Summary:", "Slug: first-article\nSummary:")
    )
    before = _snapshot(project / "content")
    result = run_build(project)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "the build stopped" not in out, out[-3000:]
    assert result.returncode != 0, out
    assert "content/articles/loop: this link leads back to content" in out, out
    os.unlink(project / "content/articles/loop")
    result = run_build(project)
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "the build stopped" not in out, out[-3000:]
    assert result.returncode != 0 and "the same web address /first-article/" in out, out
    assert _snapshot(project / "content") == before


# --- Property: any front matter builds or fails cleanly --------------------------------------

_KEYS = [
    "Title",
    "Date",
    "Summary",
    "Category",
    "Tags",
    "Regions",
    "Last_reviewed",
    "Reference",
    "Modified",
    "Status",
    "Slug",
    "Sumary",
    "X-Key",
]
_value = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(_KEYS), _value), max_size=10))
def test_any_front_matter_builds_or_fails_cleanly(tmp_path_factory, meta):
    import io

    from olea.build import build

    project = tmp_path_factory.mktemp("prop")
    content = project / "content"
    (content / "articles/generated").mkdir(parents=True)
    text = "".join(f"{k}: {v}\n" for k, v in meta) + "\nA generated body.\n"
    (content / "articles/generated/index.md").write_text(text, encoding="utf-8")
    stream = io.StringIO()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        outcome = build(
            str(ROOT / "pelicanconf.py"),
            project / "output",
            stream=stream,
            overrides={
                "PATH": str(content),
                "CACHE_PATH": str(project / "cache"),
                "LOAD_CONTENT_CACHE": False,
            },
        )
    finally:
        os.chdir(cwd)
    out = stream.getvalue()
    assert "the build stopped" not in out and "Traceback" not in out, (text, out)
    if not outcome.ok:
        assert "articles/generated/index.md" in out, (text, out)
