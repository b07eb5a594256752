"""Real Pelican runs on the fixture: [@key] citations, numbered and linked both ways."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import FIXTURES, build_here

ARTICLE = "articles/first-article/index.md"


@pytest.fixture
def content(tmp_path):
    return shutil.copytree(FIXTURES / "minimal", tmp_path / "content")


def _build(tmp_path, content):
    return build_here(tmp_path, content)


def _line(path, needle):
    return next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def test_citations_are_numbered_in_order_first_cited_and_linked_both_ways(tmp_path, content):
    outcome, said = _build(tmp_path, content)
    assert outcome.ok, said
    page = (tmp_path / "out/first-article/index.html").read_text(encoding="utf-8")
    # The text cites nice2020 first, then furlan2015 and nice2020 together.
    cites = re.findall(r'<a class="olea-cite__link" href="#ref-(\d)" id="(cite-\d-\d)"', page)
    assert cites == [("1", "cite-1-1"), ("2", "cite-2-1"), ("1", "cite-1-2")], cites
    items = re.findall(r'<li class="olea-references__item" id="ref-(\d)">(.*?)</li>', page, re.S)
    assert [n for n, _ in items] == ["1", "2"]
    assert "Low back pain and sciatica" in items[0][1] and "Massage for low-back" in items[1][1]
    assert 'href="#cite-1-1"' in items[0][1] and 'href="#cite-1-2"' in items[0][1]
    assert 'href="#cite-2-1">Back to text</a>' in items[1][1]
    assert "[@" not in page


@pytest.mark.parametrize(
    ("change", "needle", "expected"),
    [
        (
            ("[@nice2020].", "[@nice2021]."),
            "@nice2021",
            "the citation [@nice2021] matches no reference",
        ),
        (
            ("[@furlan2015; @nice2020]", "[@nice2020]"),
            "Reference: furlan2015",
            "the reference 'furlan2015' is never cited",
        ),
        (
            ("Reference: furlan2015 | ", "Reference: "),
            "Reference: Furlan",
            "this reference has no key",
        ),
        (
            ("Reference: furlan2015 |", "Reference: nice2020 |"),
            "Reference: nice2020 | Furlan",
            "the key 'nice2020' is given to two references",
        ),
        (
            ("[@nice2020].", "[@NICE 2020]."),
            "[@NICE 2020]",
            "[@NICE 2020] is not a citation the site can read",
        ),
    ],
)
def test_each_mistake_is_named_at_its_line(tmp_path, content, change, needle, expected):
    path = content / ARTICLE
    path.write_text(path.read_text().replace(*change, 1))
    outcome, said = _build(tmp_path, content)
    assert not outcome.ok
    assert f"{ARTICLE}:{_line(path, needle)}: {expected}" in said, said
    assert "How to fix:" in said and "Traceback" not in said


def test_citations_are_not_counted_as_words(tmp_path, content):
    """A key is not prose: the reading grade is the same with citations as without."""
    from olea.readability import grade, prose_text

    with_keys = "<p>Walking helps many people [@nice2020; @furlan2015]. Keep going [@nhs].</p>"
    without = "<p>Walking helps many people. Keep going.</p>"
    assert grade(prose_text(with_keys)) == grade(prose_text(without))
