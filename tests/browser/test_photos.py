"""An article with three 4000 x 3000 photos, in Chromium: every photo shows, every
image comes from the site itself, and a phone takes a small copy."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import ROOT, serve_folder, write_photo

from olea.build import build

FIXTURE = ROOT / "tests/fixtures/photos"
PAGE = "/photo-article/"
# As a phone saves them (a 4000 x 3000 PNG photo is some 18 MB, over the limit).
ORIGINALS = ("stretch.jpg", "desk.jpg", "walk.webp")


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("photo-site")
    content = Path(shutil.copytree(FIXTURE, tmp / "content"))
    index = content / "articles/photo-article/index.md"
    index.write_text(index.read_text().replace("(desk.png)", "(desk.jpg)"))
    for seed, name in enumerate(ORIGINALS, 1):
        write_photo(
            content / "articles/photo-article" / name,
            (4000, 3000),
            phone=True,
            like_a_photo=True,
            seed=seed,
        )
    outcome = build(
        str(ROOT / "pelicanconf.py"),
        tmp / "output",
        overrides={"PATH": str(content), "CACHE_PATH": str(tmp / "cache")},
    )
    assert outcome.ok, outcome.problems
    with serve_folder(tmp / "output") as url:
        yield url


def _images(page) -> list[dict]:
    return page.eval_on_selector_all(
        "main img",
        "imgs => imgs.map(i => ({complete: i.complete, naturalWidth: i.naturalWidth, "
        "currentSrc: i.currentSrc, loading: i.loading}))",
    )


def _show_all(page) -> list[dict]:
    """Scroll through the page as a reader would, until every photo has arrived."""
    images = page.locator("main img")
    for n in range(images.count()):
        images.nth(n).scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    return _images(page)


def test_the_three_photos_show_and_every_image_is_the_sites_own(new_context, photo_site):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(photo_site + PAGE, wait_until="load")
    images = _show_all(page)
    assert len(images) == 3
    assert all(i["naturalWidth"] > 0 for i in images), images
    origin = urlsplit(photo_site).netloc
    assert all(urlsplit(u).netloc == origin for u in requests if not u.startswith("data:"))
    pictures = [u for u in requests if "/photos/" in u]
    assert len(pictures) == 3, pictures
    assert not any(name in u for u in requests for name in ORIGINALS), requests
    # A desktop's column (at most 744 px) at 1x: the 800 px AVIF of each photo.
    assert all(i["currentSrc"].endswith("-800.avif") for i in images), images
    assert [i["loading"] for i in images] == ["auto", "lazy", "lazy"]  # auto: at once


@pytest.mark.parametrize(("scale", "width"), [(1, 480), (2, 800), (3, 1200)])
def test_a_phone_takes_a_copy_for_its_screen(new_context, photo_site, scale, width):
    """A 375 px phone shows the photo 335 px wide: at 1x the 480 px copy is enough."""
    context = new_context(
        viewport={"width": 375, "height": 667},
        device_scale_factor=scale,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(photo_site + PAGE, wait_until="load")
    images = _show_all(page)
    assert all(i["currentSrc"].endswith(f"-{width}.avif") for i in images), images
