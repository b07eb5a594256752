"""The shared helpers against what they stand in for."""

from __future__ import annotations

import random

from pelican.utils import get_date

from olea.frontmatter import iso_day


def test_iso_day_reads_a_date_as_pelicans_get_date_does():
    rng = random.Random(0)
    for _ in range(2000):
        text = f"{rng.randint(1900, 2100):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        ours, pelicans = iso_day(text), get_date(text)
        assert ours == pelicans and type(ours) is type(pelicans) and ours.tzinfo is None
    # Impossible days and other forms (here Arabic-Indic digits) are left to
    # get_date, which explains itself.
    arabic_indic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in "2026-01-05")
    for text in ("2026-02-30", "2026-13-01", "2026-1-5", "5 January 2026", arabic_indic, ""):
        assert iso_day(text) is None


# --- The front matter, read line by line ---------------------------------------------------

ARTICLE = "content/articles/first-article/index.md"


def _build_with(tmp_path, old, new):
    """Build the fixture with one change to its first article, from the site's folder
    (so messages name files as an author sees them)."""
    import io
    import os
    import shutil

    from helpers import FIXTURES, ROOT

    from olea.build import build

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    path = tmp_path / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    said = io.StringIO()
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"), "OLEA_SEARCH": False}
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        outcome = build(ROOT / "pelicanconf.py", tmp_path / "out", overrides=overrides, stream=said)
    finally:
        os.chdir(cwd)
    return outcome, said.getvalue()


def _problems(said: str) -> list[str]:
    return [p for p in said.split("\n") if p.startswith("error: ")]


def test_a_space_in_a_key_is_named_at_its_line_with_the_key_meant(tmp_path):
    outcome, said = _build_with(tmp_path, "Last_reviewed:", "Last reviewed:")
    assert not outcome.ok
    assert _problems(said) == [
        f"error: {ARTICLE}:7: 'Last reviewed:' is not a front-matter key, so the front matter "
        "ends here and the lines below it are read as article text"
    ], said
    assert "How to fix: did you mean 'Last_reviewed:'?" in said
    assert "Traceback" not in said


def test_a_key_without_its_colon_is_named_and_not_called_missing(tmp_path):
    outcome, said = _build_with(tmp_path, "Summary: A short", "Summary A short")
    assert not outcome.ok
    assert _problems(said) == [
        f"error: {ARTICLE}:3: this line is not 'Key: value', so the front matter ends here and "
        "the lines below it are read as article text"
    ], said
    assert "did you mean 'Summary: …'? Add the colon after 'Summary'." in said


def test_a_blank_line_in_the_header_is_named_and_no_key_below_it_is_missing(tmp_path):
    outcome, said = _build_with(tmp_path, "Regions: lower-back\n", "Regions: lower-back\n\n")
    assert not outcome.ok
    problems = _problems(said)
    assert len(problems) == 1, said  # not "has no 'Last_reviewed:'" nor "no 'Reference:'"
    assert problems[0].startswith(f"error: {ARTICLE}:7: this blank line ends the front matter")
    assert "'Last_reviewed: 2026-01-05' on line 8" in problems[0]
    assert "delete the blank line 7" in said


def test_a_missing_category_is_one_message_in_the_files_spelling(tmp_path):
    outcome, said = _build_with(tmp_path, "Category: Causes\n", "")
    assert not outcome.ok
    assert _problems(said) == [f"error: {ARTICLE}:1: the front matter has no 'Category:'"], said
    assert "Traceback" not in said and "AttributeError" not in said


def test_a_date_that_is_not_iso_is_refused_with_both_readings(tmp_path):
    outcome, said = _build_with(tmp_path, "Date: 2026-01-05", "Date: 03/12/2025")
    assert not outcome.ok
    assert f"{ARTICLE}:2: the date '03/12/2025' is not written as YYYY-MM-DD" in said
    assert "2025-03-12 or 2025-12-03, whichever you meant" in said
    outcome, said = _build_with(
        tmp_path / "b", "Last_reviewed: 2026-01-05", "Last_reviewed: 25/12/2025"
    )
    assert f"{ARTICLE}:7: the date '25/12/2025'" in said and "YYYY-MM-DD: 2025-12-25." in said
