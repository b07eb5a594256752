"""The built site in a real Chromium: accessibility, reflow, keyboard, print,
privacy and pages that read without JavaScript.

Every test here is marked `browser`; in CI (CI set) a missing Chromium fails
instead of skipping (see the `browser` fixture in conftest.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import AXE_OPTIONS, REFLOW, ROOT, format_violations

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# One page of every template the theme has.
TEMPLATES = (
    "home",
    "article",
    "page",
    "category",
    "tag",
    "archives",
    "categories",
    "tags",
    "404",
    "search",
    "regions",
    "region",
)
SCHEMES = ("light", "dark")
# The English site at the root and the Spanish one at /es/ (the same templates).
LANGUAGES = ("en", "es")

SCREEN_SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


def _first(paths: list[Path], what: str) -> Path:
    if not paths:
        pytest.fail(f"the built site has no {what}")
    return sorted(paths)[0]


@pytest.fixture(scope="session")
def template_paths(built_site, article_slugs) -> dict[str, str]:
    """The URL path of one built page per template."""

    def url(index_html: Path) -> str:
        rel = index_html.relative_to(built_site).as_posix()
        return "/" + rel.removesuffix("index.html")

    assert article_slugs, "content/articles has no article"
    article = built_site / article_slugs[0] / "index.html"
    assert article.exists(), f"{article_slugs[0]} was not built"
    pages = sorted(p.stem for p in (ROOT / "content/pages").glob("*.md"))
    page = "about" if "about" in pages else (pages[0] if pages else None)
    paths = {
        "home": "/",
        "article": url(article),
        "category": url(_first(list(built_site.glob("category/*/index.html")), "category page")),
        "tag": url(_first(list(built_site.glob("tag/*/index.html")), "tag page")),
        "archives": "/archives/",
        "categories": "/category/",
        "tags": "/tag/",
        "404": "/404.html",
        "search": "/search/",
        "regions": "/where-does-it-hurt/",
        "region": url(_first(list(built_site.glob("region/*/index.html")), "region page")),
    }
    if page is not None:
        assert (built_site / page / "index.html").exists(), f"page {page} was not built"
        paths["page"] = f"/{page}/"
    return paths


def _path_for(template_paths: dict[str, str], template: str, lang: str = "en") -> str:
    if template not in template_paths:
        pytest.fail("content/pages has no page, so the page template cannot be checked")
    return template_paths[template] if lang == "en" else f"/{lang}" + template_paths[template]


def _record_requests(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def _foreign(urls: list[str], site_url: str) -> list[str]:
    origin = f"{urlsplit(site_url).scheme}://{urlsplit(site_url).netloc}"
    return [u for u in urls if not (u == origin or u.startswith(origin + "/") or u[:5] == "data:")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_axe_finds_no_violation(new_context, site_url, template_paths, template, scheme, lang):
    """axe-core (bundled with axe-playwright-python, run offline) finds nothing."""
    path = _path_for(template_paths, template, lang)
    page = new_context().new_page()
    requests = _record_requests(page)
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path, wait_until="load")
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    results = Axe().run(page, options=AXE_OPTIONS).response
    # axe.min.js is injected from the Python package: nothing may be fetched.
    assert not _foreign(requests, site_url), _foreign(requests, site_url)
    violations = results["violations"]
    assert not violations, (
        f"{len(violations)} axe rule(s) fail on {path} ({template} template, {scheme} mode):\n"
        + format_violations(violations)
    )


def test_axe_reports_a_known_violation(new_context):
    """Zero violations above mean something only if the checker catches a known one."""
    page = new_context().new_page()
    requests = _record_requests(page)
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    found = {v["id"] for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]}
    assert "image-alt" in found, found
    assert all(u.startswith(("data:", "about:")) for u in requests), requests


OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && r.width > 0) {
      const cls = typeof el.className === 'string' && el.className
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}`
        + ` (right edge ${Math.round(r.right)} px)`);
    }
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("size", REFLOW)
@pytest.mark.parametrize("template", TEMPLATES)
def test_no_horizontal_scroll(new_context, site_url, template_paths, template, size):
    path = _path_for(template_paths, template)
    page = new_context(**REFLOW[size]).new_page()
    page.goto(site_url + path, wait_until="load")
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, (
        f"{path} scrolls sideways at {size}: {scroll} px of content in {client} px; "
        f"too wide: {', '.join(page.evaluate(OVERFLOWING_JS)) or '(no single element)'}"
    )


@pytest.mark.parametrize("size", REFLOW)
def test_no_page_of_the_site_scrolls_sideways(new_context, site_url, html_files, built_site, size):
    """Every built page, not one per template: content (a long title, a table) varies."""
    page = new_context(**REFLOW[size]).new_page()
    wide = []
    for file in html_files:
        path = "/" + file.relative_to(built_site).as_posix().removesuffix("index.html")
        page.goto(site_url + path, wait_until="load")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append(
                f"{path}: {scroll} px in {client} px: "
                f"{', '.join(page.evaluate(OVERFLOWING_JS)) or '(no single element)'}"
            )
    assert not wide, f"pages that scroll sideways at {size}:\n" + "\n".join(wide)


@pytest.mark.parametrize("template", ["home", "article"])
def test_skip_link_is_first_shows_on_focus_and_moves_focus(
    new_context, site_url, template_paths, template
):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(site_url + template_paths[template], wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const a = document.activeElement;"
        " return [a.tagName, a.getAttribute('href') || '', a.textContent.trim()]; })()"
    )
    assert focused[:2] == ["A", "#main-content"], (
        f"the first Tab stop is {focused}, not the skip link to #main-content"
    )
    # Visible: inside the viewport, not clipped to nothing, and on top at its centre.
    skip = page.locator("a[href='#main-content']").first
    # Once any transition on it has finished (polled by the browser, no fixed wait).
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    box = skip.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, f"focused skip link box: {box}"
    assert box["x"] >= 0 and box["y"] >= 0, f"focused skip link is off screen: {box}"
    on_top = page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y);"
        " return !!el && !!el.closest(\"a[href='#main-content']\"); }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, "the focused skip link is covered or clipped"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SCREEN_SIZES)
@pytest.mark.parametrize("template", ["home", "article"])
def test_screenshots(new_context, site_url, template_paths, template, size, scheme):
    """Full-page screenshots for review, in artifacts/screenshots/ (not committed)."""
    width, height = SCREEN_SIZES[size]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + template_paths[template], wait_until="load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{template}-{size}-{width}x{height}-{scheme}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 1000


def test_print_hides_the_main_navigation(new_context, site_url, template_paths):
    page = new_context().new_page()
    page.goto(site_url + template_paths["article"], wait_until="load")
    # The main navigation, and the language switch beside it: no use on paper.
    navs = [page.locator(".olea-nav"), page.locator(".olea-lang")]
    for nav in navs:
        assert nav.count() == 1, "the article's header lacks a navigation"
        assert nav.is_visible(), "the navigation should show on screen"
    page.emulate_media(media="print")
    assert page.evaluate("matchMedia('print').matches")
    for nav in navs:
        assert not nav.is_visible(), "a navigation still shows when printing"
    assert page.locator("main h1").first.is_visible(), "printing hides the article's h1"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_no_request_leaves_the_site(new_context, site_url, template_paths, template, lang):
    path = _path_for(template_paths, template, lang)
    page = new_context().new_page()
    requests = _record_requests(page)
    page.goto(site_url + path, wait_until="networkidle")
    # Scroll to the end so lazily loaded images are requested too.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert requests, "no request was recorded"
    foreign = _foreign(requests, site_url)
    assert not foreign, f"{path} requests other origins:\n" + "\n".join(foreign)


@pytest.mark.parametrize("template", ["home", "article"])
def test_page_reads_without_javascript(new_context, site_url, template_paths, template):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site_url + template_paths[template], wait_until="load")
    h1 = page.locator("h1").first
    assert h1.is_visible() and h1.inner_text().strip(), "no visible h1 without JavaScript"
    main = page.locator("main#main-content")
    assert main.is_visible(), "main#main-content is not visible without JavaScript"
    assert len(main.inner_text().strip()) > 100, "main#main-content is nearly empty"
    opacity = main.evaluate("el => getComputedStyle(el).opacity")
    assert float(opacity) > 0.9, f"main is faded out (opacity {opacity}) without JavaScript"
