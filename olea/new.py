"""`make new TITLE="..."`: start an article from the template; `make translate`: a translation.

`make new` creates content/articles/SLUG/index.md with today's date as Date and
Last_reviewed, every required key with a hint, and the skeleton of headings
and references. It never overwrites: an existing folder is an error.

`make translate SLUG=... LANG=es` starts the translation of an existing article
(or page) beside it, index.es.md (NAME.es.md): the source's front matter as it
is, with `Lang:` and the source's revision (`Source_revision:`, olea.languages)
under the title, then the source's text to translate in place, below a REPLACE
marker that fails the build until it is removed. Again, nothing is overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pelican.utils import slugify

from olea import site
from olea.frontmatter import TEMPLATE_MARKER

ROOT = site.ROOT

TEMPLATE = """\
Title: {title}
Date: {today}
Summary: {marker}: one or two plain sentences, at most 160 characters.
Category: {marker} with one of: {topics}
Tags: {marker}, with, a few, lower-case tags
Regions: {marker} with any of: {regions}
Last_reviewed: {today}
Reference: source1 | {marker} Authors | Title | Journal or publisher | Year | https link or DOI
Reference: source2 | {marker} Authors | Title | Journal or publisher | Year | https link or DOI

{marker}: two or three short sentences that say what this article covers and who it is for.

## What it is

{marker}: the plain term first, then the medical one in brackets [@source2].

## What may help

{marker}: say how strong the evidence is, and cite the source by its key [@source1].

## When to see a doctor

{marker}: point to the warning signs; the site adds the urgent-help box itself.

## Key points

- {marker}
"""


def create(
    title: str, root: Path = ROOT, today: dt.date | None = None, model: site.Model | None = None
) -> Path:
    title = " ".join(title.split())
    if not title:
        raise ValueError('give the article a title: make new TITLE="Heat or ice for back pain"')
    slug = slugify(
        title,
        regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")],
    )
    if not slug:
        raise ValueError(f"the title {title!r} has no letters to make a web address from")
    folder = root / "content" / "articles" / slug
    if folder.exists():
        raise FileExistsError(
            f"{folder.relative_to(root)}/ already exists: nothing was changed. "
            "Pick another title, or edit that article."
        )
    folder.mkdir(parents=True)
    path = folder / "index.md"
    model = model or site.load(root / "pelicanconf.py")
    path.write_text(
        TEMPLATE.format(
            title=title,
            today=(today or dt.date.today()).isoformat(),
            marker=TEMPLATE_MARKER,
            topics=", ".join(model.topic_names),
            regions=", ".join(model.region_slugs),
        ),
        encoding="utf-8",
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("title", nargs="+")
    args = parser.parse_args(argv)
    try:
        path = create(" ".join(args.title))
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Created {path.relative_to(ROOT)}: replace every {TEMPLATE_MARKER}, then run make check."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())


def translate(slug: str, lang: str, root: Path = ROOT) -> Path:
    """Start the `lang` translation of the article or page `slug`."""
    from pelican.settings import read_settings

    from olea import languages

    settings = read_settings(str(root / "pelicanconf.py"))
    codes = [language.code for language in languages.languages(settings)[1:]]
    if lang not in codes:
        raise ValueError(
            f"'{lang}' is not one of the site's other languages ({', '.join(codes) or 'none'}); "
            "add it to OLEA_LANGUAGES in pelicanconf.py first"
        )
    content = root / "content"
    candidates = [content / "articles" / slug / "index.md", content / "pages" / f"{slug}.md"]
    source = next((c for c in candidates if c.is_file()), None)
    if source is None:
        raise FileNotFoundError(
            f"there is no article or page '{slug}' (content/articles/{slug}/index.md or "
            f"content/pages/{slug}.md): use the folder or file name of an existing one"
        )
    target = source.with_name(f"{source.stem}.{lang}.md")
    if target.exists():
        raise FileExistsError(
            f"{target.relative_to(root)} already exists: nothing was changed. Edit it, and "
            f"set its Source_revision to {languages.revision(source)} once it matches the source."
        )
    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    title_at = next((i for i, line in enumerate(lines) if line.lower().startswith("title:")), 0)
    lines[title_at + 1 : title_at + 1] = [
        f"Lang: {lang}",
        f"Source_revision: {languages.revision(source)}",
    ]
    note = (
        f"{TEMPLATE_MARKER}: translate the title, the summary and everything below into "
        f"'{lang}', keep every [@key], {{warning-signs}} and {{clinic:...}} as they are, point "
        f"links to the translations (index.{lang}.md), then delete this paragraph."
    )
    target.write_text("\n".join(lines) + "\n\n" + note + "\n\n" + body, encoding="utf-8")
    return target


def translate_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start a translation of an article or page.")
    parser.add_argument("slug")
    parser.add_argument("lang")
    args = parser.parse_args(argv)
    try:
        path = translate(args.slug, args.lang)
    except (ValueError, FileExistsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Created {path.relative_to(ROOT)}: translate it in place (every {TEMPLATE_MARKER} "
        "goes), then run make check."
    )
    return 0
