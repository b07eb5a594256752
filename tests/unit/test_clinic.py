"""Real Pelican runs on the fixture: clinic statements show only once confirmed."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import FIXTURES, ROOT, build_here

PAGE = "pages/about.md"


@pytest.fixture
def site(tmp_path):
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    shutil.copytree(ROOT / "content/data", tmp_path / "data")
    statements = {
        "said": {"text": "Zebra statement confirmed by the clinic.", "confirmed": True},
        "unsaid": {"text": "Okapi statement still waiting.", "confirmed": False},
    }
    (tmp_path / "data/clinic.json").write_text(json.dumps({"statements": statements}))
    return tmp_path


def _build(site, text):
    page = site / "content" / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return build_here(site, site / "content", OLEA_DATA_PATH=str(site / "data"))


def test_a_confirmed_statement_shows_and_a_waiting_one_does_not(site):
    outcome, said = _build(site, "\n{clinic:said}\n\n{clinic:unsaid}\n\nAfter them.")
    assert outcome.ok, said
    page = (site / "out/about/index.html").read_text(encoding="utf-8")
    assert "<p>Zebra statement confirmed by the clinic.</p>" in page
    assert (
        "Okapi" not in page and "{clinic" not in page and "After&nbsp;them." in page
    )  # typogrify keeps the last two words together


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{clinic:nobody}", "the clinic statement 'nobody' is not in content/data/clinic.json"),
        ("As we say, {clinic:said}.", "a {clinic:...} marker is inside a sentence"),
    ],
)
def test_a_wrong_marker_is_named_with_its_line(site, text, expected):
    outcome, said = _build(site, "\n" + text)
    lines = (site / "content" / PAGE).read_text(encoding="utf-8").splitlines()
    line = next(n for n, ln in enumerate(lines, 1) if "{clinic:" in ln)
    assert not outcome.ok and f"{PAGE}:{line}: {expected}" in said, said
