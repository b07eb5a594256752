"""Host configuration written into the published site.

- `_headers`: Netlify and Cloudflare Pages read this file from the site's root.
- `_nginx.conf`: a snippet to `include` inside an nginx `server { }` block
  whose `root` is the site (the clinic's own server; see README "Deploy").
- `_redirects`: Netlify's, for each language's own 404 page (/es/… that does
  not exist gets /es/404.html, in Spanish); Cloudflare Pages finds the nearest
  404.html by itself. A sub-site's search index and feed get the same types
  and caching as the main site's.

Both carry the same headers, built here once. The Content-Security-Policy is
computed from the finished pages: each inline <style> gets its sha256 hash, so
no 'unsafe-inline' is needed. Files whose name starts with "_" or "." are host
configuration, not pages: verification does not count them and nginx refuses
to serve them.

Caching: HTML is revalidated on every visit, so a corrected article shows at
once. The theme's files keep their names when they change (the CSS is inlined
into each page anyway), so they get a day. Pagefind's index files and the
photos' copies (olea.photos) are fingerprinted (their names carry a hash of
what made them, and new content has new names), so only they are cached for a
year as immutable; `cache_control` is the one place that decides.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from olea import photos

HEADERS_FILE = "_headers"
NGINX_FILE = "_nginx.conf"
REDIRECTS_FILE = "_redirects"

# Two years: the Observatory wants at least six months (15768000 s).
# No includeSubDomains: the clinic's other hosts (unknown) may not all have https.
HSTS = "max-age=63072000"
HTML_CACHE = "no-cache"  # revalidate every time: a fixed article shows at once
THEME_CACHE = "public, max-age=86400"  # names do not change with content: one day
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"

# Search index files (Pagefind) and what they must be served as.
SEARCH_TYPES = {
    "pf_meta": "application/octet-stream",
    "pf_index": "application/octet-stream",
    "pf_fragment": "application/octet-stream",
    "pagefind": "application/octet-stream",
    "wasm": "application/wasm",
    "js": "text/javascript",
    "json": "application/json",
    "css": "text/css",
}

# Search files whose name is a hash of their content (Pagefind writes new names
# for a new index), relative to the site's root.
_FINGERPRINTED = re.compile(r"^pagefind/(?:fragment/|index/|pagefind\.[^/]+\.pf_meta$)")
# A language's sub-site (olea.languages): its own search index, feed and 404 page.
_SUBSITE = re.compile(r"^[a-z]{2}/(?=pagefind/|feeds/)")
_FINGERPRINTED_DIRS = ("fragment", "index")
_COMPRESSED = (".gz", ".br")  # copies served in place of the original, never asked for by name
# The photos' copies: each name carries a hash of the original and the settings.
PHOTOS = photos.FOLDER


def subsites(output: Path) -> list[str]:
    """The language sub-sites in the output, as prefixes ("es/"): folders with a 404 page."""
    return sorted(
        f"{d.name}/"
        for d in output.iterdir()
        if d.is_dir() and re.fullmatch(r"[a-z]{2}", d.name) and (d / "404.html").is_file()
    )


def cache_control(rel: str) -> str:
    """The Cache-Control for the file at `rel` (a path from the site's root)."""
    rel = _SUBSITE.sub("", rel)
    if _FINGERPRINTED.match(rel) or rel.startswith(f"{PHOTOS}/"):
        return IMMUTABLE_CACHE
    if rel.startswith(("theme/", "pagefind/")):
        return THEME_CACHE
    return HTML_CACHE


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_hashes(output: Path) -> tuple[list[str], list[str]]:
    """CSP hashes of every distinct inline <style> and executable inline <script>."""
    styles: set[str] = set()
    scripts: set[str] = set()
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        styles.update(_sha256(m.group(1)) for m in _STYLE.finditer(html))
        for attrs, body in _INLINE_SCRIPT.findall(html):
            # JSON-LD and other data blocks are never run, so CSP ignores them.
            kind = re.search(r"""type=["']?([^"'\s>]+)""", attrs)
            if kind and "javascript" not in kind.group(1) and kind.group(1) != "module":
                continue
            scripts.add(_sha256(body))
    return sorted(styles), sorted(scripts)


def content_security_policy(output: Path) -> str:
    styles, scripts = inline_hashes(output)
    script_src = ["'self'", *scripts]
    if (output / "pagefind").is_dir():
        # Pagefind's search runs as WebAssembly, which CSP only allows with this.
        script_src.append("'wasm-unsafe-eval'")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(script_src),
            "style-src " + " ".join(["'self'", *styles]),
            "img-src 'self' data:",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def security_headers(output: Path) -> dict[str, str]:
    """The headers every response carries."""
    return {
        "Content-Security-Policy": content_security_policy(output),
        "Strict-Transport-Security": HSTS,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def base_path(siteurl: str) -> str:
    """The path the site lives under ("" at a domain's root, "/olea" for project pages)."""
    return urlsplit(siteurl).path.rstrip("/")


def netlify_headers(output: Path, siteurl: str = "") -> str:
    """The `_headers` file (same syntax on Netlify and Cloudflare Pages).

    Both hosts join the values when two rules set one header, so Cache-Control
    is set only on paths no other rule gives one; HTML keeps the host's own
    revalidating default.
    """
    base = base_path(siteurl)
    lines = ["# Written by make publish (olea/hosting.py); edit that, not this.", f"{base}/*"]
    lines += [f"  {k}: {v}" for k, v in security_headers(output).items()]
    lines += ["", f"{base}/theme/*", f"  Cache-Control: {cache_control('theme/')}"]
    if (output / PHOTOS).is_dir():
        lines += ["", f"{base}/{PHOTOS}/*", f"  Cache-Control: {cache_control(PHOTOS + '/')}"]
    for prefix in ["", *subsites(output)]:
        site = output / prefix if prefix else output
        if (site / "feeds").is_dir():
            lines += ["", f"{base}/{prefix}feeds/*"]
            lines += ["  Content-Type: application/atom+xml; charset=utf-8"]
        if (site / "pagefind").is_dir():
            index = f"{prefix}pagefind"
            for ext in ("pf_meta", "pf_index", "pf_fragment"):
                lines += ["", f"{base}/{index}/*.{ext}", f"  Content-Type: {SEARCH_TYPES[ext]}"]
            # One Cache-Control rule per path (two would be joined into nonsense), so
            # the hashed folders get a splat and the files beside them a rule each.
            for folder in _FINGERPRINTED_DIRS:
                rel = f"{index}/{folder}/"
                lines += ["", f"{base}/{rel}*", f"  Cache-Control: {cache_control(rel)}"]
            for path in sorted((site / "pagefind").iterdir()):
                if path.is_file() and not path.name.endswith(_COMPRESSED):
                    rel = f"{index}/{path.name}"
                    lines += ["", f"{base}/{rel}", f"  Cache-Control: {cache_control(rel)}"]
    return "\n".join(lines) + "\n"


def _add_headers(headers: dict[str, str], cache: str, indent: str) -> list[str]:
    # nginx drops the server's add_header lines in a location that has its own,
    # so each location repeats the whole set.
    out = [f'{indent}add_header {k} "{v}" always;' for k, v in headers.items()]
    out.append(f'{indent}add_header Cache-Control "{cache}" always;')
    return out


def nginx_snippet(output: Path, siteurl: str = "") -> str:
    """Directives for inside `server { }`, its `root` pointing at the site.

    brotli_static needs Debian's libnginx-mod-http-brotli-static (loaded by
    its package); gzip_static is built into Debian's nginx.
    """
    base = base_path(siteurl)
    headers = security_headers(output)
    i = "    "
    lines = [
        "# Written by make publish (olea/hosting.py). Include inside server { },",
        "# with `root` set to the published site (the `current` release).",
        "charset utf-8;",
        "charset_types text/css text/plain text/xml application/atom+xml application/json "
        "image/svg+xml text/javascript;",
        "index index.html;",
        "gzip_static on;",
        "brotli_static on;",
        "gzip_vary on;",
        "server_tokens off;",
        f"error_page 404 {base}/404.html;",
        "",
        "# Host configuration and the publish manifest are not pages (.well-known stays",
        "# reachable for certificate renewals).",
        rf'location ~ "^{base}/(_headers|_nginx\.conf|_redirects|_publish\.json)$" {{',
        f"{i}return 404;",
        "}",
        "",
        f"location {base}/ {{",
        f"{i}try_files $uri $uri/ =404;",
        *_add_headers(headers, cache_control(""), i),
        "}",
        "",
        f"location {base}/theme/ {{",
        *_add_headers(headers, cache_control("theme/"), i),
        "}",
        "",
    ]
    if (output / PHOTOS).is_dir():
        lines += ["", f"location {base}/{PHOTOS}/ {{"]
        lines += [*_add_headers(headers, cache_control(PHOTOS + "/"), i), "}"]
    for prefix in subsites(output):
        # The language's own 404 page, for every address under it.
        lines += ["", f"location {base}/{prefix} {{", f"{i}error_page 404 {base}/{prefix}404.html;"]
        lines += [f"{i}try_files $uri $uri/ =404;", *_add_headers(headers, cache_control(""), i)]
        lines += ["}"]
    for prefix in ["", *subsites(output)]:
        lines += _nginx_feeds_and_search(output, base, prefix, headers, i)
    return "\n".join(lines) + "\n"


def _nginx_feeds_and_search(output: Path, base: str, prefix: str, headers, i: str) -> list[str]:
    """The feed's and the search index's locations of one language's site."""
    site = output / prefix if prefix else output
    lines = []
    if not prefix or (site / "feeds").is_dir():
        lines += [
            "",
            f"location {base}/{prefix}feeds/ {{",
            f"{i}types {{ application/atom+xml xml; }}",
            *_add_headers(headers, cache_control("feeds/"), i),
            "}",
        ]
    if (site / "pagefind").is_dir():
        by_type: dict[str, list[str]] = {}
        for ext, kind in SEARCH_TYPES.items():
            by_type.setdefault(kind, []).append(ext)
        types = (
            f"{i}types {{ "
            + " ".join(f"{kind} {' '.join(exts)};" for kind, exts in by_type.items())
            + " }"
        )
        index = f"{base}/{prefix}pagefind"
        # The longest prefix wins and a regex beats a prefix, so hashed files get
        # their own locations (each repeating the types, which do not inherit).
        hashed = [f"location {index}/{d}/ {{" for d in _FINGERPRINTED_DIRS]
        hashed.append(rf'location ~ "^{index}/pagefind\.[^/]+\.pf_meta$" {{')
        lines += ["", f"location {index}/ {{", types]
        lines += [*_add_headers(headers, cache_control("pagefind/"), i), "}"]
        for opening in hashed:
            lines += ["", opening, types]
            lines += [*_add_headers(headers, cache_control("pagefind/index/"), i), "}"]
    return lines


def netlify_redirects(output: Path, siteurl: str = "") -> str:
    """Netlify's `_redirects`: each language sub-site's missing pages get its 404 page."""
    base = base_path(siteurl)
    lines = ["# Written by make publish (olea/hosting.py); edit that, not this."]
    lines += [f"{base}/{p}* {base}/{p}404.html 404" for p in subsites(output)]
    return "\n".join(lines) + "\n"


def write_host_files(output: Path, siteurl: str = "") -> list[Path]:
    written = []
    for name, text in (
        (HEADERS_FILE, netlify_headers(output, siteurl)),
        (NGINX_FILE, nginx_snippet(output, siteurl)),
        (REDIRECTS_FILE, netlify_redirects(output, siteurl)),
    ):
        (output / name).write_text(text, encoding="utf-8")
        written.append(output / name)
    return written
