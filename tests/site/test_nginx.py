"""The published site behind Debian's nginx, configured by the generated _nginx.conf.

nginx runs in the foreground on a loopback port with its prefix, pid and logs
in a temporary folder, and is stopped in a finally.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli
import pytest
from helpers import SITEURL, get

from olea.sitecheck import parse_page

SECURITY = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
)


def test_every_page_answers_200_with_the_security_headers(nginx, published_site):
    pages = sorted(published_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        rel = page.relative_to(published_site).as_posix()
        path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        status, headers, body = get(nginx + path)
        assert status == 200, path
        assert body == page.read_bytes(), path
        for name in SECURITY:
            assert headers[name], f"{path}: no {name}"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == "no-cache"


def test_gzip_and_brotli_are_served_precompressed(nginx, published_site):
    original = (published_site / "index.html").read_bytes()
    status, headers, body = get(nginx + "/", "gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert body == (published_site / "index.html.gz").read_bytes()
    assert gzip.decompress(body) == original
    assert "Accept-Encoding" in headers["Vary"]
    status, headers, body = get(nginx + "/", "br, gzip")
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == original
    status, headers, body = get(nginx + "/")
    assert headers["Content-Encoding"] is None and body == original


def test_types_and_caching_of_feeds_and_theme_files(nginx, published_site):
    status, headers, _ = get(nginx + "/feeds/all.atom.xml")
    assert status == 200
    assert headers["Content-Type"].startswith("application/atom+xml")
    # The theme publishes no CSS (it is inlined into every page): its script stands for it.
    script = next((published_site / "theme").rglob("*.js")).relative_to(published_site)
    status, headers, _ = get(f"{nginx}/{script.as_posix()}")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert headers["Content-Security-Policy"], "a location's own headers keep the security set"


def _search_files(site: Path, prefix: str = "") -> tuple[list[str], list[str]]:
    """Pagefind's files as (hashed, named) paths from the root; .gz/.br copies left out.
    `prefix`: a language's sub-site ("es/"), which has an index of its own."""
    hashed, named = [], []
    for path in sorted((site / prefix / "pagefind").rglob("*")):
        if path.is_file() and path.suffix not in (".gz", ".br"):
            rel = path.relative_to(site).as_posix()
            # Pagefind names index files after their content: en_<hash>.pf_index.
            is_hashed = path.parent.name in ("fragment", "index") or path.suffix == ".pf_meta"
            (hashed if is_hashed else named).append(rel)
    return hashed, named


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_only_fingerprinted_search_files_are_cached_for_a_year(nginx, published_site, prefix):
    hashed, named = _search_files(published_site, prefix)
    kinds = {Path(rel).suffix for rel in hashed}
    assert {".pf_fragment", ".pf_index", ".pf_meta"} <= kinds, kinds
    assert f"{prefix}pagefind/pagefind.js" in named
    for rel in hashed:
        status, headers, body = get(f"{nginx}/{rel}")
        assert status == 200 and body == (published_site / rel).read_bytes(), rel
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable", rel
        assert headers["Content-Type"] == "application/octet-stream", rel
        assert headers["Content-Security-Policy"], rel
    for rel in named:
        status, headers, _ = get(f"{nginx}/{rel}")
        assert status == 200, rel
        assert "immutable" not in headers["Cache-Control"], rel
    _, headers, _ = get(f"{nginx}/{prefix}pagefind/pagefind.js")
    assert headers["Content-Type"].startswith("text/javascript")
    lang = prefix.rstrip("/") or "en"
    _, headers, _ = get(f"{nginx}/{prefix}pagefind/wasm.{lang}.pagefind")
    assert headers["Content-Type"] == "application/octet-stream"


def _netlify_rules(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """The `_headers` file as (path pattern, headers); `*` matches anything, slashes too."""
    rules = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        pattern = re.compile(".*".join(map(re.escape, lines[0].split("*"))) + "$")
        rules.append((pattern, [tuple(line.strip().split(": ", 1)) for line in lines[1:]]))
    return rules


def test_netlify_headers_give_each_file_one_cache_rule(published_site):
    """Netlify and Cloudflare join two rules' values, so no path may match two."""
    rules = _netlify_rules((published_site / "_headers").read_text())
    hashed, named = _search_files(published_site)
    spanish_hashed, spanish_named = _search_files(published_site, "es/")
    assert spanish_hashed and spanish_named
    hashed, named = hashed + spanish_hashed, named + spanish_named
    pages = [p.relative_to(published_site).as_posix() for p in published_site.rglob("*.html")]
    theme = [
        p.relative_to(published_site).as_posix()
        for p in (published_site / "theme").rglob("*")
        if p.is_file() and p.suffix not in (".gz", ".br")
    ]
    expected = {rel: "public, max-age=31536000, immutable" for rel in hashed}
    expected |= {rel: "public, max-age=86400" for rel in named + theme}
    expected |= {rel: None for rel in pages}  # the hosts' own default revalidates HTML
    for rel, cache in expected.items():
        matched = [rule for rule in rules if rule[0].match("/" + rel)]
        pairs = [pair for _, headers in matched for pair in headers]
        got = [value for name, value in pairs if name == "Cache-Control"]
        assert got == ([cache] if cache else []), rel
        names = [name for name, _ in pairs]
        assert len(names) == len(set(names)), f"{rel}: a header set twice {names}"


def test_unknown_paths_and_host_files_get_the_404_page(nginx, published_site):
    not_found = (published_site / "404.html").read_bytes()
    paths = ("/no-such-page/", "/theme/nope.css", "/_publish.json", "/_nginx.conf", "/_redirects")
    for path in paths:
        status, headers, body = get(nginx + path)
        assert status == 404, path
        assert body == not_found, path
        assert headers["X-Frame-Options"] == "DENY"
    # Under /es/, the Spanish 404 page.
    status, headers, body = get(nginx + "/es/no-such-page/")
    assert status == 404 and body == (published_site / "es/404.html").read_bytes()
    assert headers["X-Frame-Options"] == "DENY"


def test_netlify_gives_each_language_its_404_page(published_site):
    rules = (published_site / "_redirects").read_text().splitlines()
    assert "/es/* /es/404.html 404" in rules


def test_a_crawl_from_the_home_page_finds_no_404(nginx, article_slugs, tmp_path):
    """Follow every link on every page reached from /, as a crawler of the live site would."""
    seen: set[str] = set()
    queue = ["/"]
    broken = []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, headers, body = get(nginx + path)
        if status != 200:
            broken.append(f"{path}: {status}")
            continue
        if not headers["Content-Type"].startswith("text/html"):
            continue
        page = tmp_path / "page.html"
        page.write_bytes(body)
        for _, url in parse_page(page).links:
            absolute = urljoin(SITEURL + path, url)
            parts = urlsplit(absolute)
            if f"{parts.scheme}://{parts.netloc}" == SITEURL:
                queue.append(parts.path or "/")
    unreached = [slug for slug in article_slugs if f"/{slug}/" not in seen]
    assert not unreached, f"the crawl of {len(seen)} URLs missed articles: {unreached}"
    assert not broken, "\n".join(broken)


# The Mozilla HTTP Observatory's scoring rules, from its methodology
# (github.com/mozilla/http-observatory, httpobs/docs/scoring.md): every site starts at
# 100 and A+ is 100 or more; bonuses count only when the score without them is 90+.
#   CSP: -25 if missing; -20 if script-src (or default-src in its place) allows
#     'unsafe-inline' or data:, or object-src/script-src are not restricted or use
#     broad sources (https:, *); -10 for 'unsafe-eval'; -20 for http: sources;
#     +5 without any of these (+10 with default-src 'none').
#   HSTS: -20 if missing, -10 if max-age < 15768000 (six months).
#   X-Content-Type-Options: -5 unless "nosniff".
#   X-Frame-Options: -20 if missing; +5 when CSP frame-ancestors does the job.
#   X-XSS-Protection: -10 if missing, unless a strong CSP makes it unneeded (0).
#   Referrer-Policy: +5 for no-referrer, same-origin, strict-origin or
#     strict-origin-when-cross-origin; -5 for origin, origin-when-cross-origin, unsafe-url.
# Cookies (none here), redirection to https and SRI (no scripts from elsewhere) depend
# on the host's TLS set-up, not on these headers; the README says to redirect to https.
def observatory_score(headers) -> tuple[int, list[str]]:
    notes, penalty, bonus = [], 0, 0
    policy = {}
    for part in (headers.get("Content-Security-Policy") or "").split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    script = policy.get("script-src", policy.get("default-src"))
    objects = policy.get("object-src", policy.get("default-src"))
    strong_csp = False
    if not policy:
        penalty -= 25
        notes.append("csp-not-implemented")
    elif (
        script is None
        or objects is None
        or any(s in ("'unsafe-inline'", "data:", "https:", "http:", "*") for s in script)
        or any(s in ("https:", "http:", "*") for s in objects)
    ):
        penalty -= 20
        notes.append("csp-implemented-with-unsafe-inline")
    elif "'unsafe-eval'" in script:
        penalty -= 10
        notes.append("csp-implemented-with-unsafe-eval")
    elif any(s.startswith("http:") for v in policy.values() for s in v):
        penalty -= 20
        notes.append("csp-implemented-with-insecure-scheme")
    else:
        strong_csp = True
        bonus += 10 if policy.get("default-src") == ["'none'"] else 5
    hsts = headers.get("Strict-Transport-Security") or ""
    age = next((int(p.split("=")[1]) for p in hsts.split(";") if "max-age" in p), None)
    if age is None:
        penalty -= 20
        notes.append("hsts-not-implemented")
    elif age < 15768000:
        penalty -= 10
        notes.append("hsts-less-than-six-months")
    if (headers.get("X-Content-Type-Options") or "").lower() != "nosniff":
        penalty -= 5
        notes.append("x-content-type-options-not-implemented")
    if policy.get("frame-ancestors"):
        bonus += 5
    elif (headers.get("X-Frame-Options") or "").upper() not in ("DENY", "SAMEORIGIN"):
        penalty -= 20
        notes.append("x-frame-options-not-implemented")
    if not strong_csp and not headers.get("X-XSS-Protection"):
        penalty -= 10
        notes.append("x-xss-protection-not-implemented")
    referrer = (headers.get("Referrer-Policy") or "").lower()
    if referrer in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    ):
        bonus += 5
    elif referrer in ("origin", "origin-when-cross-origin", "unsafe-url"):
        penalty -= 5
        notes.append("referrer-policy-unsafe")
    score = 100 + penalty
    return (score + bonus if score >= 90 else score), notes


def test_the_scorer_penalises_what_the_observatory_does():
    """The scorer itself: a weak set falls below A+, so a pass below means something."""
    weak = {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'"}
    score, notes = observatory_score(weak)
    assert score < 100
    assert {"csp-implemented-with-unsafe-inline", "hsts-not-implemented"} <= set(notes)
    short = {"Strict-Transport-Security": "max-age=86400"}
    assert "hsts-less-than-six-months" in observatory_score(short)[1]


def test_served_headers_score_a_plus(nginx, published_site):
    for path in ("/", "/about/", "/feeds/all.atom.xml", "/no-such-page/"):
        _, headers, _ = get(nginx + path)
        score, notes = observatory_score(headers)
        assert score >= 100 and not notes, f"{path}: {score} {notes}"
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


def test_netlify_and_cloudflare_headers_file_scores_a_plus(published_site):
    text = (published_site / "_headers").read_text()
    block = text.split("/*\n", 1)[1].split("\n\n", 1)[0]
    headers = dict(line.strip().split(": ", 1) for line in block.splitlines())
    score, notes = observatory_score(headers)
    assert score >= 100 and not notes, f"{score} {notes}"
