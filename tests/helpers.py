"""What the tests share: where things are, building copies of the project, polling.

Fixtures live in conftest.py; plain functions and constants here, imported by
name (`from helpers import copy_project`).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CHROMIUM = os.environ.get("OLEA_CHROMIUM", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))
# Files a copy of the project needs to build as the real one does.
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "olea", "theme")


def shared_file(*parts: str) -> Path:
    """A file from ../shared/, the data the tests read (never copied into the
    project); a clear failure, not a traceback, when the checkout is elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: clone the project beside the shared/ folder "
            "(as CI does), so that ../shared/data/ holds the schemas."
        )
    return path


def missing_tool(tool: str) -> None:
    """A program the test needs is not installed: in CI a failure, elsewhere a skip
    whose reason (one sentence with the install command) the session's summary counts."""
    from olea.system import missing_sentence

    sentence = missing_sentence(tool)
    if IN_CI:
        pytest.fail(f"{sentence} (.ci/run installs it)")
    pytest.skip(sentence)


def run_build(
    project: Path, settings: str = "pelicanconf.py", env: dict | None = None, output: str = "output"
) -> subprocess.CompletedProcess:
    """Run the real build command in `project`, as `make html` does."""
    return subprocess.run(
        [sys.executable, "-m", "olea.build", "--settings", settings, "--output", output],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


# The fixture article most build tests break in one way or another.
ARTICLE = "content/articles/first-article/index.md"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a file of a copied project (which must hold it)."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_clean_failure(result, path: str, line: int | None = None) -> str:
    """The build failed, named `path` (and the line), said how to fix it, and no traceback."""
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "Traceback" not in out, out
    expected = f"{path}:{line}:" if line else path
    assert expected in out, out
    assert "How to fix" in out, out
    return out


def build_here(folder: Path, content: Path, **overrides):
    """The real build with the real settings, in this process, on `content`: output in
    folder/out, cache in folder/cache, no search index. Returns (outcome, what it said)."""
    import io

    from olea.build import build

    said = io.StringIO()
    settings = {
        "PATH": str(content),
        "CACHE_PATH": str(folder / "cache"),
        "OLEA_SEARCH": False,
        **overrides,
    }
    outcome = build(ROOT / "pelicanconf.py", folder / "out", overrides=settings, stream=said)
    return outcome, said.getvalue()


def copy_project(dest: Path, content: Path | None = None) -> Path:
    """A copy of the project's code with `content` (default: the real content).

    Commands run inside the copy (`python -m olea.build`, cwd = the copy) use
    the copy's own olea/ package, which comes first on their import path.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    shutil.copytree(content or ROOT / "content", dest / "content")
    # The site's shared data (the urgency box text) belongs to every build.
    if not (dest / "content/data").exists():
        shutil.copytree(ROOT / "content/data", dest / "content/data")
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file server's handler that keeps test output free of access logs."""

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, port: int | None = None):
    """Serve `folder` over HTTP on loopback, as a static host would; yields its base URL."""
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port or free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def poll(check, timeout: float = 30, every: float = 0.05, what: str = "the condition"):
    """check()'s first true value, asked every `every` s until `timeout` s have passed."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:g} s")
        time.sleep(every)


def get(url: str, encoding: str = "identity", headers: dict | None = None):
    """(status, headers, body) of a GET, without following redirects elsewhere."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# --- Chromium with axe-core ---------------------------------------------------------------
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus Deque's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22a",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}

# Reflow (WCAG 1.4.10). `zoom` is the browser zoom the viewport stands for.
# A 1280 px window at 200 % zoom lays pages out in 1280 / 2 = 640 CSS px, each
# drawn with 2 device px: exactly what a 640 px viewport with a device scale
# factor of 2 gives. Media queries, rem sizes and wrapping see the same width,
# and Playwright has no browser-zoom control of its own.
REFLOW = {
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
    "1280px-at-200pct": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  <{v.get('helpUrl', '')}>")
        for node in v["nodes"]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """What axe-core finds on the page as it is now (WCAG 2.2 A and AA, best practice)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


# --- The theme's components and their examples (theme/components/NAME/) -------------------
COMPONENTS = ROOT / "theme" / "components"


@lru_cache(maxsize=1)
def site_settings() -> dict:
    """The project's development settings, as Pelican reads them."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def component_names() -> list[str]:
    return sorted(p.name for p in COMPONENTS.iterdir() if p.is_dir())


def examples_of(name: str) -> list[dict]:
    return json.loads((COMPONENTS / name / "examples.json").read_text(encoding="utf-8"))


def example_value(value, settings: dict):
    """An example's arguments with its two markers replaced: JSON has no date, so
    {"$date": "YYYY-MM-DD"} is one; {"$setting": "NAME"} is a value of
    pelicanconf.py (CLINIC), so real clinic details are never copied into an
    example, where they would go stale."""
    if isinstance(value, dict):
        if value.keys() == {"$date"}:
            return date.fromisoformat(value["$date"])
        if value.keys() == {"$setting"}:
            return settings[value["$setting"]]
        return {k: example_value(v, settings) for k, v in value.items()}
    if isinstance(value, list):
        return [example_value(v, settings) for v in value]
    return value


def render_example(env, name: str, example: dict) -> str:
    """One example of component `name`, its macro imported without context as a
    page template imports it, inside its `parent` element when it has one (an
    article card is a list item)."""
    template = env.get_template(f"components/{name}/{name}.html")
    macro = getattr(template.module, name.replace("-", "_"))
    out = str(macro(**example_value(example["arguments"], site_settings())))
    parent = example.get("parent")
    return f"<{parent}>{out}</{parent}>" if parent else out


def example_page(name: str, example: dict, rendered: str, css: str) -> str:
    """A minimal valid page around a rendered example, with the site's stylesheet.
    Its h1 and h2 name the component and the example, so a component's own
    headings (h2, h3) follow in order; the h2's id is "example-title", for an
    example that names its drawing by a heading (the body map's label_id)."""
    title = html.escape(f"{name}: {example['name']}")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        '<main id="main-content" class="olea-main olea-wrapper">\n'
        f"<h1>{html.escape(name)}</h1>\n"
        f'<h2 id="example-title">{html.escape(example["name"])}</h2>\n'
        f"{rendered}\n</main>\n</body>\n</html>\n"
    )


# --- The anatomy diagrams --------------------------------------------------------------------
# Each muscle article and the words its diagram must label (from the content
# brief's anatomy facts, or the article's own sources where the brief is silent).
DIAGRAMS = {
    "tight-hamstrings-and-low-back-pain": (
        "ischial tuberosity",
        "semitendinosus",
        "semimembranosus",
        "biceps femoris",
        "head of fibula",
        "pes anserinus",
        "medial tibial condyle",
    ),
    "quadratus-lumborum-and-one-sided-low-back-pain": (
        "quadratus",
        "12th rib",
        "transverse processes",
        "iliolumbar ligament",
        "iliac crest",
    ),
    "psoas-and-the-deep-hip-flexors": (
        "psoas major",
        "iliacus",
        "T12 to L5",
        "transverse processes",
        "lesser trochanter",
    ),
    "gluteals-and-piriformis": (
        "gluteus maximus",
        "gluteus medius",
        "gluteus minimus",
        "piriformis",
        "sacrum",
        "coccyx",
        "greater trochanter",
    ),
    "upper-back-and-neck-pain-at-a-desk": (
        "upper trapezius",
        "occipital bone",
        "nuchal ligament",
        "clavicle",
    ),
}


# --- nginx with the brotli module, configured by the published _nginx.conf ---------------
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SITEURL = "https://example.org"


def nginx_config(prefix: Path, site: Path, port: int) -> str:
    # Root in a container: workers must read the tmp site, which only root can.
    user = "user root;" if os.geteuid() == 0 else ""
    temps = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
load_module {BROTLI_MODULE};
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
{temps}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {site};
        include {site}/_nginx.conf;
    }}
}}
"""


# --- Photos (olea/photos.py): drawn in the test, never stored in the repository ------------
# Where a phone put the fixture's photos: a clinic's street in Charlotte, to the second.
GPS = {
    1: "N",  # GPSLatitudeRef
    2: (35.0, 12.0, 48.6),  # GPSLatitude
    3: "W",  # GPSLongitudeRef
    4: (80.0, 51.0, 36.2),  # GPSLongitude
}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="35,12.81N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
PHONE_COMMENT = b"Taken by PhoneCo Model 9 at the clinic"


def photo_like(size: tuple[int, int], seed: int = 1):
    """A picture with a photo's statistics: broad soft shapes, finer detail, and
    sensor grain, so encoders spend on it about what they spend on a photo."""
    import random

    from PIL import Image

    rnd = random.Random(seed)
    width, height = size
    small = (max(8, width // 4), max(8, height // 4))
    picture = None
    for octave, cells in enumerate((3, 7, 16, 40, 100, 250)):
        rows = max(2, cells * height // width)
        noise = Image.frombytes("RGB", (cells, rows), rnd.randbytes(cells * rows * 3))
        layer = noise.resize(small, Image.BICUBIC)
        picture = layer if picture is None else Image.blend(picture, layer, 0.5 / (1 + octave))
    picture = picture.resize(size, Image.BICUBIC)
    grain = Image.frombytes("L", size, rnd.randbytes(width * height)).convert("RGB")
    return Image.blend(picture, grain, 0.05)


def write_photo(
    path: Path,
    size: tuple[int, int] = (2000, 1500),
    *,
    phone: bool = False,
    orientation: int = 1,
    alpha: bool = False,
    seed: int = 1,
    like_a_photo: bool = False,
) -> Path:
    """A photo at `path` in the format its extension names. `phone` adds what a
    phone's camera writes: EXIF with a GPS position, XMP, a comment, an sRGB
    colour profile. A red square marks the stored picture's top-left corner, so
    a test can see where `orientation` turned it."""
    from PIL import ExifTags, Image, ImageCms, ImageDraw

    if like_a_photo:
        picture = photo_like(size, seed)
    else:
        picture = Image.new("RGB", size, (40 + seed * 20 % 200, 120, 160))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, size[0] // 5, size[1] // 5), fill=(220, 20, 20))
    if alpha:
        picture = picture.convert("RGBA")
        picture.putalpha(200)
    options: dict = {}
    exif = Image.Exif()
    if orientation != 1:
        exif[ExifTags.Base.Orientation] = orientation
    if phone:
        exif[ExifTags.Base.Make] = "PhoneCo"
        exif[ExifTags.Base.Model] = "Model 9"
        exif[ExifTags.IFD.GPSInfo] = GPS
        options["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        options["xmp"] = XMP
        if path.suffix.lower() in (".jpg", ".jpeg"):
            options["comment"] = PHONE_COMMENT
    if len(exif):
        options["exif"] = exif
    if path.suffix.lower() in (".jpg", ".jpeg"):
        options["quality"] = 92
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, **options)
    return path
