"""Real Pelican runs on a tiny fixture: photos become resized copies without their
metadata, in a <picture>; bad ones stop the build, named at their line."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import pytest
from helpers import PHONE_COMMENT, ROOT, write_photo
from PIL import Image

from olea import hosting, photos
from olea.build import build

FIXTURE = ROOT / "tests/fixtures/photos"
ARTICLE = "articles/photo-article/index.md"
WIDTHS = (480, 800, 1200, 1600)
# Big enough for every check (900 px wide once the phone photo stands up), quick to copy.
SMALL = (1200, 900)
FIGURE = re.compile(r'<figure class="olea-figure">.*?</figure>', re.S)
TAG = re.compile(r"<(source|img)\b([^>]*)>")
ATTR = re.compile(r'([a-z-]+)="([^"]*)"')


def _content(tmp_path: Path, size=(2400, 1800)) -> Path:
    """The fixture with its three photos drawn: a phone's JPEG turned a quarter
    (EXIF orientation 6, with GPS), a PNG and a WebP."""
    content = Path(shutil.copytree(FIXTURE, tmp_path / "content"))
    folder = content / "articles/photo-article"
    write_photo(folder / "stretch.jpg", size, phone=True, orientation=6, seed=1)
    write_photo(folder / "desk.png", size, phone=True, seed=2)
    write_photo(folder / "walk.webp", size, phone=True, seed=3)
    return content


def _build(tmp_path: Path, content: Path, output: str = "output", **overrides):
    said = io.StringIO()
    outcome = build(
        str(ROOT / "pelicanconf.py"),
        tmp_path / output,
        overrides={"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"), **overrides},
        stream=said,
    )
    return outcome, said.getvalue()


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _tags(figure: str) -> list[tuple[str, dict[str, str]]]:
    return [(name, dict(ATTR.findall(attrs))) for name, attrs in TAG.findall(figure)]


def _urls(srcset: str) -> list[tuple[str, int]]:
    return [(url, int(w[:-1])) for url, w in (c.strip().split(" ") for c in srcset.split(","))]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture built once: (output folder, the article's page, the content)."""
    tmp = tmp_path_factory.mktemp("photos")
    content = _content(tmp)
    (content / "articles/photo-article/handout.pdf").write_bytes(b"%PDF-1.4 a handout")
    outcome, said = _build(tmp, content)
    assert outcome.ok, said
    out = tmp / "output"
    return out, (out / "photo-article/index.html").read_text(), content


def test_each_photo_is_a_picture_of_copies_at_each_width_and_format(site):
    out, page, _ = site
    figures = FIGURE.findall(page)
    assert len(figures) == 3
    for figure in figures:
        (source_tag, source), (img_tag, img) = _tags(figure)
        assert (source_tag, img_tag) == ("source", "img")
        assert source["type"] == "image/avif"
        assert source["sizes"] == img["sizes"] == photos.DEFAULTS["OLEA_PHOTOS_SIZES"]
        for srcset, suffix in ((source["srcset"], ".avif"), (img["srcset"], ".jpg")):
            urls = _urls(srcset)
            assert [w for _, w in urls] == list(WIDTHS)
            for url, width in urls:
                assert url.startswith("/photos/") and url.endswith(f"-{width}{suffix}")
                with Image.open(out / url.lstrip("/")) as copy:  # published, and that wide
                    assert copy.width == width
                    assert copy.format == ("AVIF" if suffix == ".avif" else "JPEG")
        assert img["src"] == _urls(img["srcset"])[1][0]  # the 800 px JPEG, for old browsers
        assert img["decoding"] == "async"
        assert int(img["width"]) == 1600
        assert img["alt"] and img["class"] == "olea-figure__image"


def test_width_and_height_follow_the_orientation_so_nothing_shifts(site):
    _, page, _ = site
    sizes = [(int(a["width"]), int(a["height"])) for f in FIGURE.findall(page) for t, a in _tags(f)
             if t == "img"]  # fmt: skip
    assert sizes == [(1600, 2133), (1600, 1200), (1600, 1200)]  # the phone photo stands up


def test_only_the_photo_in_the_introduction_loads_at_once(site):
    _, page, _ = site
    imgs = [a for f in FIGURE.findall(page) for t, a in _tags(f) if t == "img"]
    first, *others = imgs
    assert "loading" not in first and first["fetchpriority"] == "high"
    assert all(a["loading"] == "lazy" and "fetchpriority" not in a for a in others)


def test_a_first_photo_after_a_heading_loads_lazily(tmp_path):
    content = _content(tmp_path, size=SMALL)
    index = content / ARTICLE
    text = index.read_text()
    first = "![A person on a mat stretching their lower back](stretch.jpg"
    index.write_text(text.replace(first, "## First a heading\n\n" + first))
    outcome, said = _build(tmp_path, content)
    assert outcome.ok, said
    page = (tmp_path / "output/photo-article/index.html").read_text()
    assert page.count('loading="lazy"') == 3 and "fetchpriority" not in page


def test_captions_come_from_the_title(site):
    _, page, _ = site
    captions = re.findall(r'<figcaption class="olea-figure__caption">(.*?)</figcaption>', page)
    assert [html.unescape(c) for c in captions] == [
        "A gentle stretch, taken on a phone",
        "A walk at an easy pace",
    ]


def test_no_exif_gps_xmp_profile_or_comment_survives(site):
    out, _, _ = site
    copies = sorted((out / "photos").iterdir())
    assert len(copies) == 3 * 2 * len(WIDTHS)
    for path in copies:
        raw = path.read_bytes()
        with Image.open(path) as copy:
            assert not copy.getexif(), path.name
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(
                copy.info
            ), (path.name, sorted(copy.info))
        for needle in (b"Exif", b"GPS", b"xmpmeta", b"PhoneCo", PHONE_COMMENT, b"sRGB"):
            assert needle not in raw, (path.name, needle)


def test_orientation_is_applied_before_the_metadata_goes(site):
    """The phone stored its picture on its side (orientation 6: turn a quarter to the
    right to show it). The red corner stored at the top left shows at the top right."""
    out, _, _ = site
    for path in (out / "photos").glob("stretch-*"):
        with Image.open(path) as copy:
            rgb = copy.convert("RGB")
            assert copy.width < copy.height, path.name
            top_right = rgb.getpixel((copy.width - 3, 3))
            top_left = rgb.getpixel((3, 3))
            assert top_right[0] > 180 and top_right[1] < 80, (path.name, top_right)
            assert top_left[0] < 100, (path.name, top_left)


def test_no_original_is_published_and_every_other_file_is(site):
    out, _, content = site
    names = {"stretch.jpg", "desk.png", "walk.webp"}
    originals = {(content / "articles/photo-article" / n).read_bytes() for n in names}
    for path in out.rglob("*"):
        if path.is_file():
            assert path.name not in names, path
            assert path.read_bytes() not in originals, path
    # Only the originals stay out: a file beside the article and the theme's PNG icons do not.
    assert (out / "articles/photo-article/handout.pdf").is_file()
    assert (out / "theme/favicon-32.png").is_file()


def test_hosts_cache_the_copies_for_a_year(site):
    out, _, _ = site
    assert hosting.cache_control("photos/stretch-0123456789-480.avif") == hosting.IMMUTABLE_CACHE
    headers = hosting.netlify_headers(out)
    assert f"/photos/*\n  Cache-Control: {hosting.IMMUTABLE_CACHE}" in headers
    nginx = hosting.nginx_snippet(out)
    block = nginx.split("location /photos/ {", 1)[1].split("}", 1)[0]
    assert hosting.IMMUTABLE_CACHE in block and "Content-Security-Policy" in block


def test_a_photo_with_transparency_keeps_it_with_a_png_fallback(tmp_path):
    content = _content(tmp_path, size=SMALL)
    write_photo(content / "articles/photo-article/desk.png", SMALL, alpha=True, phone=True)
    outcome, said = _build(tmp_path, content)
    assert outcome.ok, said
    page = (tmp_path / "output/photo-article/index.html").read_text()
    (_, source), (_, img) = _tags(FIGURE.findall(page)[1])
    assert source["type"] == "image/avif" and ".png " in img["srcset"]
    for url, _ in _urls(source["srcset"]) + _urls(img["srcset"]):
        with Image.open(tmp_path / "output" / url.lstrip("/")) as copy:
            assert copy.mode == "RGBA" and copy.getpixel((copy.width - 1, 0))[3] == 200, url


def test_jpeg_copies_alone_are_a_picture_too(tmp_path):
    """With no modern format the <picture> holds the <img> alone: still the site's own."""
    content = _content(tmp_path, size=SMALL)
    outcome, said = _build(tmp_path, content, OLEA_PHOTOS_FORMATS=())
    assert outcome.ok, said
    page = (tmp_path / "output/photo-article/index.html").read_text()
    for figure in FIGURE.findall(page):
        assert "<picture" in figure and [t for t, _ in _tags(figure)] == ["img"]
    assert {p.suffix for p in (tmp_path / "output/photos").iterdir()} == {".jpg"}


# --- Refusals: each names index.md's line, says how to fix it, and is said once ----------

PLACEHOLDERS = ["image", "Photo", "IMG", "picture.", "stretch", "stretch.jpg", "STRETCH_JPG"]


def _refused(tmp_path, change=None, **overrides) -> tuple[str, int, list[str], Path]:
    content = _content(tmp_path, size=SMALL)
    index = content / ARTICLE
    if change:
        change(content, index)
    outcome, said = _build(tmp_path, content, **overrides)
    assert not outcome.ok, said
    assert "Traceback" not in said and not list((tmp_path / "output").rglob("*.html"))
    return said, _line_of(index, "stretch"), outcome.problems, content


def _retell(index: Path, old: str, new: str) -> None:
    index.write_text(index.read_text().replace(old, new, 1))


@pytest.mark.parametrize("alt", PLACEHOLDERS)
def test_placeholder_alt_text_is_refused(tmp_path, alt):
    said, line, problems, _ = _refused(
        tmp_path,
        lambda _, index: _retell(index, "A person on a mat stretching their lower back", alt),
    )
    expected = f"{ARTICLE}:{line}: the alt text of the photo stretch.jpg, '{alt}', does not say"
    assert expected in said and "How to fix: describe the photo" in said, said
    assert len(problems) == 1, problems  # olea.structure does not say it again


def test_empty_alt_text_is_refused_once(tmp_path):
    said, line, problems, _ = _refused(
        tmp_path,
        lambda _, index: _retell(index, "A person on a mat stretching their lower back", ""),
    )
    assert f"{ARTICLE}:{line}: the image stretch.jpg has no alt text" in said, said
    assert len(problems) == 1, problems


def test_a_name_that_differs_in_case_from_the_file_is_refused(tmp_path):
    said, line, problems, _ = _refused(
        tmp_path, lambda _, index: _retell(index, "(stretch.jpg", "(Stretch.JPG")
    )
    assert (
        f"{ARTICLE}:{line}: the photo is linked as Stretch.JPG but the file is stretch.jpg" in said
    ), said
    assert "How to fix: write the name exactly as the file has it: ![...](stretch.jpg)" in said
    assert len(problems) == 1, problems


def test_a_photo_too_small_to_be_sharp_is_refused(tmp_path):
    def small(content, _):
        write_photo(content / "articles/photo-article/stretch.jpg", (640, 480))

    said, line, problems, _ = _refused(tmp_path, small)
    assert (
        f"{ARTICLE}:{line}: the photo stretch.jpg is 640 px wide, too small to be sharp" in said
    ), said
    assert "at least 800 px (OLEA_PHOTOS_MIN_WIDTH)" in said and len(problems) == 1


def test_an_original_over_the_byte_limit_is_refused(tmp_path):
    said, line, _, content = _refused(tmp_path, OLEA_PHOTOS_MAX_BYTES=20_000)
    size = (content / "articles/photo-article/stretch.jpg").stat().st_size
    assert size > 20_000
    expected = f"{ARTICLE}:{line}: the photo stretch.jpg is {size / 1e6:.1f} MB, over the limit"
    assert expected in said and "OLEA_PHOTOS_MAX_BYTES" in said, said


def test_an_original_over_the_side_limit_is_refused(tmp_path):
    said, line, problems, _ = _refused(tmp_path, OLEA_PHOTOS_MAX_SIDE=1100)
    expected = f"{ARTICLE}:{line}: the photo stretch.jpg is 900 x 1200 px, over the limit of 1100"
    assert expected in said and "How to fix: export it" in said, said
    assert len(problems) == 3, problems  # each of the three photos, once


def test_a_file_that_is_not_a_photo_is_refused(tmp_path):
    def garbage(content, _):
        (content / "articles/photo-article/stretch.jpg").write_bytes(b"\xff\xd8 not a JPEG")

    said, line, problems, _ = _refused(tmp_path, garbage)
    assert f"{ARTICLE}:{line}: the photo stretch.jpg cannot be read" in said, said
    assert len(problems) == 1, problems


def test_a_damaged_photo_stops_the_build_before_a_page_is_written(tmp_path):
    """Its header reads (size, orientation) but its pixels do not."""

    def truncated(content, _):
        path = content / "articles/photo-article/stretch.jpg"
        path.write_bytes(path.read_bytes()[:3000])

    said, line, problems, _ = _refused(tmp_path, truncated)
    assert f"{ARTICLE}:{line}: the photo stretch.jpg cannot be made into copies" in said, said
    assert len(problems) == 1, problems


def test_a_missing_photo_is_reported_once(tmp_path):
    said, line, problems, _ = _refused(
        tmp_path, lambda _, index: _retell(index, "(stretch.jpg", "(stretched.jpg")
    )
    assert f"{ARTICLE}:{line}: the image stretched.jpg does not exist" in said, said
    assert len(problems) == 1, problems


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("See ![A person on a mat stretching their lower back](stretch.jpg) here.", "paragraph"),
        ("![A person on a mat stretching their lower back]({attach}stretch.jpg)", "{attach}"),
        ("![A person on a mat stretching their lower back](stretch.gif)", "not a JPEG"),
    ],
)
def test_photos_the_site_cannot_place_are_refused(tmp_path, written, expected):
    def put(content, index):
        write_photo(content / "articles/photo-article/stretch.gif", SMALL)
        _retell(
            index,
            '![A person on a mat stretching their lower back](stretch.jpg "A gentle stretch, '
            'taken on a phone")',
            written,
        )

    said, line, problems, _ = _refused(tmp_path, put)
    assert any(f"{ARTICLE}:{line}: " in p and expected in p for p in problems), said
    assert len(problems) == 1, problems


def test_every_build_reports_the_same_problems_warm_cache_or_not(tmp_path):
    content = _content(tmp_path, size=SMALL)
    index = content / ARTICLE
    _retell(index, "A person on a mat stretching their lower back", "photo")
    _retell(index, "(desk.png", "(Desk.png")
    write_photo(content / "articles/photo-article/walk.webp", (600, 450))
    runs = []
    for _ in range(3):
        outcome, _ = _build(tmp_path, content)
        assert not outcome.ok
        runs.append(sorted(outcome.problems))
    assert len(runs[0]) == 3 and runs[0] == runs[1] == runs[2], runs
    assert any((tmp_path / "cache").iterdir()), "the later builds had a warm cache"


# --- The cache --------------------------------------------------------------------------


def _photo_cache(tmp_path):
    """The copies' cache: inside the build's cache folder for its way of reading."""
    return next(tmp_path.glob("cache/*/*/olea-photos"))


def test_a_warm_build_reuses_the_copies_and_a_changed_photo_gets_new_ones(tmp_path):
    content = _content(tmp_path, size=SMALL)
    first, said = _build(tmp_path, content)
    assert first.ok, said
    out = tmp_path / "output/photos"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    cached = sorted(p.name for p in _photo_cache(tmp_path).iterdir())

    again, said = _build(tmp_path, content)
    assert again.ok, said
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in _photo_cache(tmp_path).iterdir()) == cached

    # The same name, other pixels: a new key, new copies, and the old ones pruned.
    write_photo(content / "articles/photo-article/desk.png", SMALL, seed=7)
    changed, said = _build(tmp_path, content)
    assert changed.ok, said
    after = {p.name for p in out.iterdir()}
    old_desk = {n for n in before if n.startswith("desk-")}
    new_desk = {n for n in after if n.startswith("desk-")}
    assert new_desk and not new_desk & old_desk, (old_desk, new_desk)
    assert after - new_desk == set(before) - old_desk
    page = (tmp_path / "output/photo-article/index.html").read_text()
    assert all(n in page for n in new_desk) and not any(n in page for n in old_desk)


def test_a_setting_that_shapes_the_copies_makes_them_again(tmp_path):
    content = _content(tmp_path, size=SMALL)
    first, _ = _build(tmp_path, content)
    names = {p.name for p in (tmp_path / "output/photos").iterdir()}
    quality = {**photos.DEFAULTS["OLEA_PHOTOS_QUALITY"], "jpeg": 60}
    second, said = _build(tmp_path, content, OLEA_PHOTOS_QUALITY=quality)
    assert first.ok and second.ok, said
    assert not names & {p.name for p in (tmp_path / "output/photos").iterdir()}


def test_an_interrupted_cache_entry_is_never_used(tmp_path):
    """A half-made set lives under a temporary name: the build makes the set again."""
    content = _content(tmp_path, size=SMALL)
    assert _build(tmp_path, content)[0].ok
    entry = next(p for p in _photo_cache(tmp_path).iterdir() if p.name != "probes")
    half = entry.with_name(entry.name + ".tmp-1-1")
    entry.rename(half)
    (half / next(iter(p.name for p in half.iterdir()))).write_bytes(b"half")
    shutil.rmtree(tmp_path / "output")
    again, said = _build(tmp_path, content)
    assert again.ok, said
    for path in (tmp_path / "output/photos").iterdir():
        with Image.open(path) as copy:
            copy.load()


def test_a_cache_entry_missing_a_copy_is_made_again(tmp_path):
    content = _content(tmp_path, size=SMALL)
    assert _build(tmp_path, content)[0].ok
    entry = next(p for p in _photo_cache(tmp_path).iterdir() if p.name != "probes")
    gone = next(entry.iterdir())
    gone.unlink()
    shutil.rmtree(tmp_path / "output")
    again, said = _build(tmp_path, content)
    assert again.ok, said
    assert (entry / gone.name).is_file() and (tmp_path / "output/photos" / gone.name).is_file()


def test_a_draft_that_is_not_written_publishes_no_photo(tmp_path):
    content = _content(tmp_path, size=SMALL)
    _retell(content / ARTICLE, "Date: 2026-01-05", "Date: 2026-01-05\nStatus: draft")
    outcome, said = _build(tmp_path, content, DRAFT_SAVE_AS="")
    assert outcome.ok, said
    assert not (tmp_path / "output/photos").exists()


def test_the_placeholder_rule():
    words = photos.DEFAULTS["OLEA_PHOTOS_PLACEHOLDER_ALT"]
    for alt in ["", "Image", "IMG_0042", "img 0042 JPG", "img-0042.jpg", "Photo!", "alt text"]:
        assert photos.placeholder(alt, "IMG_0042.JPG", words), alt
    for alt in ["A photo of a heat wrap on the lower back", "Desk", "IMG_0043"]:
        assert not photos.placeholder(alt, "IMG_0042.JPG", words), alt


def test_widths_never_enlarge_a_photo():
    assert photos.widths_for(4000, WIDTHS) == [480, 800, 1200, 1600]
    assert photos.widths_for(1000, WIDTHS) == [480, 800, 1000]
    assert photos.widths_for(800, WIDTHS) == [480, 800]


def test_pelicanconf_states_every_default():
    """The settings an administrator reads in pelicanconf.py are the ones the module uses."""
    from helpers import site_settings

    settings = site_settings()
    assert {k: settings[k] for k in photos.DEFAULTS} == photos.DEFAULTS


def test_a_translation_shows_the_same_copies_from_the_whole_sites_folder(tmp_path):
    """The Spanish page of an article shows its photos from /photos/, as the English
    one does: one set of copies for every language, none under /es/."""
    from olea.languages import revision

    content = _content(tmp_path, SMALL)
    source = content / ARTICLE
    source.write_text(source.read_text().replace("Tags: t1, massage", "Tags: massage"))
    text = source.read_text()
    head, _, body = text.partition("\n\n")
    title, _, rest = head.partition("\n")
    translation = source.with_name("index.es.md")
    translation.write_text(
        f"{title}\nLang: es\nSource_revision: {revision(source)}\n{rest}\n\n{body}"
    )
    outcome, said = _build(tmp_path, content, OLEA_SEARCH=False)
    assert outcome.ok, said
    out = tmp_path / "output"
    english = FIGURE.findall((out / "photo-article/index.html").read_text())
    spanish = FIGURE.findall((out / "es/photo-article/index.html").read_text())
    assert spanish and spanish == english
    for _name, attrs in _tags(spanish[0]):
        for url, _width in _urls(attrs.get("srcset") or attrs["src"] + " 1w"):
            assert url.startswith("/photos/"), url
            assert (out / url.lstrip("/")).is_file(), url
    assert not (out / "es/photos").exists()
