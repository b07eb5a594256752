"""The built site, checked as a validator, a crawler and a visitor would."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from helpers import ROOT, missing_tool

from olea.sitecheck import is_internal, loads, parse_page, resolve

# The current Nu validator, pinned in package-lock.json (make test runs npm ci).
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_is_valid_html(html_files):
    """The Nu validator (the W3C's) finds no error and no warning on any page."""
    assert VNU.exists(), "node_modules is missing: run `make test`, which runs npm ci"
    if shutil.which("java") is None:
        missing_tool("java")
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, html_files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    problems = [
        f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: "
        f"{m.get('type')}/{m.get('subType', '')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "warning"
    ]
    assert result.stdout.startswith("{"), f"the validator did not run: {result.stderr}"
    assert not problems, "\n".join(problems)


def test_every_internal_link_and_fragment_resolves(built_site, html_files):
    broken = []
    for page in html_files:
        info = parse_page(page)
        for where, url in info.links:
            if not is_internal(url) or url.startswith(("mailto:", "tel:")):
                continue
            target, fragment = resolve(built_site, page, url)
            rel = page.relative_to(built_site)
            if not target.exists():
                broken.append(f"{rel}: {where}={url} -> missing {target.relative_to(built_site)}")
            elif fragment and target.suffix == ".html" and fragment not in parse_page(target).ids:
                broken.append(f"{rel}: {where}={url} -> no id '{fragment}'")
    assert not broken, "\n".join(broken)


def test_no_request_to_another_origin(html_files):
    """Nothing a page loads comes from elsewhere: only links may leave the site."""
    offenders = [
        f"{page.name}: {where}={url}"
        for page in html_files
        for where, url in parse_page(page).links
        if loads(where) and not is_internal(url) and not url.startswith("data:")
    ]
    assert not offenders, "\n".join(offenders)


def test_each_article_has_one_h1_a_title_and_a_description(built_site, article_slugs):
    assert article_slugs, "content/articles has no article"
    for slug in article_slugs:
        page = built_site / slug / "index.html"
        assert page.exists(), f"{slug} was not built"
        info = parse_page(page)
        assert info.h1_count == 1, f"{slug}: {info.h1_count} h1 elements"
        assert info.title and "Olea" in info.title, f"{slug}: title {info.title!r}"
        assert len(info.meta.get("description", "")) >= 50, f"{slug}: meta description"
        assert info.lang == "en"


def test_titles_and_meta_tags_carry_clean_text(html_files):
    """Typogrify's markup belongs in the body, never in <title> or meta tags."""
    for page in html_files:
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        title = re.search(r"<title>(.*?)</title>", head, re.S).group(1)
        assert "<span" not in title and "&nbsp;" not in title and "&#" not in title, page
        for content in re.findall(r'<meta [^>]*content="([^"]*)"', head):
            assert "<" not in content and "&nbsp;" not in content and "&#8" not in content, (
                page,
                content,
            )


def test_typogrify_is_on_in_the_body(built_site, article_slugs):
    """Curly quotes and widow control show typogrify ran over the articles."""
    bodies = "".join((built_site / s / "index.html").read_text() for s in article_slugs)
    assert "&#8217;" in bodies or "\u2019" in bodies
    assert "&nbsp;" in bodies


def test_clean_urls(built_site, article_slugs):
    for slug in article_slugs:
        assert (built_site / slug / "index.html").exists()
    assert not list(built_site.glob("*.html.html"))
    assert not [p for p in built_site.glob("*.html") if p.name not in ("index.html", "404.html")]


@pytest.mark.parametrize(
    "name",
    ["index.html", "404.html", "archives/index.html", "category/index.html", "tag/index.html"],
)
def test_site_pages_exist(built_site, name):
    assert (built_site / name).exists()


def test_every_page_has_a_unique_title_and_description(html_files):
    titles, descriptions = {}, {}
    for page in html_files:
        info = parse_page(page)
        titles.setdefault(info.title, []).append(page)
        descriptions.setdefault(info.meta.get("description"), []).append(page)
    assert all(len(v) == 1 for v in titles.values()), {
        k: v for k, v in titles.items() if len(v) > 1
    }
    assert all(len(v) == 1 for v in descriptions.values()), [
        k for k, v in descriptions.items() if len(v) > 1
    ]


def test_clinic_card_shows_only_what_the_clinic_supplied(built_site):
    """The visit page's card has the real address; empty details are left out, not faked."""
    from pelicanconf import CLINIC

    html = (built_site / "visit-and-book/index.html").read_text(encoding="utf-8")
    card = html.split('class="olea-clinic-card"', 1)[1].split("</section>", 1)[0]
    assert CLINIC["street_address"] in card and CLINIC["postal_code"] in card
    assert "openstreetmap.org/search?query=" in card
    for key, marker in (("phone", "tel:"), ("email", "mailto:"), ("booking_url", "Book an")):
        assert (marker in card) == bool(CLINIC[key]), key
    assert ("olea-clinic-card__hours" in card) == bool(CLINIC["opening_hours"])


def test_every_article_shows_its_sources_review_dates_and_notice(built_site, article_slugs):
    """What a reader of any article can rely on: sources, review dates, the notice."""
    from olea.frontmatter import parse_reference

    data = json.loads((ROOT / "content/data/urgency.json").read_text(encoding="utf-8"))
    urgency_sources = {parse_reference(line).url for line in data["sources"].values()}

    for slug in article_slugs:
        source = (ROOT / "content/articles" / slug / "index.md").read_text(encoding="utf-8")
        refs = [
            parse_reference(line.split(":", 1)[1].strip())
            for line in source.splitlines()
            if line.startswith("Reference:")
        ]
        html = (built_site / slug / "index.html").read_text(encoding="utf-8")
        assert len(refs) >= 2, slug
        # An article that lists every warning sign ({warning-signs}) cites their sources too.
        extra = len(urgency_sources - {r.url for r in refs}) if "{warning-signs}" in source else 0
        assert html.count('class="olea-references__item"') == len(refs) + extra, slug
        for ref in refs:
            assert f'href="{ref.url}"' in html, (slug, ref.url)
        assert 'class="olea-review-dates"' in html and "Next review due" in html, slug
        assert 'class="olea-disclaimer"' in html, slug
        assert html.count('class="olea-urgency olea-urgency--') == 3, slug
