"""The theme: performance budget, the health-publisher parts every article must
carry, honest clinic details, navigation landmarks, clean share tags and the
stylesheet's own rules (naming, layers, contrast)."""

from __future__ import annotations

import gzip
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import (
    COMPONENTS,
    FIXTURES,
    ROOT,
    component_names,
    copy_project,
    examples_of,
    render_example,
    run_build,
    site_settings,
)

THEME = ROOT / "theme"
CSS = THEME / "css"

# One TCP initial congestion window (10 segments of 1,460 bytes): a page that
# fits arrives in the first round trip, CSS included because it is inlined.
BUDGET = 14_600
# The level most servers and CDNs use for text; nginx's default (1) compresses
# less, so the test also reports that number when a page comes close.
GZIP_LEVEL = 6


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside chosen elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, **attrs):
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def tags_of(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def between(html: str, start: str, end: str) -> str:
    """The text from the first `start` to the next `end` (empty when absent)."""
    _, found, tail = html.partition(start)
    return tail.split(end, 1)[0] if found else ""


# --- Performance -----------------------------------------------------------------


def test_every_page_fits_the_budget_with_its_css(html_files, built_site):
    sizes = {
        p.relative_to(built_site).as_posix(): len(gzip.compress(p.read_bytes(), GZIP_LEVEL))
        for p in html_files
    }
    over = {k: v for k, v in sizes.items() if v > BUDGET}
    largest = max(sizes, key=sizes.get)
    assert not over, f"over {BUDGET} bytes gzipped: {over}"
    print(f"largest page: {largest}, {sizes[largest]} bytes gzipped (budget {BUDGET})")


def test_no_render_blocking_request_and_one_deferred_script(html_files, built_site):
    """Zero render-blocking requests (the budget allows one): CSS is inline, and the
    one script (the search box's) is a deferred same-origin file, which blocks no
    rendering; every page reads without it (tests/test_browser.py)."""
    for page in html_files:
        tags = tags_of(page)
        # JSON-LD blocks are data, never run or fetched (tests/test_discovery.py checks them).
        scripts = [t for t in tags.find("script") if t.get("type") != "application/ld+json"]
        assert len(scripts) == 1, page
        assert scripts[0].get("src") == "/theme/js/search.js", page
        assert "defer" in scripts[0], page
        assert not [a for a in tags.find("link") if "stylesheet" in a.get("rel", "")], page
        assert len(tags.find("style")) == 1, page


def test_inline_css_loads_nothing(built_site):
    """No web font, no @import left over, no url() to anywhere."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    css = between(html, "<style>", "</style>")
    assert css, "no inline CSS"
    for forbidden in ("@import", "@font-face", "url(", "//"):
        assert forbidden not in css, forbidden


def test_every_image_has_width_and_height(html_files):
    for page in html_files:
        for img in tags_of(page).find("img"):
            assert img.get("width") and img.get("height"), (page, img)
            assert "alt" in img, (page, img)


def test_icons_are_the_sites_own(built_site):
    static = built_site / "theme"
    for name in ("favicon.svg", "favicon-32.png", "apple-touch-icon.png"):
        assert (static / name).exists(), name
    from PIL import Image

    assert Image.open(static / "favicon-32.png").size == (32, 32)
    assert Image.open(static / "apple-touch-icon.png").size == (180, 180)


# --- What every article carries -----------------------------------------------------


def test_every_article_has_the_urgency_box_with_three_tiers(built_site, article_slugs):
    for slug in article_slugs:
        html = (built_site / slug / "index.html").read_text(encoding="utf-8")
        box = between(html, 'id="urgent-help"', "</section>")
        assert box, f"{slug}: no urgency box"
        tiers = re.findall(r'class="olea-urgency olea-urgency--([a-z]+)"', box)
        assert tiers == ["emergency", "urgent", "routine"], f"{slug}: {tiers}"
        assert "Call 911" in box and 'href="/urgent-help/"' in box, slug


def test_urgency_text_is_written_once(built_site, article_slugs):
    """The box's words come from content/data/urgency.json, not from templates."""
    import json

    data = json.loads((ROOT / "content/data/urgency.json").read_text(encoding="utf-8"))
    first_sign = data["tiers"][0]["signs"][0]["text"]
    templates = "".join(p.read_text(encoding="utf-8") for p in THEME.rglob("*.html"))
    assert first_sign not in templates
    html = (built_site / article_slugs[0] / "index.html").read_text(encoding="utf-8")
    assert first_sign in html


def test_every_article_has_its_trust_parts(built_site, article_slugs):
    for slug in article_slugs:
        html = (built_site / slug / "index.html").read_text(encoding="utf-8")
        assert 'id="references"' in html and "olea-references__link" in html, slug
        assert "Page last reviewed" in html and "Next review due" in html, slug
        assert "not a substitute for medical advice" in html, slug
        assert "min read" in html, slug
        assert 'class="olea-booking-cta"' in html, slug


def test_long_articles_have_contents_that_lead_somewhere(built_site, article_slugs):
    for slug in article_slugs:
        html = (built_site / slug / "index.html").read_text(encoding="utf-8")
        body = between(html, 'class="olea-article__body', 'class="olea-article__end')
        h2 = len(re.findall(r"<h2\b", body))
        toc = between(html, 'class="olea-toc"', "</nav>")
        assert bool(toc) == (h2 >= 4), f"{slug}: {h2} sections, contents shown: {bool(toc)}"
        for target in re.findall(r'href="#([^"]+)"', toc):
            assert f'id="{target}"' in body, f"{slug}: contents link #{target} leads nowhere"


def test_reading_time_headings_and_related_are_computed_as_documented():
    from olea.templates import headings, reading_minutes, related

    assert reading_minutes("<p>" + "word " * 1000 + "</p>") == 5
    assert reading_minutes("<p>one</p>") == 1
    found = headings('<h2 id="a">A &amp; <span class="caps">B</span></h2><h3 id="b">b</h3>')
    assert found[0]["text"] == "A & B" and found[0]["children"][0]["id"] == "b"

    def article(slug, day, tags, regions):
        return SimpleNamespace(
            slug=slug,
            date=datetime(2026, 1, day),
            tags=[SimpleNamespace(slug=t) for t in tags],
            regions=[SimpleNamespace(slug=r) for r in regions],
        )

    me = article("me", 1, ["heat", "sleep"], ["neck"])
    others = [
        article("b", 2, ["heat"], ["neck"]),  # 2 + 1
        article("a", 2, ["heat"], ["neck"]),  # same score and date: slug decides
        article("c", 9, ["heat", "sleep"], []),  # 4
        article("d", 3, [], ["neck"]),  # 1
        article("e", 3, ["other"], ["hips"]),  # 0: never related
    ]
    assert [a.slug for a in related(me, [me, *others], 4)] == ["c", "a", "b", "d"]


def test_a_broken_data_file_stops_the_build_with_its_line(tmp_path, caplog):
    from olea.site import Model
    from olea.urgency import load

    (tmp_path / "urgency.json").write_text('{\n  "title": "x",\n  "tiers": [,]\n}\n')
    with caplog.at_level("INFO", logger="olea"):
        assert load(str(tmp_path / "urgency.json"), Model((), ())) is None
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "urgency.json:3: this is not valid JSON" in errors[0], errors


# --- Navigation ---------------------------------------------------------------------


def test_landmarks_skip_link_and_breadcrumbs(built_site, html_files):
    for page in html_files:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_site).as_posix()
        body = html.split("<body>", 1)[1]
        assert body.lstrip().startswith('<a class="olea-skip-link" href="#main-content">'), rel
        # The labels are in the page's language ("Main", "Principal").
        for landmark in ("<header", r'<nav class="olea-nav" aria-label="\w+"', "<footer"):
            assert re.search(landmark, html), (rel, landmark)
        assert re.search(r'<main id="main-content"[^>]*tabindex="-1"', html), rel
        if rel.removeprefix("es/") in ("index.html", "404.html"):
            continue
        crumbs = between(html, '<nav class="olea-breadcrumbs"', "</nav>")
        assert "<ol" in crumbs, f"{rel}: no breadcrumbs"
        items = re.findall(r"<li\b[^>]*>", crumbs)
        assert 'aria-current="page"' in items[-1], rel
        assert sum('aria-current="page"' in i for i in items) == 1, rel


def test_main_navigation_marks_the_current_page(built_site):
    def current(rel):
        html = (built_site / rel).read_text(encoding="utf-8")
        nav = between(html, 'aria-label="Main"', "</nav>")
        return re.findall(r'href="([^"]+)" aria-current="page"', html.split("</header>")[0]), nav

    marked, _ = current("index.html")
    assert marked == ["/"]
    for rel in (p.relative_to(built_site) for p in built_site.glob("category/*/index.html")):
        marked, nav = current(rel)
        assert marked == ["/" + rel.parent.as_posix() + "/"], rel
        assert marked[0] in nav
    if (built_site / "visit-and-book/index.html").exists():
        marked, _ = current("visit-and-book/index.html")
        assert marked == ["/visit-and-book/"]


# --- Head -----------------------------------------------------------------------------


def _meta(page: Path) -> dict[str, str]:
    out = {}
    for attrs in tags_of(page).find("meta"):
        key = attrs.get("property") or attrs.get("name")
        if key:
            out[key] = attrs.get("content", "")
    return out


def test_share_tags_are_present_and_clean(built_site, html_files, article_slugs):
    for page in html_files:
        meta = _meta(page)
        for key in ("og:title", "og:description", "og:type", "og:site_name"):
            value = meta.get(key, "")
            assert value, (page, key)
            assert "<" not in value and "&nbsp;" not in value and "\u00a0" not in value, value
            assert not re.search(r"&#?\w+;", value), (page, key, value)
        assert meta.get("twitter:card") == "summary_large_image", page
        # Development builds have no SITEURL: no canonical, no og:url.
        assert "og:url" not in meta, page
        assert 'rel="canonical"' not in page.read_text(encoding="utf-8"), page
    for slug in article_slugs:
        meta = _meta(built_site / slug / "index.html")
        assert meta["og:type"] == "article", slug
        assert "|" not in meta["og:title"], slug


def test_theme_colour_matches_the_tokens(built_site):
    from olea.contrast import schemes

    colours = schemes((CSS / "tokens.css").read_text(encoding="utf-8"))
    html = (built_site / "index.html").read_text(encoding="utf-8")
    found = dict(
        (scheme, colour)
        for colour, scheme in re.findall(
            r'<meta name="theme-color" content="([^"]+)" '
            r'media="\(prefers-color-scheme: (light|dark)\)">',
            html,
        )
    )
    assert found == {"light": colours["light"]["accent"], "dark": colours["dark"]["bg"]}


# --- The clinic card: only what the clinic supplied ---------------------------------------

FILLED = {
    "phone": "+1 704 000 0000",
    "email": "hello@clinic.test",
    "booking_url": "https://booking.clinic.test/olea",
    "opening_hours": [["Mon-Fri", "09:00-17:00"]],
    "establishment_license": "TEST-0000",
    "therapists": [["Test Name", "TEST-0001"]],
}


def test_empty_clinic_details_never_show(built_site, html_files):
    from pelican.settings import read_settings

    CLINIC = read_settings(str(ROOT / "pelicanconf.py"))["CLINIC"]

    assert not any(CLINIC[k] for k in FILLED), "CLINIC now has details: update FILLED"
    for page in html_files:
        html = re.sub(r"<style>.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
        for marker in (
            "tel:",
            "mailto:",
            "olea-clinic-card__hours",
            "Phone:",
            "Email:",
            "NC license",
            "establishment license",
        ):
            assert marker not in html, (page, marker)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    card = between(home, 'class="olea-clinic-card"', "</section>")
    assert "1100 South Mint St, Suite 109" in card and "28203" in card
    assert "openstreetmap.org/search?query=" in card
    # With no booking link or phone, the call to action leads to the visit page.
    cta = between(home, 'class="olea-booking-cta"', "</section>")
    assert 'href="/visit-and-book/"' in cta and "tel:" not in cta


@pytest.fixture(scope="module")
def filled_site(tmp_path_factory) -> Path:
    """The fixture content built with every clinic detail filled in and a SITEURL."""
    project = copy_project(tmp_path_factory.mktemp("filled") / "project", FIXTURES / "minimal")
    (project / "filledconf.py").write_text(
        "import os, runpy\n"
        "here = os.path.dirname(os.path.abspath(__file__))\n"
        "globals().update(runpy.run_path(os.path.join(here, 'pelicanconf.py')))\n"
        f"CLINIC = {{**CLINIC, **{FILLED!r}}}  # noqa: F405\n"
        "SITEURL = 'https://example.org'\n",
        encoding="utf-8",
    )
    result = run_build(project, "filledconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output"


def test_filled_clinic_details_show(filled_site):
    home = (filled_site / "index.html").read_text(encoding="utf-8")
    card = between(home, 'class="olea-clinic-card"', "</section>")
    assert 'href="tel:+17040000000"' in card and FILLED["phone"] in card
    assert 'href="mailto:hello@clinic.test"' in card
    assert f'href="{FILLED["booking_url"]}"' in card
    assert "olea-clinic-card__hours" in card and "Mon-Fri" in card and "09:00-17:00" in card
    cta = between(home, 'class="olea-booking-cta"', "</section>")
    assert f'href="{FILLED["booking_url"]}"' in cta and 'href="tel:+17040000000"' in cta
    assert "establishment license TEST-0000" in card and "Test Name, NC license TEST-0001" in card
    footer = between(home, 'class="olea-footer"', "</footer>")
    assert "NC establishment license TEST-0000." in footer
    assert "Test Name (NC license TEST-0001)." in footer


def test_site_url_gives_canonical_and_og_url(filled_site):
    page = filled_site / "first-article" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/first-article/">' in html
    meta = _meta(page)
    assert meta["og:url"] == "https://example.org/first-article/"
    # Typographic quotes stay (they are text); typogrify's tags and entities do not.
    assert meta["og:title"] == "A first \u201ctest\u201d article about NICE guidance"
    # The fixture is short: no contents; its urgency box still comes from the shared data.
    assert 'class="olea-toc"' not in html and "olea-urgency--emergency" in html


# --- Components (theme/components/NAME/) ----------------------------------------------------


def _classes(css: str) -> set[str]:
    return set(re.findall(r"\.(olea-[a-z0-9_-]+)", css))


def test_each_component_is_a_folder_with_its_macro_css_and_examples():
    names = component_names()
    assert names, f"no component in {COMPONENTS}"
    for name in names:
        folder = COMPONENTS / name
        files = sorted(p.name for p in folder.iterdir())
        assert files == sorted([f"{name}.html", f"{name}.css", "examples.json"]), (name, files)
        source = (folder / f"{name}.html").read_text(encoding="utf-8")
        macros = re.findall(r"{%-?\s*macro\s+(\w+)", source)
        assert macros == [name.replace("-", "_")], (name, macros)
        # One BEM block per component: a variant is a modifier, not a new block.
        block = f"olea-{name}"
        selectors = _classes((folder / f"{name}.css").read_text(encoding="utf-8"))
        assert all(s == block or s.startswith((block + "__", block + "--")) for s in selectors), (
            name,
            sorted(s for s in selectors if not s.startswith(block)),
        )
        examples = examples_of(name)
        assert isinstance(examples, list) and examples, f"{name}: examples.json has no example"
        for example in examples:
            assert set(example) <= {"name", "arguments", "parent"}, (name, example)
            assert example.get("name") and isinstance(example.get("arguments"), dict), example
        names_seen = [e["name"] for e in examples]
        assert len(names_seen) == len(set(names_seen)), f"{name}: two examples share a name"


def test_the_examples_render_and_show_every_class_the_css_styles():
    """So axe (tests/browser/test_components.py) sees every variant and every part:
    a macro refuses a keyword it does not take, and a class no example shows is
    a part of the component no example covers."""
    from olea.templates import environment

    env = environment(site_settings())
    for name in component_names():
        shown: set[str] = set()
        for example in examples_of(name):
            html = render_example(env, name, example)
            for value in re.findall(r'class="([^"]*)"', html):
                shown.update(value.split())
        css = (COMPONENTS / name / f"{name}.css").read_text(encoding="utf-8")
        missing = sorted(_classes(css) - shown)
        assert not missing, f"{name}: no example shows {missing}"


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_examples_hold_no_detail_that_could_pass_for_a_real_one():
    """Real clinic details come from pelicanconf.py ({"$setting": "CLINIC"}); every
    other address is example.org's and every phone number one of the 555-0100 to
    555-0199 numbers North America keeps for fiction."""
    phone = re.compile(r"(\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}")
    for name in component_names():
        for example in examples_of(name):
            for text in _strings(example["arguments"]):
                if re.match(r"https?://", text):
                    host = re.match(r"https?://([^/:]+)", text).group(1)
                    assert host == "example.org" or host.endswith(".example.org"), (name, text)
                if phone.fullmatch(text.strip()):
                    assert re.search(r"555[ .-]?01\d\d$", text), (name, text)


def test_index_css_imports_every_components_css_once():
    index = (CSS / "index.css").read_text(encoding="utf-8")
    imports = re.findall(r'@import "([^"]+)";', index)
    for name in component_names():
        assert imports.count(f"../components/{name}/{name}.css") == 1, name


def test_templates_import_with_context_only_with_the_reason_beside_it():
    """Components take what they show as arguments; where a template still imports
    with context, a Jinja comment on that line or the one before says why."""
    templates = [*(THEME / "templates").rglob("*.html"), *COMPONENTS.glob("*/*.html")]
    for path in templates:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if not re.search(r"{%[^%]*\bwith\s+context\b", line):
                continue
            before = lines[number - 1] if number else ""
            assert "{#" in line or "#}" in before, (
                f"{path.relative_to(ROOT)}:{number + 1}: `with context` without a "
                "Jinja comment on this line or the line before saying why"
            )


# --- The stylesheet's own rules ------------------------------------------------------------


def _stylesheets() -> list[str]:
    """Every CSS file of the theme but index.css, as index.css would import it."""
    own = [p.relative_to(CSS).as_posix() for p in CSS.rglob("*.css") if p.name != "index.css"]
    components = [f"../components/{p.parent.name}/{p.name}" for p in COMPONENTS.glob("*/*.css")]
    return sorted(own + components)


def test_every_css_file_opens_with_its_purpose_and_is_imported_once_in_order():
    index = (CSS / "index.css").read_text(encoding="utf-8")
    imports = re.findall(r'@import "([^"]+)";', index)
    assert sorted(imports) == _stylesheets() and len(imports) == len(set(imports))
    layers = [
        "tokens",
        "global",
        "compositions",
        "blocks/",
        "../components/",
        "utilities",
        "print",
    ]
    order = [next(i for i, layer in enumerate(layers) if f.startswith(layer)) for f in imports]
    assert order == sorted(order), imports
    for path in [*CSS.rglob("*.css"), *COMPONENTS.glob("*/*.css")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.fullmatch(r"/\* .+ \*/", first), path


def test_colour_pairs_meet_wcag_aa_and_the_comment_says_so():
    from olea import contrast

    css = (CSS / "tokens.css").read_text(encoding="utf-8")
    rows = contrast.check(css)
    failing = [r for r in rows if r[3] < r[4]]
    assert not failing, failing
    assert {r[0] for r in rows} == {"light", "dark"}
    assert contrast.write_table(css) == css, "run: python -m olea.contrast --write"


def test_text_size_measure_motion_and_focus():
    files = [*CSS.rglob("*.css"), *COMPONENTS.glob("*/*.css")]
    css = "".join(p.read_text(encoding="utf-8") for p in files)
    assert "--olea-font-size: 1.125rem" in css
    assert "--olea-measure: 65ch" in css
    assert "prefers-reduced-motion: reduce" in css
    assert ":focus-visible" in css
    assert "overflow-wrap: anywhere" in css  # long reference links wrap
    assert "@media print" in css


def test_each_page_inlines_the_css_of_every_block_it_shows(built_site, html_files):
    """Kinds of page leave out CSS they never need (OLEA_CSS_BUNDLES): never a block's
    CSS that the page does show."""
    from olea.templates import stylesheet

    whole = stylesheet(str(ROOT / "theme"))
    styled = set(re.findall(r"\.(olea-[a-z0-9-]+(?:__[a-z0-9-]+)?)", whole))
    bundles = set()
    for page in html_files:
        html = page.read_text(encoding="utf-8")
        css = between(html, "<style>", "</style>")
        bundles.add(css)
        body = html.split("</style>", 1)[1]
        shown = set(re.findall(r'class="([^"]+)"', body))
        used = {c for names in shown for c in names.split() if c in styled}
        missing = {c for c in used if f".{c}" not in css}
        assert not missing, f"{page.relative_to(built_site)}: no CSS for {sorted(missing)}"
    assert len(bundles) >= 3, "articles and pages inline less than the home page"
