"""Navigation between articles: neighbours in a topic, and related articles that stay put."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

from helpers import copy_project, run_build


def _cards(html: str) -> list[str]:
    return re.findall(r'class="olea-article-card__link" href="/([^"/]+)/"', html)


def _topic_order(site: Path, topic_url: str) -> list[str]:
    """A topic page's articles in its own order, page after page."""
    slugs, number = [], 1
    page = site / topic_url / "index.html"
    while page.exists():
        main = page.read_text(encoding="utf-8").split('id="main-content"', 1)[1]
        slugs += _cards(main)
        number += 1
        page = site / topic_url / "page" / str(number) / "index.html"
    return slugs


def test_newer_and_older_lead_along_the_topic_page(built_site, article_slugs):
    for slug in article_slugs:
        html = (built_site / slug / "index.html").read_text(encoding="utf-8")
        topic = re.search(r'class="olea-article__topic"><a href="/([^"]+)/"', html).group(1)
        order = _topic_order(built_site, topic)
        i = order.index(slug)
        nav = re.search(r'<nav class="olea-pager olea-pager--articles".*?</nav>', html, re.S)
        if len(order) == 1:
            assert nav is None, slug
            continue
        links = re.findall(
            r'<a class="olea-pager__link[^"]*" href="/([^"/]+)/">(.*?)</a>', nav.group(0)
        )
        expected = []
        if i > 0:
            expected.append((order[i - 1], "Newer in"))
        if i + 1 < len(order):
            expected.append((order[i + 1], "Older in"))
        assert [(s, t.split("</span>")[0].split(">")[-1][:8]) for s, t in links] == expected, slug


def _related(site: Path, slug: str) -> list[str]:
    html = (site / slug / "index.html").read_text(encoding="utf-8")
    part = html.split('id="olea-related"', 1)
    return _cards(part[1]) if len(part) == 2 else []


def test_related_articles_are_the_same_on_every_build(built_site, article_slugs, tmp_path):
    # A second real build, its content files given other modification times and
    # written in another order, which must change nothing.
    project = copy_project(tmp_path / "project")
    files = sorted((project / "content").rglob("*.md"))
    random.Random(7).shuffle(files)
    for n, path in enumerate(files):
        os.utime(path, (1_600_000_000 + n * 3_600, 1_600_000_000 + n * 3_600))
    result = run_build(project, output="again")
    assert result.returncode == 0, result.stdout + result.stderr
    again = project / "again"
    assert any(_related(built_site, s) for s in article_slugs), "no article shows related ones"
    for slug in article_slugs:
        assert _related(again, slug) == _related(built_site, slug), slug
