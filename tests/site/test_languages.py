"""The Spanish edition on the real site: every page in both languages, paired both
ways (hreflang, the language switch, the sitemaps), the same warning signs, and
translations that say when their English source has moved on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from helpers import ROOT, copy_project, run_build, shared_file
from selectolax.lexbor import LexborHTMLParser as HTMLParser

SITE = "https://example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sources() -> list[Path]:
    content = ROOT / "content"
    pages = [p for p in content.glob("pages/*.md") if "." not in p.stem]
    return sorted([*content.glob("articles/*/index.md"), *pages])


def _slug(source: Path) -> str:
    return source.parent.name if source.name == "index.md" else source.name.split(".")[0]


def _doc(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def _alternates(doc: HTMLParser) -> dict[str, str]:
    return {
        link.attributes["hreflang"]: link.attributes["href"]
        for link in doc.css('head link[rel="alternate"][hreflang]')
    }


def test_every_article_and_page_has_its_translation_beside_it():
    missing = [
        str(s.relative_to(ROOT))
        for s in _sources()
        if not s.with_name(s.name.replace(".md", ".es.md")).is_file()
    ]
    assert not missing, "no Spanish translation: " + ", ".join(missing)


def test_every_page_is_paired_both_ways_by_hreflang(published_site):
    for source in _sources():
        slug = _slug(source)
        en = _doc(published_site / slug / "index.html")
        es = _doc(published_site / "es" / slug / "index.html")
        want = {
            "en": f"{SITE}/{slug}/",
            "es": f"{SITE}/es/{slug}/",
            "x-default": f"{SITE}/{slug}/",
        }
        assert _alternates(en) == want, slug
        assert _alternates(es) == want, slug


def test_lists_are_paired_too(published_site):
    """The home page, topics, regions, tags and the lists have their Spanish twins."""
    for rel in ("", "category/causes/", "region/neck/", "tag/sciatica/", "archives/", "search/"):
        es = _alternates(_doc(published_site / "es" / rel / "index.html"))
        assert es.get("en") == f"{SITE}/{rel}", rel
        assert es.get("es") == f"{SITE}/es/{rel}", rel


def test_hreflang_only_with_the_sites_address(built_site):
    """Search engines take only absolute URLs there: a development build has none."""
    assert not _alternates(_doc(built_site / "es/index.html"))


def test_spanish_pages_say_they_are_spanish(built_site):
    files = sorted((built_site / "es").rglob("*.html"))
    assert len(files) > 40
    for path in files:
        if "pagefind" in path.parts:
            continue
        html = _doc(path).css_first("html")
        assert html.attributes.get("lang") == "es", path


def test_the_switch_leads_to_the_same_page_named_in_its_own_language(built_site):
    checked = 0
    for path in sorted(built_site.rglob("index.html")):
        rel = path.relative_to(built_site).as_posix().removesuffix("index.html")
        if "pagefind" in rel:
            continue
        spanish = rel == "es/" or rel.startswith("es/")
        # A list's later page leads to the other language's list itself.
        twin = re.sub(r"page/\d+/$", "", rel.removeprefix("es/"))
        other = f"/{twin}" if spanish else f"/es/{twin}"
        if not (built_site / other.lstrip("/") / "index.html").is_file():
            continue  # a page with no counterpart (none today: tested above)
        doc = _doc(path)
        links = doc.css(".olea-lang a")
        assert len(links) == 1, path
        link = links[0]
        code = "en" if spanish else "es"
        assert link.attributes["href"] == other, path
        assert link.attributes["lang"] == code and link.attributes["hreflang"] == code
        assert link.text(strip=True) == {"en": "English", "es": "Español"}[code], path
        checked += 1
    assert checked > 100


def test_both_sitemaps_are_valid_and_pair_every_page(published_site):
    schema = xmlschema.XMLSchema(
        [
            str(shared_file("data", "sitemaps-0.9", "sitemap.xsd")),
            str(shared_file("data", "sitemaps-0.9", "xhtml-link.xsd")),
        ]
    )
    for sitemap, prefix in (
        (published_site / "sitemap.xml", ""),
        (published_site / "es/sitemap.xml", "es/"),
    ):
        schema.validate(str(sitemap))
        tree = ElementTree.parse(sitemap)
        urls = tree.findall("s:url", NS)
        assert urls
        for url in urls:
            loc = url.findtext("s:loc", namespaces=NS)
            assert loc.startswith(f"{SITE}/{prefix}"), loc
            links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
            path = loc.removeprefix(f"{SITE}/").removeprefix(prefix)
            assert links == {
                "en": f"{SITE}/{path}",
                "es": f"{SITE}/es/{path}",
                "x-default": f"{SITE}/{path}",
            }, loc
    robots = (published_site / "robots.txt").read_text()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    assert f"Sitemap: {SITE}/es/sitemap.xml" in robots
    assert not (published_site / "es/robots.txt").exists()


def _signs(doc: HTMLParser) -> list[tuple[str, int]]:
    """Each tier of the warning-signs box: its level and how many signs it lists."""
    found = []
    for tier in doc.css("#urgent-help .olea-urgency"):
        level = [c for c in tier.attributes["class"].split() if c.startswith("olea-urgency--")]
        found.append((level[0], len(tier.css("li"))))
    return found


def test_spanish_pages_show_the_same_warning_signs_as_their_source(built_site):
    checked = 0
    for source in _sources():
        slug = _slug(source)
        en = _signs(_doc(built_site / slug / "index.html"))
        es = _signs(_doc(built_site / "es" / slug / "index.html"))
        assert es == en, slug
        checked += bool(en)
    assert checked >= 26, "the box must be on every article"
    urgent = _doc(built_site / "es/urgent-help/index.html").text()
    assert "Llame al 911" in urgent
    assert "988" in urgent and "AYUDA" in urgent


def test_spanish_dates_and_strings(built_site):
    doc = _doc(built_site / "es/herniated-disc-and-sciatica/index.html")
    text = doc.text()
    assert re.search(r"\d{1,2} de [a-z]+ de \d{4}", text), "dates in Spanish"
    assert doc.css_first(".olea-skip-link").text(strip=True) == "Saltar al contenido principal"
    assert "Causas" in doc.css_first(".olea-nav").text()


def test_feed_and_structured_data_in_spanish(published_site):
    import feedparser

    feed = feedparser.parse((published_site / "es/feeds/all.atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    titles = {
        re.search(r"^Title: (.+)$", p.read_text(encoding="utf-8"), re.M).group(1)
        for p in (ROOT / "content/articles").glob("*/index.es.md")
    }
    assert len(feed.entries) == len(titles)
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITE}/es/"), entry.link
        assert entry.title.replace("\u00a0", " ") in titles, entry.title
    page = (published_site / "es/herniated-disc-and-sciatica/index.html").read_text()
    assert '"inLanguage": "es"' in page


@pytest.fixture
def bilingual_project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_changing_the_english_marks_the_translation_behind(bilingual_project):
    project = bilingual_project
    source = project / "content/articles/heat-or-ice-for-back-pain/index.md"
    source.write_text(source.read_text() + "\nOne more sentence about heat.\n")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr  # publishing still succeeds
    assert "index.es.md" in result.stderr and "has changed since" in result.stderr
    page = _doc(project / "output/es/heat-or-ice-for-back-pain/index.html")
    notice = page.css_first(".olea-translation-notice")
    assert notice is not None, "the Spanish page says it is behind"
    assert notice.css_first("a").attributes["href"] == "/heat-or-ice-for-back-pain/"
    report = subprocess.run(
        [sys.executable, "-m", "olea.report"], cwd=project, capture_output=True, text=True
    )
    assert re.search(r"heat-or-ice-for-back-pain\s+es\s+[\d.]+\s+BEHIND", report.stdout)
    # Up to date again once its revision is recorded.
    current = _doc(project / "output/heat-or-ice-for-back-pain/index.html")
    assert current.css_first(".olea-translation-notice") is None


def test_make_translate_starts_a_translation(bilingual_project):
    from olea import languages
    from olea.new import translate

    project = bilingual_project
    (project / "content/articles/heat-or-ice-for-back-pain/index.es.md").unlink()
    path = translate("heat-or-ice-for-back-pain", "es", root=project)
    text = path.read_text()
    source = project / "content/articles/heat-or-ice-for-back-pain/index.md"
    assert "\nLang: es\n" in text
    assert f"\nSource_revision: {languages.revision(source)}\n" in text
    assert "REPLACE" in text  # the build fails until it is translated
    with pytest.raises(FileExistsError):
        translate("heat-or-ice-for-back-pain", "es", root=project)
    with pytest.raises(FileNotFoundError):
        translate("no-such-article", "es", root=project)


def test_spanish_claims_and_reading_ease_are_enforced(bilingual_project):
    project = bilingual_project
    path = project / "content/articles/heat-or-ice-for-back-pain/index.es.md"
    text = path.read_text()
    head, _, body = text.partition("\n\n")
    path.write_text(head + "\n\nEl masaje cura el dolor de espalda para siempre.\n\n" + body)
    result = run_build(project)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    assert "articles/heat-or-ice-for-back-pain/index.es.md:" in out and "'cura'" in out
    hard = (
        "La consideración multidisciplinaria de intervenciones terapéuticas "
        "farmacológicas y fisioterapéuticas complementarias, individualizadas "
        "según características biopsicosociales, constituye recomendación fundamentada. "
    ) * 60
    path.write_text(head + "\n\n" + hard + "\n\n" + body)
    out = run_build(project).stderr
    assert "index.es.md: the reading ease (Fernández-Huerta)" in out, out


def test_a_tag_without_a_spanish_name_fails_at_its_line(bilingual_project):
    import json

    project = bilingual_project
    labels = project / "content/data/labels.es.json"
    data = json.loads(labels.read_text(encoding="utf-8"))
    del data["tags"]["heat"]
    labels.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_build(project)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    path = "content/articles/heat-or-ice-for-back-pain/index.es.md"
    line = next(
        n
        for n, text in enumerate((project / path).read_text().splitlines(), 1)
        if text.startswith("Tags:")
    )
    assert f"{path}:{line}: the tag 'heat' has no name in this language yet" in out, out
    assert "How to fix: add it to labels.es.json" in out
