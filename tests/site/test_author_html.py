"""Author content cannot bring in scripts, trackers or third-party embeds.

Each case is written into an article and into a page of a copy of the fixture
site that has been published once; `make check` and `make publish` must both
refuse it, naming the file and the line, and leave output/ as it was.
"""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
from helpers import FIXTURES, ROOT, copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olea import check, publish

ARTICLE = "content/articles/first-article/index.md"
PAGE = "content/pages/about.md"

# (what the author writes, the words the message must have)
CASES = {
    "script": ("<script>alert(1)</script>", "<script> is not allowed"),
    "script, upper case": ("<SCRIPT>alert(1)</SCRIPT>", "<script> is not allowed"),
    "handler": ('<p onclick="alert(2)">Press here</p>', "the attribute onclick on <p> runs"),
    "handler, mixed case": ('<p OnClick="alert(2)">Press here</p>', "the attribute onclick"),
    "iframe": (
        '<iframe src="https://www.youtube.com/embed/xyz"></iframe>',
        "<iframe> is not allowed",
    ),
    "tracking pixel": (
        '<img src="https://tracker.example/pixel.gif" alt="A pixel">',
        "loads https://tracker.example/pixel.gif from another site",
    ),
    "data link": ("See [that](data:text/html,hi).", "uses data:"),
    "javascript link": ("See [that](javascript:alert(1)).", "uses javascript:"),
    "entity-encoded scheme": ('<a href="java&#115;cript:alert(1)">x</a>', "uses javascript:"),
    "vbscript link": ('<a href="vbscript:msgbox(1)">x</a>', "uses vbscript:"),
    "style attribute": ('<p style="color: red">Red</p>', "a style attribute on <p>"),
    "style element": ("<style>body { display: none }</style>", "<style> is not allowed"),
    "form": ('<form action="https://example.org/"><input name="q"></form>', "<form>"),
    "base": ('<base href="https://example.org/">', "<base> is not allowed"),
    "meta": ('<meta http-equiv="refresh" content="0">', "<meta> is not allowed"),
    "link": ('<link rel="stylesheet" href="https://example.org/x.css">', "<link> is not allowed"),
    "object": ('<object data="https://example.org/x.swf"></object>', "<object> is not allowed"),
    "embed": ('<embed src="https://example.org/x.swf">', "<embed> is not allowed"),
    "in a table": (
        '| a | b |\n|---|---|\n| <span onmouseover="alert(3)">x</span> | y |',
        "the attribute onmouseover on <span> runs",
    ),
    "in a list": ("- one\n- two <IMG SRC=x OnError=alert(4)>", "the attribute onerror on <img>"),
}


def _snapshot(folder):
    return {
        p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture site, published once: the output every refused publish must leave."""
    project = copy_project(tmp_path_factory.mktemp("html") / "project", FIXTURES / "minimal")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project)
        mp.setenv("OLEA_SITEURL", "https://example.org")
        assert publish.publish(project / "publishconf.py", project / "output").ok
    return project, _snapshot(project / "output")


def _line_of(path, snippet):
    first = snippet.splitlines()[-1] if "\n" in snippet else snippet
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, 1) if line == first)


@pytest.mark.parametrize("where", [ARTICLE, PAGE], ids=["article", "page"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_fails_check_and_publish_with_file_and_line(
    published, where, case, monkeypatch, capsys
):
    project, before = published
    snippet, expected = CASES[case]
    source = project / where
    original = source.read_text(encoding="utf-8")
    source.write_text(original + "\n\n" + snippet + "\n", encoding="utf-8")
    try:
        line = _line_of(source, snippet)
        monkeypatch.chdir(project)
        monkeypatch.setenv("OLEA_SITEURL", "https://example.org")
        assert check.main(["--settings", str(project / "publishconf.py")]) == 1
        said = capsys.readouterr().out
        assert f"\n{where}\n" in said and f"line {line}: " in said and expected in said, said
        stream = io.StringIO()
        outcome = publish.publish(project / "publishconf.py", project / "output", stream=stream)
        said = stream.getvalue()
        assert not outcome.ok and f"{where}:{line}: " in said and expected in said, said
        assert "How to fix:" in said and "Traceback" not in said
        assert _snapshot(project / "output") == before, "a refused publish changed output/"
    finally:
        source.write_text(original, encoding="utf-8")


def test_the_allowlist_lets_markdown_and_the_listed_elements_through(published):
    import markdown
    from pelican.settings import read_settings

    from olea.allowlist import problems

    md = markdown.Markdown(**read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"])
    text = (
        "## A heading {: #own-id }\n\nSome *emphasis*, **strong**, `code`, a [link](https://x.org) "
        "and a [page]({filename}/pages/about.md), [mail](mailto:a@example.org), "
        "[phone](tel:+10000000000), [a section](#a-section).\n\n"
        "1. one\n2. two\n\n> A quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA note.[^1]\n\n"
        "[^1]: The footnote.\n\nTerm\n:   Definition\n\n"
        '<abbr title="National Institute for Health and Care Excellence">NICE</abbr>, '
        "H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd><br>\n\n"
        "<details><summary>More</summary>\n\nHidden text.\n\n</details>\n\n"
        '<figure><img src="photo.jpg" alt="A photo"><figcaption>A caption</figcaption></figure>\n'
    )
    assert problems(md.convert(text)) == []


# Things an author might type, in every case and encoding the browser accepts.
_TAGS = ["script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "svg"]
_SCHEMES = ["javascript", "data", "vbscript"]


def _any_case(word):
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flips: "".join(c.upper() if f else c for c, f in zip(word, flips, strict=True))
    )


def _encoded(word):
    """The word with any of its letters written as an HTML character reference."""
    return st.lists(
        st.sampled_from(["", "dec", "hex"]), min_size=len(word), max_size=len(word)
    ).map(
        lambda ways: "".join(
            c if w == "" else (f"&#{ord(c)};" if w == "dec" else f"&#x{ord(c):x};")
            for c, w in zip(word, ways, strict=True)
        )
    )


_hostile = st.one_of(
    st.sampled_from(_TAGS).flatmap(_any_case).map(lambda t: f"<{t}>x</{t}>"),
    st.sampled_from(["onclick", "onerror", "onload", "onmouseover"])
    .flatmap(_any_case)
    .map(lambda a: f'<span {a}="alert(1)">x</span>'),
    st.sampled_from(_SCHEMES).flatmap(_encoded).map(lambda s: f'<a href="{s}:alert(1)">x</a>'),
    st.sampled_from(["src", "SRC"]).map(
        lambda a: f'<img {a}="https://other.example/a.gif" alt="a">'
    ),
)
_wrap = st.sampled_from(["{}", "- item {}", "| a | b |\n|---|---|\n| {} | y |", "> {}"])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hostile=_hostile, wrap=_wrap, where=st.sampled_from([ARTICLE, PAGE]))
def test_any_hostile_html_fails_with_its_file_and_line(tmp_path_factory, hostile, wrap, where):
    from olea.build import build

    project = tmp_path_factory.mktemp("prop")
    shutil.copytree(FIXTURES / "minimal", project / "content")
    snippet = wrap.format(hostile)
    source = project / where
    source.write_text(source.read_text(encoding="utf-8") + "\n\n" + snippet + "\n")
    line = _line_of(source, snippet)
    stream = io.StringIO()
    outcome = build(
        str(ROOT / "pelicanconf.py"),
        project / "output",
        stream=stream,
        overrides={
            "PATH": str(project / "content"),
            "CACHE_PATH": str(project / "cache"),
            "OLEA_SEARCH": False,
        },
    )
    said = stream.getvalue()
    assert not outcome.ok, (snippet, said)
    assert f"{where.removeprefix('content/')}:{line}: " in said, (snippet, said)
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_the_published_site_holds_nothing_from_elsewhere(published_site):
    """The second line: the verification finds none of it on the real published site..."""
    assert publish.verify(published_site, "https://example.org") == []


@pytest.mark.parametrize(
    ("planted", "found"),
    [
        ("<script>alert(1)</script>", "a script that is not the theme's own (inline)"),
        ('<script src="https://cdn.example/x.js"></script>', "not the theme's own"),
        ('<p onclick="alert(1)">x</p>', "an inline event handler (p onclick)"),
        ('<p style="color: red">x</p>', "a style attribute on <p>"),
        ('<img src="https://tracker.example/p.gif" alt="">', "loads from another origin"),
    ],
)
def test_and_catches_each_kind_planted_after_the_build(published_site, tmp_path, planted, found):
    """...and catches each kind when it is planted in a page after the build."""
    site = tmp_path / "site"
    shutil.copytree(published_site, site)
    page = site / "about/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", planted + "</main>"))
    problems = publish.verify(site, "https://example.org")
    assert any(p.startswith("about/index.html: ") and found in p for p in problems), problems
