"""Discovery: sitemap.xml, robots.txt and the Atom feed, on real builds."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import feedparser
import xmlschema
from helpers import ROOT, shared_file

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://example.org"


def _front_matter(article: str, key: str) -> str:
    text = (ROOT / "content/articles" / article / "index.md").read_text(encoding="utf-8")
    match = re.search(rf"^{key}:\s*(\S+)", text, re.M | re.I)
    return match.group(1) if match else ""


def test_sitemap_is_valid_against_the_protocol_schema(published_site):
    schema = xmlschema.XMLSchema(str(shared_file("data", "sitemaps-0.9", "sitemap.xsd")))
    schema.validate(str(published_site / "sitemap.xml"))


def test_sitemap_lists_every_html_page_by_absolute_url(published_site):
    tree = ElementTree.parse(published_site / "sitemap.xml")
    locs = [loc.text for loc in tree.findall("s:url/s:loc", NS)]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(f"{SITE}/") and loc.endswith("/"), loc
        page = published_site / loc.removeprefix(f"{SITE}/") / "index.html"
        assert page.is_file(), loc
    # Every article and page is in it (drafts and the 404 page are not).
    # (The Spanish site, es/, has a sitemap of its own: tests/site/test_languages.py.)
    pages = {
        p.parent.relative_to(published_site).as_posix()
        for p in published_site.glob("*/index.html")
        if not p.parent.name.startswith(("drafts", "feeds")) and p.parent.name != "es"
    }
    listed = {loc.removeprefix(f"{SITE}/").rstrip("/").split("/")[0] for loc in locs}
    assert pages <= listed, pages - listed
    assert f"{SITE}/" in locs


def test_sitemap_lastmod_is_the_review_date(published_site):
    tree = ElementTree.parse(published_site / "sitemap.xml")
    dates = {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in tree.findall("s:url", NS)
    }
    checked = 0
    for folder in sorted((ROOT / "content/articles").iterdir()):
        reviewed = _front_matter(folder.name, "last_reviewed")
        if reviewed:
            assert dates[f"{SITE}/{folder.name}/"] == reviewed, folder.name
            checked += 1
    assert checked > 0


def test_robots_txt_points_to_the_absolute_sitemap(published_site):
    text = (published_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()


def test_development_build_has_robots_without_a_relative_sitemap(built_site):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text and "Sitemap:" not in text
    # The sitemap protocol needs absolute URLs, which a build without SITEURL has not.
    assert not (built_site / "sitemap.xml").exists()


def test_atom_feed_parses_with_full_content(published_site):
    feed = feedparser.parse((published_site / "feeds/all.atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    articles = sorted(p.name for p in (published_site.parent / "content/articles").iterdir())
    assert len(feed.entries) == len(articles)
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITE}/")
        body = entry.content[0].value
        # Full content, not a summary: every article has h2 sections.
        assert "<h2" in body, entry.link


# --- JSON-LD ----------------------------------------------------------------------

SCHEMA = "https://schema.org/"
_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _vocabulary() -> tuple[set[str], set[str]]:
    """schema.org's classes and properties, as full https://schema.org/ IRIs."""
    import json

    graph = json.loads(
        shared_file("data", "schemaorg-30.0", "schemaorg-current-https.jsonld").read_text(
            encoding="utf-8"
        )
    )["@graph"]
    classes, properties = set(), set()
    for node in graph:
        kinds = node.get("@type", [])
        kinds = kinds if isinstance(kinds, list) else [kinds]
        iri = node["@id"].replace("schema:", SCHEMA)
        if "rdfs:Class" in kinds:
            classes.add(iri)
        if "rdf:Property" in kinds:
            properties.add(iri)
        # Enumeration members and data types are typed by their class.
        if any(k.startswith("schema:") for k in kinds):
            classes.add(iri)
    return classes, properties


def _expand(block: dict) -> list:
    from pyld import jsonld

    # The real context is not fetched (no network): schema.org's terms are its
    # vocabulary, so "@vocab" gives every term the IRI schema.org's context would.
    def loader(url, options=None):
        assert url.rstrip("/") == SCHEMA.rstrip("/"), url
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}},
        }

    return jsonld.expand(block, {"documentLoader": loader, "base": f"{SITE}/"})


def _walk(node, types: set, props: set) -> None:
    if isinstance(node, list):
        for n in node:
            _walk(n, types, props)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                types.update(value)
            elif not key.startswith("@"):
                props.add(key)
            _walk(value, types, props)


def test_every_json_ld_term_is_in_the_schema_org_vocabulary(published_site):
    import json

    classes, properties = _vocabulary()
    types: set[str] = set()
    props: set[str] = set()
    pages = sorted(published_site.rglob("*.html"))
    for page in pages:
        blocks = _LD.findall(page.read_text(encoding="utf-8"))
        assert len(blocks) == 1, page
        _walk(_expand(json.loads(blocks[0])), types, props)
    assert types - classes == set(), types - classes
    assert props - properties == set(), props - properties
    assert {f"{SCHEMA}{t}" for t in ("WebSite", "HealthAndBeautyBusiness")} <= types


def test_articles_are_medical_web_pages_with_their_own_dates(published_site):
    import json

    for folder in sorted((ROOT / "content/articles").iterdir()):
        html = (published_site / folder.name / "index.html").read_text(encoding="utf-8")
        graph = json.loads(_LD.findall(html)[0])["@graph"]
        by_type = {node["@type"]: node for node in graph}
        page = by_type["MedicalWebPage"]
        assert page["url"] == f"{SITE}/{folder.name}/"
        assert "<" not in page["headline"] and "&" not in page["headline"]
        assert page["lastReviewed"] == _front_matter(folder.name, "last_reviewed")
        assert page["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
        crumbs = by_type["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        assert crumbs[-1]["item"] == page["url"]
        clinic = by_type["HealthAndBeautyBusiness"]
        # Empty clinic settings are left out, never filled with a guess.
        assert "telephone" not in clinic and "openingHours" not in clinic
        assert clinic["address"]["postalCode"] == "28203"


def test_visible_breadcrumbs_and_breadcrumb_list_agree_on_every_page(published_site):
    """One trail feeds both: each step's name and address, in order, on every page."""
    import html as htmllib
    import json

    with_crumbs = 0
    for page in sorted(published_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        graph = json.loads(_LD.findall(text)[0])["@graph"]
        assert any(node["@type"] == "WebSite" for node in graph), page
        lists = [node for node in graph if node["@type"] == "BreadcrumbList"]
        nav = re.search(r'<nav class="olea-breadcrumbs".*?</nav>', text, re.S)
        if nav is None:
            assert lists == [], f"{page}: a BreadcrumbList but no breadcrumbs"
            continue
        with_crumbs += 1
        rel = page.relative_to(published_site).as_posix().removesuffix("index.html")
        visible = []
        for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(0), re.S):
            link = re.search(r'href="([^"]+)"', item)
            # Typogrify joins the last two words on screen; the JSON carries clean text.
            name = htmllib.unescape(re.sub(r"<[^>]+>", "", item)).replace("\xa0", " ").strip()
            visible.append((name, link.group(1) if link else f"{SITE}/{rel}"))
        assert len(lists) == 1, page
        steps = sorted(lists[0]["itemListElement"], key=lambda s: s["position"])
        assert [(s["name"], s["item"]) for s in steps] == visible, page
    assert with_crumbs > 20


def test_every_page_shares_the_site_image_by_absolute_address(published_site):
    from PIL import Image

    # Each language's site has its image, with its tagline in its language.
    for prefix in ("", "es/"):
        assert Image.open(published_site / prefix / "share.png").size == (1200, 630)
    for page in sorted(published_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        prefix = "es/" if page.relative_to(published_site).parts[0] == "es" else ""
        image = f'<meta property="og:image" content="https://example.org/{prefix}share.png">'
        assert image in text, page
        assert '<meta name="twitter:card" content="summary_large_image">' in text, page
