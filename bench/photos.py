"""Photos benchmark: an article with three 4000 x 3000 photos. Prints numbers, asserts nothing.

The article is tests/fixtures/photos, its three photos drawn by tests/helpers.py
with a photo's statistics (soft shapes, detail, sensor grain) at 4000 x 3000:
two JPEGs as a phone saves them (EXIF with GPS, XMP, sRGB profile, quality 92)
and a WebP. Each measure runs in this one process or, for builds, a fresh one:

  cold      `python -m olea.build` with no cache and no output (best of --repeat)
  warm      the same with the cache and output of the build before: copies from the cache
  without   both again for the same article with its three photo lines taken out: the
            difference is what the photos cost a build
  first render  the article's HTML gzipped at level 9, as make publish writes its .gz:
            with the CSS inlined it is all the first paint needs; photos are later requests
  copies    the bytes of every copy in photos/, by format, and what a phone (Lighthouse's
            412 px at 1.75x) and a desktop (1280 px at 1x) download scrolling the article
  lighthouse  the article's four scores and LCP, CLS, TBT: mobile, simulated throttling,
            served gzipped over keep-alive (olea.audit's server and Lighthouse)
  pdf       the article printed by Chromium, print media, US Letter (page.pdf()): bytes,
            pages and photos, both as loaded and after scrolling through the article;
            and the same with JPEG copies only (OLEA_PHOTOS_FORMATS = ()), since Chromium
            passes a JPEG into a PDF as it is but writes an AVIF's pixels losslessly

Usage (after `make .venv/.synced-from-test-lock` and `npm ci`):
  .venv/bin/python bench/photos.py [--repeat 3] [--keep DIR] [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from olea import audit

ROOT = Path(__file__).resolve().parent.parent


def _test_helpers():
    """tests/helpers.py (the tests' fixtures and photo drawing), loaded from its file:
    it is not a package to import, and the import path is left as it is."""
    spec = importlib.util.spec_from_file_location("olea_test_helpers", ROOT / "tests/helpers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _test_helpers()
CHROMIUM, FIXTURES = _helpers.CHROMIUM, _helpers.FIXTURES
copy_project, serve_folder, write_photo = (
    _helpers.copy_project,
    _helpers.serve_folder,
    _helpers.write_photo,
)

PAGE = "photo-article/index.html"
ARTICLE = "content/articles/photo-article/index.md"
PHOTOS = ("stretch.jpg", "desk.jpg", "walk.webp")
CHROME_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
VIEWPORTS = {
    "phone (412 px at 1.75x)": {"viewport": {"width": 412, "height": 823}, "scale": 1.75},
    "desktop (1280 px at 1x)": {"viewport": {"width": 1280, "height": 800}, "scale": 1},
}


def make_project(dest: Path, with_photos: bool = True) -> Path:
    project = copy_project(dest, FIXTURES / "photos")
    index = project / ARTICLE
    text = index.read_text(encoding="utf-8").replace("(desk.png)", "(desk.jpg)")
    if with_photos:
        folder = index.parent
        for seed, name in enumerate(PHOTOS, 1):
            write_photo(folder / name, (4000, 3000), phone=True, like_a_photo=True, seed=seed)
    else:
        text = "\n".join(line for line in text.splitlines() if not line.startswith("![")) + "\n"
    index.write_text(text, encoding="utf-8")
    return project


def timed_build(project: Path, cold: bool, settings="pelicanconf.py", output="output") -> float:
    if cold:
        shutil.rmtree(project / "cache", ignore_errors=True)
        shutil.rmtree(project / output, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "olea.build", "--settings", settings, "--output", output],
        cwd=project,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"the build failed:\n{result.stdout}{result.stderr}")
    return seconds


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB"


def scroll_through(page) -> None:
    height = page.evaluate("document.documentElement.scrollHeight")
    for _ in range(0, height + 800, 400):
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(40)
    page.wait_for_function(
        "[...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth > 0)"
    )


def downloads(browser, url: str) -> dict[str, tuple[int, list[str]]]:
    """Bytes of the photos each viewport downloads reading the whole article."""
    found = {}
    for name, view in VIEWPORTS.items():
        context = browser.new_context(viewport=view["viewport"], device_scale_factor=view["scale"])
        page = context.new_page()
        got: list[tuple[str, int]] = []

        def note(response, got=got):
            if "/photos/" in response.url:
                got.append((response.url.rsplit("/", 1)[-1], len(response.body())))

        page.on("response", note)
        page.goto(url, wait_until="load")
        scroll_through(page)
        found[name] = (sum(n for _, n in got), [u for u, _ in got])
        context.close()
    return found


def printed(browser, url: str, scroll: bool) -> tuple[int, int, int]:
    """(bytes, pages, photos) of the article printed to PDF."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="load")
    if scroll:
        scroll_through(page)
        page.evaluate("window.scrollTo(0, 0)")
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter", print_background=False)
    context.close()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    images = len(re.findall(rb"/Subtype\s*/Image", pdf))
    return len(pdf), pages, images


def lighthouse(output: Path, path: str, reports: Path) -> dict:
    server = audit._serve(output)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
        return audit.run_lighthouse(url, reports / "photo-article.json")
    finally:
        server.shutdown()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="olea-bench-photos-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print("Drawing three 4000 x 3000 photos...", flush=True)
        project = make_project(work / "with-photos")
        bare = make_project(work / "no-photos", with_photos=False)
        originals = [(project / ARTICLE).parent / name for name in PHOTOS]
        print(
            "Originals: " + ", ".join(f"{p.name} {kb(p.stat().st_size)}" for p in originals),
            flush=True,
        )

        runs: dict[str, list[float]] = {"cold": [], "warm": [], "bare cold": [], "bare warm": []}
        for _ in range(args.repeat):
            runs["cold"].append(timed_build(project, cold=True))
            runs["warm"].append(timed_build(project, cold=False))
            runs["bare cold"].append(timed_build(bare, cold=True))
            runs["bare warm"].append(timed_build(bare, cold=False))
        best = {name: min(times) for name, times in runs.items()}
        print(f"\nBuild, best of {args.repeat} (a fresh process each):")
        print(f"  {'':22} {'with photos':>12} {'without':>9} {'the photos':>11}")
        for kind in ("cold", "warm"):
            with_, without = best[kind], best[f"bare {kind}"]
            print(f"  {kind:22} {with_:10.2f} s {without:7.2f} s {with_ - without:9.2f} s")

        output = project / "output"
        html = (output / PAGE).read_bytes()
        print("\nFirst render (the article's HTML, CSS inlined):")
        print(f"  {kb(len(html))} raw, {kb(len(gzip.compress(html, 9)))} gzipped (budget 14.6 kB)")

        copies = sorted((output / "photos").iterdir())
        by_format: dict[str, int] = {}
        for path in copies:
            by_format[path.suffix] = by_format.get(path.suffix, 0) + path.stat().st_size
        total = sum(by_format.values())
        print(f"\nCopies: {len(copies)} files, {kb(total)} in all")
        for suffix, size in sorted(by_format.items()):
            print(f"  {suffix[1:]:5} {kb(size)}")
        print(f"  originals {kb(sum(p.stat().st_size for p in originals))} (never published)")

        (project / "jpegconf.py").write_text(
            "from pelicanconf import *  # noqa: F403\nOLEA_PHOTOS_FORMATS = ()\n"
        )
        timed_build(project, cold=False, settings="jpegconf.py", output="output-jpeg")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            with serve_folder(output) as url:
                print("\nPhotos downloaded reading the whole article:")
                for name, (size, files) in downloads(browser, f"{url}/photo-article/").items():
                    print(f"  {name:24} {kb(size)}  {', '.join(files)}")
            print("\nPrinted to PDF (print media, Letter):")
            for label, folder in (("AVIF + JPEG", output), ("JPEG only", project / "output-jpeg")):
                with serve_folder(folder) as url:
                    for scroll in (False, True):
                        size, pages, images = printed(browser, f"{url}/photo-article/", scroll)
                        how = "scrolled through" if scroll else "as loaded"
                        print(f"  {label:12} {how:17} {kb(size)}, {pages} pages, {images} photos")
            browser.close()

        if not args.no_lighthouse:
            lhr = lighthouse(output, "photo-article/", work / "lighthouse")
            scores = ", ".join(f"{c} {audit.score(lhr, c)}" for c in audit.CATEGORIES)
            metrics = ", ".join(
                f"{label} {fmt(lhr['audits'][key]['numericValue'])}"
                for label, key, fmt in audit.METRICS
            )
            print(f"\nLighthouse (mobile, simulated throttling): {scores}\n  {metrics}")
            for category in audit.CATEGORIES:
                for line in audit.lost_points(lhr, category):
                    print(line)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
