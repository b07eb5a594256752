"""make publish: the production site, built, finished and verified before it goes live.

The steps run on the staging folder that olea.build writes (the build's
`before_swap` hook), so output/ is replaced only when every step passed and a
failed publish leaves the last good output/ as it was:

1. the strict build with publishconf.py (every plugin check runs in it);
2. the search index, one per language: `olea.search.index(folder, articles)`;
3. host configuration: `_headers` (Netlify, Cloudflare Pages), `_nginx.conf` and `_redirects`;
4. precompressed .gz and .br copies of text files (the originals stay);
5. verification (see `verify`);
6. a manifest, `_publish.json`: every file's sha256. Deploy refuses any folder
   whose files do not match it, so a partial or hand-edited output never ships.

Usage: python -m olea.publish [--output output] [--settings publishconf.py]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from olea import site

ROOT = site.ROOT
MANIFEST = "_publish.json"
COMPRESSIBLE = {".html", ".css", ".js", ".xml", ".json", ".svg", ".txt", ".webmanifest"}
# The only scripts a published page may load: the theme's own (the search box).
THEME_SCRIPTS = ("theme/js/search.js",)
# Leftovers of a development build: none may reach the public site.
DEV_MARKERS = re.compile(
    r"https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0)\b|https?://[^\s\"'<>/]*:8000\b|livereload"
)


def _site_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def compress(folder: Path) -> int:
    """Write NAME.gz and NAME.br beside each text file; return how many files were compressed."""
    import brotli

    count = 0
    for path in _site_files(folder):
        if path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        # mtime=0: the same page compresses to the same bytes, so rsync skips it.
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))
        count += 1
    return count


def verify(folder: Path, siteurl: str, generators=(), settings=None, subsites=()) -> list[str]:
    """Everything that would make this folder unfit to go live, one line each.

    `subsites`: (prefix, generators, settings) of each other language's site, in
    its folder inside this one (olea.languages), held to the same rules.
    """
    from olea.sitecheck import broken_links, foreign_content, parse_page

    problems: list[str] = []
    if not (folder / "index.html").is_file():
        return [f"{folder}: no index.html: the build is empty or partial"]
    pages = [p for p in folder.rglob("*.html") if not p.name.startswith(("_", "."))]
    expected = sorted(a.save_as for a in site.pages(generators, settings)) if generators else []
    drafts = site.drafts(generators)
    for prefix, sub_generators, sub_settings in subsites:
        expected += [prefix + a.save_as for a in site.pages(sub_generators, sub_settings)]
        drafts += [prefix + d for d in site.drafts(sub_generators)]
    missing = [e for e in expected if not (folder / e).is_file()]
    problems += [f"{e}: the content implies this page but it was not written" for e in missing]
    if len(pages) < len(expected):
        problems.append(f"only {len(pages)} pages written; the content implies {len(expected)}")
    if (folder / "drafts").exists():
        problems.append("drafts/: a draft folder was written; drafts must not be published")
    problems += [f"{d}: a draft was published" for d in drafts if (folder / d).exists()]
    theme_scripts = {urlsplit(siteurl).path.rstrip("/") + f"/{s}" for s in THEME_SCRIPTS}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if re.search(r"<meta[^>]+name=[\"']?status[\"']?[^>]+content=[\"']?draft", html, re.I):
            problems.append(f"{page.relative_to(folder)}: marked as a draft")
        # A second line behind the allowlist of author HTML (olea.allowlist).
        for found in foreign_content(parse_page(page), siteurl, theme_scripts):
            problems.append(f"{page.relative_to(folder)}: {found}")
    for path in _site_files(folder):
        if path.suffix in COMPRESSIBLE:
            found = DEV_MARKERS.search(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                problems.append(
                    f"{path.relative_to(folder)}: development address or script "
                    f"'{found.group(0)}' (publish with OLEA_SITEURL set to the public address)"
                )
            for suffix, unpack in ((".gz", gzip.decompress), (".br", _unbrotli)):
                copy = path.with_name(path.name + suffix)
                if not copy.is_file() or unpack(copy.read_bytes()) != path.read_bytes():
                    problems.append(f"{path.relative_to(folder)}{suffix}: missing or stale")
    problems += [f"broken link: {b}" for b in broken_links(folder, siteurl)]
    return problems


def _unbrotli(data: bytes) -> bytes:
    import brotli

    return brotli.decompress(data)


def manifest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in _site_files(folder)
    }


def write_manifest(folder: Path, siteurl: str) -> Path:
    path = folder / MANIFEST
    files = manifest(folder)
    path.write_text(
        json.dumps({"verified": True, "siteurl": siteurl, "files": files}, indent=0),
        encoding="utf-8",
    )
    return path


def check_manifest(folder: Path) -> list[str]:
    """Why `folder` must not be deployed (empty when it is exactly a verified publish)."""
    folder = Path(folder)
    if not folder.is_dir() or not any(folder.iterdir()):
        return [f"{folder} is empty or missing: run make publish first"]
    path = folder / MANIFEST
    if not path.is_file():
        return [f"{folder} has no {MANIFEST}: it was not made by a verified make publish"]
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return [f"{path} is unreadable: run make publish again"]
    if not recorded.get("verified"):
        return [f"{path}: verification did not pass"]
    actual = manifest(folder)
    files = recorded.get("files", {})
    changed = sorted(set(files) ^ set(actual) | {k for k in files if actual.get(k) != files[k]})
    if changed:
        shown = ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")
        return [f"{folder} differs from its verified publish in {len(changed)} files: {shown}"]
    return []


def _articles(generators) -> list[str]:
    return [a.save_as for gen in generators for a in getattr(gen, "articles", [])]


def finish(sites, stream=None) -> list[str]:
    """The publish steps on the staging folder; problems stop the swap into output/.

    `sites`: each language's (folder, settings, generators), the main site first
    (olea.build). Each language gets its own search index, of its own articles.
    """
    from olea import search
    from olea.hosting import write_host_files

    stream = stream or sys.stderr
    folder, settings, generators = sites[0]
    siteurl = settings.get("SITEURL", "")
    subsites = [
        (str(sub.relative_to(folder)) + "/", sub_generators, sub_settings)
        for sub, sub_settings, sub_generators in sites[1:]
    ]
    try:
        for site_folder, _settings, site_generators in sites:
            # Raises if it cannot: the publish then fails.
            search.index(site_folder, _articles(site_generators) or None)
        print("Search index written.", file=stream)
        write_host_files(folder, siteurl)
        n = compress(folder)
        problems = verify(folder, siteurl, generators, settings, subsites)
    except Exception as exc:  # a failed step must never let the folder go live
        return [f"publish step failed: {type(exc).__name__}: {exc}"]
    if problems:
        print(
            f"Verification found {len(problems)} problems; output/ was not replaced.", file=stream
        )
        return problems
    write_manifest(folder, siteurl)
    print(f"Verified; compressed {n} files (.gz and .br).", file=stream)
    return []


def publish(
    settings_file: str | os.PathLike = ROOT / "publishconf.py",
    output: str | os.PathLike | None = None,
    overrides: dict | None = None,
    stream=None,
):
    from olea.build import build

    return build(
        settings_file,
        output,
        overrides=overrides,
        stream=stream,
        before_swap=lambda sites: finish(sites, stream),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default=str(ROOT / "publishconf.py"))
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    outcome = publish(args.settings, args.output)
    if not outcome.ok:
        print("Publish failed: the site was not changed.", file=sys.stderr)
        return 1
    print(f"Published {outcome.output} ({outcome.seconds:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
