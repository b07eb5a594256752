"""Builds that must fail do, with a message that names the file and no traceback."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import ARTICLE, FIXTURES, assert_clean_failure, copy_project, edit, run_build


@pytest.fixture
def project(tmp_path):
    """A copy of the project whose content is the small fixture site."""
    return copy_project(tmp_path / "project", FIXTURES / "minimal")


def test_the_fixture_builds(project):
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "output/first-article/index.html").exists()


def test_broken_filename_link_fails_naming_file_and_line(project):
    edit(
        project,
        ARTICLE,
        "{filename}../second-article/index.md",
        "{filename}../no-such-article/index.md",
    )
    out = assert_clean_failure(run_build(project), ARTICLE, 15)
    assert "no-such-article" in out


def test_broken_fragment_fails(project):
    edit(project, ARTICLE, "index.md#a-section", "index.md#no-such-section")
    assert "no-such-section" in assert_clean_failure(run_build(project), ARTICLE, 15)


def test_missing_title_fails(project):
    edit(project, ARTICLE, 'Title: A first "test" article about NICE guidance\n', "")
    out = assert_clean_failure(run_build(project), ARTICLE, 1)
    assert "title" in out.lower()


def test_invalid_date_fails(project):
    edit(project, ARTICLE, "Date: 2026-01-05", "Date: 2026-13-45")
    out = assert_clean_failure(run_build(project), ARTICLE, 2)
    assert "2026-13-45" in out


def test_unknown_key_suggests_the_right_one(project):
    edit(project, ARTICLE, "Summary:", "Sumary:")
    out = assert_clean_failure(run_build(project), ARTICLE, 3)
    assert "Summary:" in out


def test_publish_fails_on_broken_link(project):
    edit(project, ARTICLE, "{filename}../second-article/index.md", "{filename}../gone.md")
    result = run_build(project, "publishconf.py", env={"OLEA_SITEURL": "https://example.org"})
    assert_clean_failure(result, ARTICLE, 15)


def test_publish_succeeds_on_good_content(project):
    result = run_build(project, "publishconf.py", env={"OLEA_SITEURL": "https://example.org"})
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "output/first-article/index.html").read_text()
    assert 'href="https://example.org/second-article/#a-section"' in html
    assert (project / "output/feeds/all.atom.xml").exists()


def test_publish_without_a_site_address_says_what_to_set(project):
    result = run_build(project, "publishconf.py", env={"OLEA_SITEURL": ""})
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    assert "set PUBLIC_SITEURL in publishconf.py once" in out


def test_failed_build_leaves_the_last_good_output(project):
    assert run_build(project).returncode == 0
    good = (project / "output/first-article/index.html").read_text()
    edit(project, ARTICLE, "Date: 2026-01-05", "Date: never")
    assert run_build(project).returncode != 0
    assert (project / "output/first-article/index.html").read_text() == good


def test_stale_files_do_not_survive_a_rebuild(project):
    assert run_build(project).returncode == 0
    assert (project / "output/second-article/index.html").exists()
    shutil.rmtree(project / "content/articles/second-article")
    edit(
        project,
        ARTICLE,
        "[the second article]({filename}../second-article/index.md#a-section)",
        "the second article",
    )
    # Beside pages that stay: a stray file, and a folder left empty.
    (project / "output/first-article/stray.txt").write_text("from an old build")
    (project / "output/empty/inside").mkdir(parents=True)
    assert run_build(project).returncode == 0
    assert not (project / "output/second-article").exists()
    assert not (project / "output/first-article/stray.txt").exists()
    assert not (project / "output/empty").exists()
    assert (project / "output/first-article/index.html").exists()


def test_pagination_cannot_collide_with_a_slug(project):
    """Page 2 of tag t1 must not overwrite tag t12 (Pelican's default pattern does)."""
    source = (project / ARTICLE).read_text(encoding="utf-8")
    for n in range(2, 16):
        folder = project / f"content/articles/extra-{n}"
        folder.mkdir()
        text = re.sub(r"Title: .*", f"Title: Extra article {n}", source)
        text = text.replace(
            "{filename}../second-article/index.md#a-section", "{filename}../first-article/index.md"
        )
        (folder / "index.md").write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    out = project / "output"
    assert (out / "tag/t1/page/2/index.html").exists()
    t12 = (out / "tag/t12/index.html").read_text()
    assert 'href="/second-article/"' in t12 and 'href="/extra-' not in t12


def test_banned_claim_fails_quoting_the_sentence(project):
    edit(
        project,
        ARTICLE,
        "This fixture exists for the build's own tests [@nice2020].",
        "Massage will cure your back in one visit.",
    )
    out = assert_clean_failure(run_build(project), ARTICLE, 11)
    assert '"Massage will cure your back in one visit."' in out


def test_hard_reading_fails_with_grade_and_longest_sentences(project):
    hard = (
        "Notwithstanding considerable methodological heterogeneity, contemporaneous "
        "systematic investigations characterising musculoskeletal interventions "
        "demonstrated inconsistent, clinically insignificant improvements. "
    ) * 3
    edit(project, ARTICLE, "This fixture exists for the build's own tests [@nice2020].", hard)
    out = assert_clean_failure(run_build(project), ARTICLE)
    assert re.search(r"the reading grade is \d+\.\d; the limit is 9", out), out
    assert "Notwithstanding considerable" in out


def test_overdue_review_is_a_notice_in_development_and_an_error_in_publish(project):
    edit(project, ARTICLE, "Last_reviewed: 2026-01-05", "Last_reviewed: 2020-01-05")
    dev = run_build(project)
    assert dev.returncode == 0, dev.stdout + dev.stderr
    assert "notice:" in dev.stderr and "review was due on 2021-01-05" in dev.stderr
    published = run_build(project, "publishconf.py", env={"OLEA_SITEURL": "https://example.org"})
    assert_clean_failure(published, ARTICLE)


def test_an_unreadable_content_cache_is_a_notice_not_a_failure(project):
    assert run_build(project).returncode == 0
    caches = sorted((project / "cache").glob("*/*/*Readers"))  # language, way of reading
    assert caches, "a development build keeps Pelican's content cache"
    for cache in caches:  # as a cache written compressed, by the old settings, would be
        cache.write_bytes(b"\x1f\x8b\x08\x00 not a pickle")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "notice: the content cache could not be read" in result.stderr
    assert "Traceback" not in result.stderr
