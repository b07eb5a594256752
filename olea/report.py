"""Print each article's word count, reading grade and reference count, its
paragraphs above grade 10, and what the clinic has still to confirm.

Why a script of its own: authors and reviewers need the same figures the
quality gates use, without running a build. Usage:
    python -m olea.report [content/articles/SLUG/index.md ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown
from pelican.settings import read_settings

from olea import clinic
from olea.readability import grade, prose_text, word_count
from olea.site import ROOT

ARTICLES = ROOT / "content" / "articles"


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


# A paragraph harder than this is listed, for an editor to look at (the build's
# limit is on the whole article, and on every sentence's length).
PARAGRAPH_GRADE = 10.0
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def hard_paragraphs(path: Path) -> list[tuple[int, float, str]]:
    """(line, grade, opening words) of each paragraph above PARAGRAPH_GRADE."""
    from olea.quality import sentence_line

    _meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    found = []
    for inner in _PARAGRAPH.findall(markdown.markdown(body, extensions=["extra"])):
        text = prose_text(f"<p>{inner}</p>")
        level = grade(text)
        if level > PARAGRAPH_GRADE and len(text.split()) >= 8:
            found.append((sentence_line(str(path), text), level, " ".join(text.split()[:8])))
    return found


def missing_licenses(clinic: dict) -> list[str]:
    """The license numbers CLINIC still lacks, each as the setting to fill in."""
    missing = []
    if not clinic.get("establishment_license"):
        missing.append("establishment_license: the clinic's establishment license number")
    if not clinic.get("therapists"):
        missing.append('therapists: each therapist as ("Full name", "license number")')
    return missing


def measure(path: Path) -> dict:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    text = body_text(body)
    return {
        "path": path,
        "words": word_count(text),
        "grade": grade(text),
        "references": len(meta.get("reference", [])),
    }


def translations(content: Path = ROOT / "content") -> list[dict]:
    """Every translation with its reading ease and whether its source changed since."""
    from olea import languages
    from olea.readability import fernandez_huerta

    found = []
    for path in sorted([*content.glob("articles/*/index.*.md"), *content.glob("pages/*.*.md")]):
        source = languages.source_of(path)
        if source is None:
            continue
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        recorded = (meta.get(languages.SOURCE_REVISION) or [""])[0].strip()
        current = languages.revision(source) if source.is_file() else ""
        found.append(
            {
                "path": path,
                "lang": path.name.split(".")[-2],
                "ease": fernandez_huerta(body_text(body)),
                "behind": bool(current) and recorded != current,
                "source": source,
            }
        )
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(ARTICLES.glob("*/index.md"))
    print(f"{'article':<58} {'words':>6} {'grade':>6} {'refs':>5}")
    for p in paths:
        r = measure(p)
        name = p.parent.name if p.name == "index.md" else p.stem
        print(f"{name:<58} {r['words']:>6} {r['grade']:>6.1f} {r['references']:>5}")
    hard = [(p, found) for p in paths for found in hard_paragraphs(p)]
    if hard:
        print(f"\nParagraphs above grade {PARAGRAPH_GRADE:g} (shorter sentences, plainer words):")
        for p, (line, level, opening) in hard:
            print(f'  {p.relative_to(ROOT)}:{line} (grade {level:.1f}): "{opening}…"')
    translated = translations()
    if translated and not argv:
        print(f"\n{'translation':<58} {'lang':>6} {'ease':>6} {'state':>8}")
        for t in translated:
            p = t["path"]
            name = p.parent.name if p.name.startswith("index.") else p.name.split(".")[0]
            state = "BEHIND" if t["behind"] else "current"
            print(f"{name:<58} {t['lang']:>6} {t['ease']:>6.1f} {state:>8}")
        behind = [t for t in translated if t["behind"]]
        if behind:
            print(
                f"\n{len(behind)} translation(s) behind their English source (each page says so "
                "and links to the English; update it, then set its Source_revision):"
            )
            for t in behind:
                print(f"  {t['path'].relative_to(ROOT)} (source {t['source'].relative_to(ROOT)})")
    missing = missing_licenses(read_settings(str(ROOT / "pelicanconf.py"))["CLINIC"])
    if missing:
        print(
            "\nLicense numbers not set (CLINIC in pelicanconf.py; North Carolina's advertising "
            "rule, 21 NCAC 30 .0404, governs what the website must show):"
        )
        for what in missing:
            print(f"  {what}")
    waiting = clinic.pending(clinic.load(str(ROOT / "content/data/clinic.json")))
    if waiting:
        print(
            f"\n{len(waiting)} clinic statements await the clinic's confirmation "
            "(content/data/clinic.json; each shows once its 'confirmed' is true):"
        )
        for statement in waiting:
            print(f"  {statement.key:<34} {statement.where}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
