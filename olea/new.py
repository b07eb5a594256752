"""`make new TITLE="..."`: start an article from the template.

Creates content/articles/SLUG/index.md with today's date as Date and
Last_reviewed, every required key with a hint, and the skeleton of headings
and references. It never overwrites: an existing folder is an error.
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
