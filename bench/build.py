"""Build benchmark: prints times and ratios, asserts nothing.

For each size N it writes N synthetic articles that pass the project's own
rules (complete front matter, two references, plain short sentences), then
times, in this one run and each in a fresh process:

  cold   this project's build with no content cache and no output, as after
         `make clean` (Python's own bytecode cache kept, see BUILD_ENV)
  plain  plain Pelican on the same corpus: default theme, default settings
  peer   the same-features peer: plain Pelican with TYPOGRIFY = True and this
         project's Markdown extensions (default theme, no checks, no search)
  warm   the devserver's rebuild after editing one article, cache warm: in a
         process that has built once already, as the devserver has, until the
         pages are written (the browser reloads then; the search index
         follows in the background, OLEA_SEARCH_WAIT = False)
  rebuild `make html` after editing one article: a new process, cache warm,
         waiting for the search index too (printed, not a target)
  nogate this project's cold build with the quality gates turned off
         (OLEA_GATES = False: the reading grade and claims, the structure and
         the link checks): what the gates cost

Times are the best of the runs; each ratio is the median, over the runs, of
that run's own ratio (the line below each size lists them). Targets: a cold
build at most 1.0 x the same-features peer, a warm rebuild at most 0.25 x a
cold build, and the gates at most a fifth of the build (cold <= 1.2 x nogate).
Usage: python bench/build.py [--sizes 100,1000] [--repeat 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pelican.settings import read_settings

from olea import site

ROOT = site.ROOT
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "olea", "theme")
MODEL = site.load(ROOT / "pelicanconf.py")
REGIONS = MODEL.region_slugs
CATEGORIES = MODEL.topic_names
TAGS = ["massage", "exercise", "stretching", "posture", "sleep", "heat", "sciatica", "stress"]
WORDS = [
    "back",
    "pain",
    "often",
    "gets",
    "better",
    "with",
    "time",
    "and",
    "gentle",
    "movement",
    "many",
    "people",
    "find",
    "that",
    "walking",
    "helps",
    "a",
    "heat",
    "wrap",
    "may",
    "ease",
    "pain",
    "for",
    "a",
    "short",
    "time",
    "stay",
    "as",
    "active",
    "as",
    "you",
    "can",
    "try",
    "to",
    "keep",
    "up",
    "your",
    "normal",
    "day",
    "a",
    "doctor",
    "can",
    "check",
    "what",
    "is",
    "going",
    "on",
    "if",
    "pain",
    "does",
    "not",
    "ease",
]
ABBREVIATIONS = ["NHS", "NICE", "CDC", "NIH"]
REFS = [
    "nice2020 | National Institute for Health and Care Excellence (NICE) | Low back pain and "
    "sciatica in "
    "over 16s: assessment and management (NG59) | NICE guideline | 2020 | "
    "https://www.nice.org.uk/guidance/ng59",
    "furlan2015 | Furlan AD, Giraldo M, Baskwill A, Irvin E, Imamura M | "
    "Massage for low-back pain | "
    "Cochrane Database of Systematic Reviews | 2015 | "
    "https://doi.org/10.1002/14651858.CD001929.pub3",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
    # Quotes as often as in the clinic's own articles (1 sentence in 90 has an
    # apostrophe, 1 in 37 a double quote), so typogrify has its real work to do.
    roll = rng.random()
    if roll < 0.011:
        words.insert(2, "don't")
    elif roll < 0.038:
        words[3] = f'"{words[3]}"'
    text = " ".join(words).capitalize()
    # And capitals as often (1 sentence in 5.5 names the NHS, NICE or the like),
    # so that typogrify's caps filter has its real work to do too.
    if rng.random() < 0.18:
        text += f" says the {rng.choice(ABBREVIATIONS)}"
    return text + "."


def article(rng: random.Random, n: int, words: int = 600) -> str:
    body, count, section = [], 0, 0
    while count < words:
        if count // 150 > section - 1:
            section += 1
            body.append(f"## Part {section} of the advice\n")
        para = " ".join(sentence(rng) for _ in range(3))
        count += len(para.split())
        body.append(para + "\n")
    regions = rng.sample(REGIONS, rng.randint(1, 3))
    tags = rng.sample(TAGS, 3)
    return "\n".join(
        [
            f"Title: Synthetic article number {n}",
            f"Date: 2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
            f"Summary: Synthetic article {n}, written by the benchmark to time the build.",
            f"Category: {CATEGORIES[n % len(CATEGORIES)]}",
            f"Tags: {', '.join(tags)}",
            f"Regions: {', '.join(regions)}",
            "Last_reviewed: 2026-01-15",
            *(f"Reference: {r}" for r in REFS),
            "",
            "This article was generated for the build benchmark [@nice2020; @furlan2015].",
            "",
            *body,
        ]
    )


def make_corpus(dest: Path, n: int) -> Path:
    rng = random.Random(n)  # the same corpus every run
    content = dest / "content"
    for i in range(n):
        folder = content / "articles" / f"synthetic-{i:04d}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(article(rng, i), encoding="utf-8")
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("Title: About\nSummary: About.\n\nA page.\n")
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def set_aside(path: Path, trash: Path) -> None:
    """Move an earlier run's folder out of the way; it is deleted after all runs.

    Deleting it here would slow the next run for a reason that is not the
    build's: ext4 without a journal (this machine's disk) will not reuse an
    inode freed in the last minute (six, while its block is unwritten), and
    looking past thousands of just-freed ones made up most of the kernel time
    (perf showed find_inode_bit and recently_deleted) and doubled our cold
    build at 1,000 articles, which creates four times the files and folders
    plain Pelican does. A fresh clone has no such history; a benchmark run
    soon after deleting many files (`make clean`, the tests) still pays some.
    """
    if path.exists():
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{len(list(trash.iterdir()))}")


def settle() -> None:
    """Flush what earlier runs wrote (and deleted) to disk before a timed run.

    A build writes some 50 MB at 1,000 articles; without this, each run would
    also pay for writing back the one before it, whichever that was.
    """
    os.sync()


# Builds run with Python's default bytecode caching. This machine's environment
# turns it off (PYTHONDONTWRITEBYTECODE=1), so every build of ours compiled the
# project's own modules again (about 45 ms), while Pelican's come compiled from
# installation; `make clean` leaves __pycache__ too. The content cache and the
# output are what a cold build starts without.
BUILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path) -> float:
    settle()
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=BUILD_ENV)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"benchmark build failed: {' '.join(cmd)}")
    return seconds


# The devserver's loop in short: build once, then time one rebuild after an edit.
DEVSERVER_REBUILD = """
import sys, time
from pathlib import Path
from olea.build import build

edited = Path(sys.argv[1])
assert build("pelicanconf.py", "output", overrides={"OLEA_SEARCH_WAIT": False}).ok
from olea import search
search.wait_for_index()  # an author's edit comes after it, not 0 s later
edited.write_text(edited.read_text() + "\\nOne more sentence for the warm rebuild.\\n")
start = time.perf_counter()
outcome = build("pelicanconf.py", "output", overrides={"OLEA_SEARCH_WAIT": False})
print(time.perf_counter() - start)
assert outcome.ok
"""


def timed_rebuild(project: Path, edited: Path) -> float:
    settle()  # the script's own first build, untimed, still writes before its timed one
    cmd = [sys.executable, "-c", DEVSERVER_REBUILD, str(edited)]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=BUILD_ENV)
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit("benchmark devserver rebuild failed")
    return float(result.stdout.strip().splitlines()[-1])


def run(n: int, repeat: int, keep: Path | None) -> tuple[dict[str, list[float]], Path]:
    base = Path(tempfile.mkdtemp(prefix=f"olea-bench-{n}-", dir=keep))
    trash = base / "set-aside"
    project = make_corpus(base / "project", n)
    ours = [sys.executable, "-m", "olea.build", "--output", "output"]
    # Plain Pelican runs in a folder of its own with an empty settings file: run
    # from the project it would pick up pelicanconf.py (and warm our cache).
    plain_dir = base / "plain"
    shutil.copytree(project / "content", plain_dir / "content")
    (plain_dir / "defaults.py").write_text("# Pelican's defaults, nothing else\n")
    plain = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-s",
        "defaults.py",
        "-o",
        str(base / "plain-out"),
        "-q",
    ]
    # The same-features peer: Pelican's own build with what this site's articles
    # go through before any check or theme (typogrify, the Markdown extensions).
    peer_dir = base / "peer"
    shutil.copytree(project / "content", peer_dir / "content")
    markdown = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    (peer_dir / "peer.py").write_text(
        f"TYPOGRIFY = True\nMARKDOWN = {markdown!r}\n"
        "TYPOGRIFY_IGNORE_TAGS = ['pre', 'code', 'kbd', 'script', 'style', 'title', 'svg']\n"
    )
    peer = [*plain[:4], "-s", "peer.py", "-o", str(base / "peer-out"), "-q"]
    (project / "nogates.py").write_text(
        "import os, runpy\n"
        "here = os.path.dirname(os.path.abspath(__file__))\n"
        "globals().update(runpy.run_path(os.path.join(here, 'pelicanconf.py')))\n"
        "OLEA_GATES = False\n"
    )
    nogate = [*ours[:3], "--settings", "nogates.py", *ours[3:]]
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    edited = project / "content/articles/synthetic-0000/index.md"

    def as_a_fresh_clone():
        for name in ("cache", "output"):  # cold: no content cache, no earlier output
            set_aside(project / name, trash)

    def run_plain():
        set_aside(base / "plain-out", trash)
        times["plain"].append(timed(plain, plain_dir))

    def run_peer():
        set_aside(base / "peer-out", trash)
        set_aside(peer_dir / "cache", trash)
        times["peer"].append(timed(peer, peer_dir))

    def run_nogate():
        as_a_fresh_clone()
        times["nogate"].append(timed(nogate, project))

    def run_ours():
        as_a_fresh_clone()
        times["cold"].append(timed(ours, project))

    def run_rebuilds():
        as_a_fresh_clone()
        timed(ours, project)  # a cold build to rebuild from (its time is not kept)
        edited.write_text(edited.read_text() + "\nOne more sentence for the warm rebuild.\n")
        times["rebuild"].append(timed(ours, project))
        times["warm"].append(timed_rebuild(project, edited))

    for i in range(repeat):
        # Every other run in the opposite order, so that a machine slowing down
        # or speeding up during a run favours neither side of a ratio.
        for step in (run_plain, run_peer, run_nogate, run_ours)[:: 1 if i % 2 == 0 else -1]:
            step()
    # The rebuilds after every cold build: each replaces the search index,
    # deleting the old one, which would slow the cold builds after it (see set_aside).
    for _ in range(repeat):
        run_rebuilds()
    return times, base


KINDS = ("plain", "peer", "cold", "warm", "rebuild", "nogate")
RATIOS = (("cold", "plain"), ("cold", "peer"), ("warm", "cold"), ("cold", "nogate"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Time builds; print ratios.")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per size")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpora under DIR")
    args = parser.parse_args(argv)
    kinds = " ".join(f"{k + ' s':>9}" for k in KINDS)
    names = " ".join(f"{x}/{y}".rjust(11) for x, y in RATIOS)
    print(f"{'articles':>8} {kinds} {names}")
    used = []
    for n in (int(s) for s in args.sizes.split(",")):
        times, base = run(n, args.repeat, args.keep)
        used.append(base)
        best = {k: min(v) for k, v in times.items()}
        # Each run's own ratio, then the median: a ratio of two builds timed a
        # few seconds apart is steadier than one of two minima from different runs.
        each_run = {
            (x, y): [a / b for a, b in zip(times[x], times[y], strict=True)] for x, y in RATIOS
        }
        ratios = [statistics.median(r) for r in each_run.values()]
        cells = " ".join(f"{best[k]:>9.2f}" for k in KINDS)
        print(f"{n:>8} {cells} " + " ".join(f"{r:>11.2f}" for r in ratios), flush=True)
        each = "; ".join(
            f"{x}/{y} " + " ".join(f"{r:.2f}" for r in rs) for (x, y), rs in each_run.items()
        )
        print(f"{'':>8} each run: {each}", flush=True)
    print("targets: cold/peer <= 1.00, warm/cold <= 0.25, cold/nogate <= 1.20 (cold/plain: shown)")
    for base in used if args.keep is None else []:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
