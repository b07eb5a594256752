"""Print each article's word count, reading grade and reference count.

Why a script of its own: authors and reviewers need the same figures the
quality gates use, without running a build. Usage:
    python scripts/content_report.py [content/articles/SLUG/index.md ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "content" / "articles"
sys.path.insert(0, str(ROOT / "plugins"))
from olea_quality.readability import grade, prose_text, word_count  # noqa: E402


def split_front_matter(text: str) -> tuple[dict[str, list[str]], str]:
    """Return (front matter as key -> values, body) for a Markdown-meta file."""
    meta: dict[str, list[str]] = {}
    lines = text.splitlines()
    i = 0
    key = None
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            break
        m = re.match(r"^([A-Za-z0-9_-]+):\s*(.*)$", line)
        if m:
            key = m.group(1).lower()
            meta.setdefault(key, []).append(m.group(2).strip())
        elif key and line.startswith((" ", "\t")):
            meta[key].append(line.strip())
        else:
            break
        i += 1
    return meta, "\n".join(lines[i:])


def body_text(body_md: str) -> str:
    """Plain text of a Markdown body, as a reader would read it."""
    return prose_text(markdown.markdown(body_md, extensions=["extra"]))


def measure(path: Path) -> dict:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    text = body_text(body)
    return {
        "path": path,
        "words": word_count(text),
        "grade": grade(text),
        "references": len(meta.get("reference", [])),
    }


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(ARTICLES.glob("*/index.md"))
    print(f"{'article':<58} {'words':>6} {'grade':>6} {'refs':>5}")
    for p in paths:
        r = measure(p)
        name = p.parent.name if p.name == "index.md" else p.stem
        print(f"{name:<58} {r['words']:>6} {r['grade']:>6.1f} {r['references']:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
