"""Real Pelican runs on the fixture: the plugin changes when typogrify runs, not its output."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/minimal"
sys.path.insert(0, str(ROOT))

from olea_common.testing import build_fixture  # noqa: E402

import olea_typogrify  # noqa: E402
from olea.build import build  # noqa: E402


def _build(tmp_path, name):
    out = tmp_path / name
    overrides = {"PATH": str(FIXTURE), "CACHE_PATH": str(tmp_path / f"cache-{name}")}
    outcome = build(str(ROOT / "pelicanconf.py"), out, overrides=overrides)
    assert outcome.ok, outcome.problems
    return out


def test_same_html_as_pelicans_own_typogrify(tmp_path):
    # Each in a process of its own: in one process the first build's plugin
    # would still take typogrify over in the second.
    ours, _ = build_fixture(tmp_path, "ours")
    native, _ = build_fixture(tmp_path, "native", without=["olea_typogrify"])
    assert ours == native
    assert b"&#8220;" in ours["first-article/index.html"]  # curly quotes: it ran


def test_a_warm_rebuild_does_not_typogrify_again(tmp_path, monkeypatch):
    calls = []
    real = olea_typogrify._typogrifier

    def counting(settings):
        apply = real(settings)
        return lambda text: calls.append(text) or apply(text)

    monkeypatch.setattr(olea_typogrify, "_typogrifier", counting)
    _build(tmp_path, "warm")
    assert len(calls) >= 3 * 3  # cold: body, title and summary of each fixture file
    calls.clear()
    _build(tmp_path, "warm")
    assert calls == []  # warm: every file came from the cache, typogrified


def test_passing_over_runs_with_nothing_to_curl_changes_nothing(monkeypatch):
    """Each smartypants step skips text without its trigger strings: the same
    output as running it, on random tricky text and on every real article."""
    import random

    import markdown
    import smartypants

    olea_typogrify._skip_runs_with_nothing_to_do(smartypants)
    rng = random.Random(0)
    pieces = [
        "a",
        "s",
        "8",
        "0s",
        " ",
        "\n",
        "'",
        '"',
        "-",
        ".",
        "`",
        "\\",
        "&nbsp;",
        "&#8211;",
        "(",
    ]
    samples = ["".join(rng.choices(pieces, k=rng.randint(0, 12))) for _ in range(20000)]
    articles = sorted((ROOT / "content/articles").glob("*/index.md"))
    assert articles
    pages = [markdown.markdown(p.read_text(encoding="utf-8")) for p in articles]
    fast = smartypants.smartypants

    skipped = 0
    for name in olea_typogrify._NEEDS:
        wrapper = getattr(smartypants, name)
        for text in samples:
            assert wrapper(text) == wrapper.__wrapped__(text), (name, text)
            skipped += not any(n in text for n in olea_typogrify._NEEDS[name])
    assert skipped > 1000  # the fast path was taken, not only the slow one

    ours = [fast(page) for page in pages]
    for name in olea_typogrify._NEEDS:
        monkeypatch.setattr(smartypants, name, getattr(smartypants, name).__wrapped__)
    assert ours == [smartypants.smartypants(page) for page in pages]


def test_faster_filters_give_the_originals_output():
    """amp, caps, initial_quotes and widont, run only where they can change
    something: the same output as the originals, on random HTML and on every
    real article."""
    import random

    import markdown
    from typogrify import filters

    olea_typogrify._faster_filters(filters)
    rng = random.Random(0)
    pieces = [
        *("a", "Word", "NHS", "U.S.", "8", ".", "-", "'", '"', "&", "&amp;", "&nbsp;"),
        *(" ", "  ", "\n", "\t", "\xa0", "&#8220;", "&ldquo;", "<", ">", "<!-- a -- b -->"),
        *("<p>", "</p>", "<li>", "</li>", '<h2 id="x">', "</h2>", "<dd>", "</dd>", "<br>"),
        *("<em>", "</em>", '<a href="x y">', "</a>", "<b>", "</b>", "<i>", "</i>", "<a "),
        *("<span>", "</span>", "</strong>", "</blockquote>", "<kbd>", "</kbd>", "<pre>"),
    ]
    samples = ["".join(rng.choices(pieces, k=rng.randint(0, 14))) for _ in range(30000)]
    articles = sorted((ROOT / "content/articles").glob("*/index.md"))
    assert articles
    md = markdown.Markdown(extensions=["extra"])
    pages = [md.reset().convert(p.read_text(encoding="utf-8")) for p in articles]
    for name in ("amp", "caps", "initial_quotes", "widont"):
        fast = getattr(filters, name)
        for text in samples + pages:
            assert fast(text) == fast.__wrapped__(text), (name, text)
    # Both ways through were taken: texts the hints rule out, and texts they do not.
    for hint in olea_typogrify._HINTS.values():
        found = sum(1 for text in samples if hint.search(text))
        assert 1000 < found < len(samples) - 1000
    # and widont's way back to the original, for a "<" left open before a block's end
    assert sum("<a </p>" in text for text in samples) > 10


def test_gated_inline_patterns_give_the_same_html():
    """Markdown's inline patterns, tried only on text holding what each needs:
    the same HTML as ungated Markdown, on random Markdown and every article."""
    import random

    import markdown
    from pelican.settings import read_settings

    config = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    gated, plain = markdown.Markdown(**config), markdown.Markdown(**config)
    # Every pattern in the table is gated: a new Markdown release fails here
    # until its expressions are checked against the table (and the version set).
    assert olea_typogrify._gate_inline_patterns(gated) == list(olea_typogrify._INLINE_NEEDS)
    rng = random.Random(0)
    pieces = [
        *("word", "NHS", " ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`", "``", "\\"),
        *("[", "]", "(", ")", "![", "[x](http://a.b)", "![i](p.png)", "[x][r]", "[r]: /y\n"),
        *("<", ">", "<http://x.y>", "<a@b.c>", "@", "://", "&", "&amp;", "&#38;", "&x;"),
        *("<em>", "</em>", "<!-- c -->", "# ", "- ", "1. ", "[^1]", "\n[^1]: note\n"),
        *("*[NHS]: National Health Service\n", "{: .c}", "| a | b |\n|---|---|\n", "~~~\n"),
    ]
    samples = ["".join(rng.choices(pieces, k=rng.randint(0, 20))) for _ in range(4000)]
    articles = sorted((ROOT / "content/articles").glob("*/index.md"))
    assert articles
    for text in samples + [p.read_text(encoding="utf-8") for p in articles]:
        assert gated.reset().convert(text) == plain.reset().convert(text), text
