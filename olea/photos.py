"""Photos beside an article, published as resized copies without their metadata.

An author drops a JPEG, PNG or WebP beside index.md and writes
`![what it shows](photo.jpg "Caption")` on a line of its own. The build then

- checks it, on every build (content_object_init, cache or not), and refuses,
  naming index.md's line and saying how to fix it: alt text that is empty or
  a placeholder ("image", "photo", the file's name); a link whose letters
  differ in case from the file's real name (it opens on a laptop's disk and
  is missing on the server's); a file that is missing, not a JPEG, PNG or
  WebP, narrower than OLEA_PHOTOS_MIN_WIDTH ("too small to be sharp") or over
  OLEA_PHOTOS_MAX_BYTES or OLEA_PHOTOS_MAX_SIDE; a photo inside a sentence
  (a figure cannot sit in a paragraph); a photo linked with {static} or
  {attach}, which would publish the original;
- replaces the <img> with the theme's figure component as a <picture>: one
  <source> per modern format (OLEA_PHOTOS_FORMATS) and a JPEG fallback (PNG
  when the photo has transparency), each a srcset of the widths in
  OLEA_PHOTOS_WIDTHS that the photo can fill, with `sizes`, width and height
  (no layout shift) and decoding="async". The first photo of the body loads
  at once when it comes before the first `##` heading: it sits in the
  introduction, right under the title, on the first screen of most windows
  (on Lighthouse's phone, 412 x 823 px, the fixture's starts 672 px down), and
  is then the page's largest paint, which lazy loading would delay. Every
  other photo is further down (after that one, or after a heading), mostly
  below a phone's first screen, and loads lazily;
- makes the copies (ImageOps.exif_transpose first, so phone photos are not
  sideways; other colour profiles converted to sRGB; then saved with no EXIF,
  GPS, XMP, ICC profile or comment), in background threads while the rest of
  the content is read. all_generators_finalized waits for them, so a photo
  that cannot be decoded stops the build before any page is written;
- at the end (finalized) copies the copies of every page that was written
  into OUTPUT_PATH/photos/, the whole site's (a translation shows the same
  photos as its source, so every language shares them). Nothing is published for a draft that
  the settings do not write.

The originals are never published: `keep_originals_out` takes every JPEG,
PNG and WebP beside an article or page out of the files Pelican copies
(olea.compat.drop_static_files), and the <img> that olea.structure would have
{attach}ed is gone before it runs.

The copies are cached in CACHE_PATH/olea-photos/KEY/, KEY being a hash of the
original's bytes (never its name or time), the settings that shape the copies,
this module's COPIES_VERSION and Pillow's version. A folder is made under a
temporary name and renamed when complete, so an interrupted build never
leaves half a set; a changed photo or setting has a new key, so a stale copy
is never used. The copies' names carry the key, so they never change content
and hosts may cache them for a year (olea.hosting).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import json
import os
import posixpath
import re
import shutil
import threading
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.contents import Article, Page

from olea.compat import body, drop_static_files, set_body
from olea.languages import root_output, root_url
from olea.problems import lines_of, report, text_line
from olea.templates import theme_macro

DEFAULTS = {
    # Widths of the copies, in pixels. 480 fits a phone at 1x, 800 a phone at 2x
    # (and the fallback <img src>), 1200 and 1600 the text column on a large or
    # sharp screen. A photo narrower than the largest also gets a copy at its own width.
    "OLEA_PHOTOS_WIDTHS": (480, 800, 1200, 1600),
    # Modern formats offered before the fallback, best first ("avif", "webp").
    "OLEA_PHOTOS_FORMATS": ("avif",),
    # Quality per format. These three give about the same fidelity (PSNR) on a
    # photo; AVIF at 50 is less than half the bytes of JPEG at 80 (bench/photos.py).
    "OLEA_PHOTOS_QUALITY": {"avif": 50, "webp": 75, "jpeg": 80},
    # libavif's speed (0 slowest to 10): 8 encodes about six times faster than
    # Pillow's default 6 for some 10 % more bytes.
    "OLEA_PHOTOS_AVIF_SPEED": 8,
    # "Too small to be sharp": the text column is about 650 px wide.
    "OLEA_PHOTOS_MIN_WIDTH": 800,
    # The largest original accepted: a phone's photo is 2 to 8 MB and 4000 to
    # 6000 px; more is a scan or a raw export, slow to process for no gain.
    "OLEA_PHOTOS_MAX_BYTES": 12_000_000,
    "OLEA_PHOTOS_MAX_SIDE": 8000,
    # The width the photo is shown at, for the browser's choice among the copies:
    # the article's column, 65ch of 18 px text (46.5rem in the widest system font,
    # DejaVu Sans: never less than the copy needs), inside the 1.25rem margins.
    "OLEA_PHOTOS_SIZES": "(min-width: 49rem) 46.5rem, calc(100vw - 2.5rem)",
    # Alt text that describes nothing (compared in lower case, without spaces or
    # punctuation; the file's own name, with or without extension, is refused too).
    "OLEA_PHOTOS_PLACEHOLDER_ALT": (
        "image",
        "photo",
        "picture",
        "img",
        "pic",
        "photograph",
        "graphic",
        "alt",
        "alt text",
        "untitled",
    ),
}
# Where the copies are published, below the site's root (olea.hosting caches it
# for a year: every name there is a fingerprint).
FOLDER = "photos"

# Bump when the copies change for the same original and settings (a new
# resampling, say): every cached copy is then made again.
COPIES_VERSION = "1"

# What an author may drop beside index.md as a photo, and what Pillow may read it as
# (a phone's JPEG with a second, smaller picture inside opens as JPEG too, as MPO).
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".jfif", ".png", ".webp")
_READABLE = ("JPEG", "PNG", "WEBP")
# Pictures the browser could show that the site does not make copies of: refused,
# since they would be published as they are, with whatever metadata they carry.
OTHER_PICTURES = (".gif", ".avif", ".heic", ".heif", ".tif", ".tiff", ".bmp")
_MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
_SUFFIX = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
_PILLOW_FORMAT = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}

# An image alone in its paragraph (a figure), or any other image (group 2).
_IMG = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>|(<img\b[^>]*>)", re.I)
_ATTR = re.compile(r"""\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_FIRST_H2 = re.compile(r"<h2\b", re.I)
_PICTURE = re.compile(r"<picture\b.*?</picture>", re.S | re.I)
_ORIENTATION = 0x0112  # EXIF tag 274
_TRANSPOSED = (5, 6, 7, 8)  # orientations that turn the picture a quarter turn


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def without_pictures(html: str) -> str:
    """The body without its <picture>s: each is a photo this module checked and
    placed (the allowlist refuses an author's own), pointing at copies that exist
    only once the build publishes them. olea.structure and olea.links skip them."""
    return _PICTURE.sub("", html)


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html_lib.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTR.finditer(tag)
    }


def _plain(text: str) -> str:
    """Lower case letters and digits only: 'IMG_0042.JPG' and 'img 0042 jpg' are alike."""
    return re.sub(r"[\W_]+", "", text.casefold())


def placeholder(alt: str, file_name: str, words) -> bool:
    """Whether `alt` says nothing a listener could use: empty, a stock word, the file name."""
    said = _plain(alt)
    stem = posixpath.splitext(file_name)[0]
    return not said or said in {_plain(w) for w in words} | {_plain(file_name), _plain(stem)}


def _kind(src: str) -> str:
    """'photo' for a local JPEG, PNG or WebP; 'other' for another local picture; '' otherwise."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("/"):
        return ""
    ext = posixpath.splitext(unquote(parts.path))[1].lower()
    if ext in PHOTO_EXTENSIONS:
        return "photo"
    return "other" if ext in OTHER_PICTURES else ""


def _line(path: str, src: str, nth: int) -> int:
    """The line of the nth `](src` in the source (the same photo may appear twice)."""
    seen = 0
    for number, line in enumerate(lines_of(path), 1):
        seen += line.count(f"]({src}")
        if seen >= nth:
            return number
    return text_line(path, src)  # a reference-style image: its [ref]: line


def real_name(folder: str, rel: str) -> tuple[str, str]:
    """('ok' | 'case' | 'missing', the path as it is on disk) for `rel` below `folder`.

    Compared with the folders' real listings, not by opening the file: on a
    case-insensitive disk (macOS, Windows) Photo.JPG opens photo.jpg, and the
    server, which tells them apart, answers 404.
    """
    here, found, state = folder, [], "ok"
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            here = os.path.dirname(here)
            found.append(part)
            continue
        try:
            names = os.listdir(here)
        except OSError:
            return "missing", "/".join([*found, part])
        if part not in names:
            same = [n for n in names if n.casefold() == part.casefold()]
            if not same:
                return "missing", "/".join([*found, part])
            part, state = same[0], "case"
        found.append(part)
        here = os.path.join(here, part)
    if not os.path.isfile(here):
        return "missing", "/".join(found)
    return state, "/".join(found)


# --- What a photo is -----------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    width: int  # as shown, after its EXIF orientation
    height: int
    alpha: bool


class Unreadable(Exception):
    """Why Pillow cannot read a file as a photo, in words for its author."""


def _probe_file(path: str) -> Probe:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # A huge image is refused by its size below, in the author's words.
            warnings.simplefilter("ignore")
            with Image.open(path, formats=_READABLE) as im:
                width, height = im.size
                orientation = im.getexif().get(_ORIENTATION, 1)
                alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or ("transparency" in im.info)
    except Image.DecompressionBombError:
        raise Unreadable("it has more pixels than Pillow will open") from None
    except UnidentifiedImageError:
        raise Unreadable("it is not a JPEG, PNG or WebP image") from None
    except Exception as e:  # a decoder's error on an author's file is a content problem
        raise Unreadable(f"it is damaged ({type(e).__name__}: {e})") from None
    if orientation in _TRANSPOSED:
        width, height = height, width
    return Probe(width, height, alpha)


def _probe(path: str, digest: str, cache: Path) -> Probe:
    """The photo's shown size, remembered by content: a PNG's EXIF may lie after its
    pixels, and reading those on every build would cost a decode each time."""
    from PIL import __version__ as pillow

    remembered = cache / "probes" / f"{digest}-{pillow}.json"
    try:
        return Probe(**json.loads(remembered.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    found = _probe_file(path)
    try:
        remembered.parent.mkdir(parents=True, exist_ok=True)
        tmp = remembered.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(found.__dict__), encoding="utf-8")
        os.replace(tmp, remembered)
    except OSError:
        pass  # probed again next time: slower, never wrong
    return found


# --- The copies ----------------------------------------------------------------------


@dataclass(frozen=True)
class Copy:
    name: str
    width: int
    height: int
    fmt: str  # avif, webp, jpeg, png


@dataclass
class Job:
    """One original's copies: where they are cached, and the work making them."""

    key: str
    original: str
    copies: tuple[Copy, ...]
    folder: Path
    where: list[tuple[str, int, str]] = field(default_factory=list)  # (index.md, line, src)
    future: Future | None = None


def widths_for(width: int, widths) -> list[int]:
    """The copy widths a photo `width` px wide can fill, narrowest first: never enlarged."""
    wanted = sorted({w for w in widths if w < width} | {min(width, max(widths))})
    return wanted


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "photo"


def _key(digest: str, settings, alpha: bool) -> str:
    from PIL import __version__ as pillow

    shaping = {
        "widths": sorted(_setting(settings, "OLEA_PHOTOS_WIDTHS")),
        "formats": list(_setting(settings, "OLEA_PHOTOS_FORMATS")),
        "quality": _setting(settings, "OLEA_PHOTOS_QUALITY"),
        "avif_speed": _setting(settings, "OLEA_PHOTOS_AVIF_SPEED"),
        "alpha": alpha,
        "version": COPIES_VERSION,
        "pillow": pillow,
    }
    text = digest + json.dumps(shaping, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def plan(stem: str, probe: Probe, key: str, settings) -> tuple[Copy, ...]:
    """Every copy of one photo: each width in each modern format, then the fallback."""
    fallback = "png" if probe.alpha else "jpeg"
    formats = [f for f in _setting(settings, "OLEA_PHOTOS_FORMATS") if f != fallback]
    copies = []
    for fmt in [*formats, fallback]:
        for w in widths_for(probe.width, _setting(settings, "OLEA_PHOTOS_WIDTHS")):
            h = max(1, round(probe.height * w / probe.width))
            name = f"{_slug(stem)}-{key[:10]}-{w}.{_SUFFIX[fmt]}"
            copies.append(Copy(name, w, h, fmt))
    return tuple(copies)


def _save_options(fmt: str, settings) -> dict:
    quality = _setting(settings, "OLEA_PHOTOS_QUALITY")
    if fmt == "avif":
        return {"quality": quality["avif"], "speed": _setting(settings, "OLEA_PHOTOS_AVIF_SPEED")}
    if fmt == "webp":
        return {"quality": quality["webp"], "method": 4}
    if fmt == "jpeg":
        # Progressive: a phone on a slow line sees the whole photo early, then sharper.
        return {"quality": quality["jpeg"], "optimize": True, "progressive": True}
    return {"optimize": True}


def _in_srgb(im, alpha: bool):
    """The picture's pixels in sRGB, the colours a browser assumes when a file
    carries no profile (a phone's Display P3 photo would look dull without this)."""
    from PIL import ImageCms

    mode = "RGBA" if alpha else "RGB"
    icc = im.info.get("icc_profile")
    if icc:
        try:
            if im.mode not in ("RGB", "RGBA", "CMYK", "L"):
                im = im.convert(mode)
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            im = ImageCms.profileToProfile(im, source, srgb, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: its pixels as they are, which is what most viewers show
    return im if im.mode == mode else im.convert(mode)


def make_copies(original: str, copies: tuple[Copy, ...], folder: Path, alpha: bool, settings):
    """Write every copy of `original` into `folder`, which appears only when all are made."""
    from PIL import Image, ImageOps

    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        largest = max(copies, key=lambda c: c.width)
        with Image.open(original, formats=_READABLE) as im:
            # Decode a JPEG at 1/2, 1/4 or 1/8 scale when that still covers the
            # largest copy: a 4000 px photo decodes about four times faster.
            size = (largest.width, largest.height)
            turned = im.getexif().get(_ORIENTATION, 1) in _TRANSPOSED
            im.draft(None, size[::-1] if turned else size)
            im.load()
            base = _in_srgb(ImageOps.exif_transpose(im), alpha)
        for copy in sorted(copies, key=lambda c: (-c.width, c.fmt)):
            if base.size == (copy.width, copy.height):
                sized = base.copy()
            else:
                sized = base.resize((copy.width, copy.height), Image.LANCZOS, reducing_gap=3.0)
            # What Pillow carries over from the original (EXIF with GPS, XMP,
            # the colour profile, a comment) is written again by some savers.
            sized.info.clear()
            sized.save(
                tmp / copy.name, _PILLOW_FORMAT[copy.fmt], **_save_options(copy.fmt, settings)
            )
        try:
            os.rename(tmp, folder)
        except OSError:
            if not folder.is_dir():  # not another build's complete set: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- One build -----------------------------------------------------------------------

_STATE: dict = {"pool": None, "jobs": {}, "pages": []}


def _reset() -> None:
    _STATE.update(pool=None, jobs={}, pages=[])


def start_build(pelican) -> None:
    """initialized: nothing left from the last build (the devserver builds again in one
    process)."""
    _reset()


def is_original(rel: str, settings) -> bool:
    """Whether the file at `rel` (from the content folder) is a photo's original:
    a JPEG, PNG or WebP among the articles or pages. Never published; a file in
    extra/ is published as it is, on purpose."""
    rel = rel.replace(os.sep, "/")
    folders = [*settings.get("ARTICLE_PATHS", ()), *settings.get("PAGE_PATHS", ())]
    inside = any(rel.startswith(f.strip("/") + "/") for f in folders if f.strip("/"))
    return inside and posixpath.splitext(rel)[1].lower() in PHOTO_EXTENSIONS


def keep_originals_out(generator) -> None:
    """static_generator_finalized: Pelican copies no photo original into the site."""
    settings = generator.settings
    drop_static_files(
        generator, lambda static: is_original(static.get_relative_source_path(), settings)
    )


def _cache(settings) -> Path:
    return Path(settings["CACHE_PATH"]) / "olea-photos"


def _submit(job: Job, alpha: bool, settings) -> None:
    if all((job.folder / copy.name).is_file() for copy in job.copies):
        return  # made by an earlier build from these very bytes and settings
    # Missing or emptied by hand: made again, never published in part.
    shutil.rmtree(job.folder, ignore_errors=True)
    if _STATE["pool"] is None:
        # libavif and Pillow's resampling let other threads run: one per core.
        _STATE["pool"] = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    job.future = _STATE["pool"].submit(
        make_copies, job.original, job.copies, job.folder, alpha, settings
    )


def _srcset(copies, fmt: str, base: str) -> str:
    return ", ".join(f"{base}/{c.name} {c.width}w" for c in copies if c.fmt == fmt)


@dataclass(frozen=True)
class Found:
    """A photo as the author wrote it: `![alt](src "caption")` at `line` of `path`."""

    path: str
    line: int
    src: str
    alt: str
    caption: str
    in_sentence: bool


def _refused_link(found: Found, kind: str, pelican_link: str, written: str) -> bool:
    """Report a picture the site cannot make copies of, or linked so that its
    original would be published; True if it was one."""
    if pelican_link:
        report(
            found.path,
            found.line,
            f"the photo {found.src} is linked with {pelican_link}, which would publish "
            "the original file as it is, camera data and all",
            f"write ![what it shows]({posixpath.basename(written)}) with the photo "
            "beside index.md: the site publishes resized copies without that data.",
        )
        return True
    if kind == "other":
        report(
            found.path,
            found.line,
            f"the picture {found.src} is not a JPEG, PNG or WebP, so the site cannot make "
            "small copies of it or take out its camera data (GPS position)",
            "save it as JPEG (a photo) or PNG (a drawing or screenshot) and link to that.",
        )
        return True
    return False


def _check_words(found: Found, settings) -> bool:
    """Where it stands and what its alt text says; True when both are right."""
    ok = True
    if found.in_sentence:
        # A figure cannot sit inside a paragraph: the HTML would not be valid.
        report(
            found.path,
            found.line,
            f"the photo {found.src} is inside a paragraph",
            "put the ![...](photo.jpg) line on its own, with a blank line above and below.",
        )
        ok = False
    name = posixpath.basename(unquote(urlsplit(found.src).path))
    if not found.alt:
        # The words olea.structure uses for any other image, so the same mistake reads alike.
        report(
            found.path,
            found.line,
            f"the image {found.src} has no alt text",
            "describe what it shows between the brackets: ![what it shows](file).",
        )
        ok = False
    elif placeholder(found.alt, name, _setting(settings, "OLEA_PHOTOS_PLACEHOLDER_ALT")):
        report(
            found.path,
            found.line,
            f"the alt text of the photo {found.src}, '{found.alt}', does not say what it shows",
            "describe the photo for someone who cannot see it, in a short sentence: "
            "![A therapist's hands on the lower back of a person lying face down](file).",
        )
        ok = False
    return ok


def _check_file(found: Found, settings) -> tuple[str, str, str, Probe] | None:
    """(the file, its name on disk, its sha256, its shown size) when it may be
    published; None when something is wrong with it, each problem reported."""
    path, line, src = found.path, found.line, found.src
    rel = unquote(urlsplit(src).path)
    state, on_disk = real_name(os.path.dirname(path), rel)
    if state == "missing":
        report(
            path,
            line,
            f"the image {src} does not exist",
            "put the file in the article's folder, beside index.md, and check the name.",
        )
        return None
    if state == "case":
        report(
            path,
            line,
            f"the photo is linked as {rel} but the file is {on_disk}: this works on a "
            "laptop, whose disk ignores case, and is missing on the server",
            f"write the name exactly as the file has it: ![...]({on_disk}), or rename the file.",
        )
        return None
    file = os.path.normpath(os.path.join(os.path.dirname(path), on_disk))
    size = os.path.getsize(file)
    limit = _setting(settings, "OLEA_PHOTOS_MAX_BYTES")
    if size > limit:
        report(
            path,
            line,
            f"the photo {src} is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:g} MB "
            "(OLEA_PHOTOS_MAX_BYTES)",
            "export it smaller (4000 px wide at JPEG quality 90 is plenty): the site "
            "makes its own smaller copies for readers anyway.",
        )
        return None
    with open(file, "rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    try:
        probe = _probe(file, digest, _cache(settings))
    except Unreadable as e:
        report(
            path,
            line,
            f"the photo {src} cannot be read: {e}",
            "open it in a photo editor and export it again as JPEG (or PNG).",
        )
        return None
    side = _setting(settings, "OLEA_PHOTOS_MAX_SIDE")
    if max(probe.width, probe.height) > side:
        report(
            path,
            line,
            f"the photo {src} is {probe.width} x {probe.height} px, over the limit of "
            f"{side} px on its longest side (OLEA_PHOTOS_MAX_SIDE)",
            "export it at most 4000 px wide: the largest copy the site makes is "
            f"{max(_setting(settings, 'OLEA_PHOTOS_WIDTHS'))} px.",
        )
        return None
    least = _setting(settings, "OLEA_PHOTOS_MIN_WIDTH")
    if probe.width < least:
        report(
            path,
            line,
            f"the photo {src} is {probe.width} px wide, too small to be sharp: the "
            f"site needs at least {least} px (OLEA_PHOTOS_MIN_WIDTH)",
            f"use the camera's original file, or a copy at least {least} px wide; "
            "never enlarge a small one, which only blurs it.",
        )
        return None
    return file, on_disk, digest, probe


def _job(file: str, on_disk: str, digest: str, probe: Probe, settings) -> Job:
    """This build's job for the photo's copies, started unless the cache has them."""
    key = _key(digest, settings, probe.alpha)
    job = _STATE["jobs"].get(key)
    if job is None:
        stem = posixpath.splitext(posixpath.basename(on_disk))[0]
        job = Job(key, file, plan(stem, probe, key, settings), _cache(settings) / key[:32])
        _STATE["jobs"][key] = job
        _submit(job, probe.alpha, settings)
    return job


def _markup(macro, job: Job, found: Found, eager: bool, settings) -> str:
    # Every language's pages show the same copies, from the whole site's folder.
    base = f"{root_url(settings)}/{FOLDER}"
    fallback = job.copies[-1].fmt
    modern = [f for f in _setting(settings, "OLEA_PHOTOS_FORMATS") if f != fallback]
    shown = [c for c in job.copies if c.fmt == fallback]
    largest = shown[-1]
    # Browsers without srcset (and Pagefind's result thumbnail) take the copy
    # nearest a phone's width at 2x.
    default = min(shown, key=lambda c: abs(c.width - 800))
    sizes = _setting(settings, "OLEA_PHOTOS_SIZES")
    markup = str(
        macro(
            src=f"{base}/{default.name}",
            alt=html_lib.escape(found.alt),
            width=largest.width,
            height=largest.height,
            caption=html_lib.escape(found.caption, quote=False),
            lazy=not eager,
            srcset=_srcset(job.copies, fallback, base),
            sizes=sizes,
            sources=[{"type": _MIME[f], "srcset": _srcset(job.copies, f, base)} for f in modern],
        )
    )
    # One element a line: the macro's indentation is for its reader, not the page's bytes.
    return re.sub(r"\s*\n\s*", "\n", markup).strip()


def place_photos(content) -> None:
    """content_object_init: check each photo of the body and put it in its figure."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    html = body(content)
    if "<img" not in html.lower():
        return
    settings = content.settings
    path = content.source_path
    first_h2 = _FIRST_H2.search(html)
    intro_end = first_h2.start() if first_h2 else len(html)
    macro = theme_macro(settings, "components/figure/figure.html", "figure")
    seen: dict[str, int] = {}
    keys: list[str] = []

    def figure(m: re.Match) -> str:
        attrs = _attrs(m.group(1) or m.group(2))
        src = attrs.get("src", "")
        pelican_link, written = "", src
        if src.startswith("{") and "}" in src:
            pelican_link, written = src.split("}", 1)
            pelican_link += "}"
        kind = _kind(written.lstrip("/") if pelican_link else written)
        if not kind:
            return m.group(0)
        seen[src] = seen.get(src, 0) + 1
        found = Found(
            path,
            _line(path, src, seen[src]),
            src,
            " ".join(attrs.get("alt", "").split()),
            " ".join(attrs.get("title", "").split()),
            bool(m.group(2)),
        )
        if _refused_link(found, kind, pelican_link, written):
            return ""
        # Every problem of one photo at once: the author fixes them in one go.
        words_ok = _check_words(found, settings)
        checked = _check_file(found, settings)
        if not (words_ok and checked):
            return ""  # reported; nothing left for olea.structure to report again
        job = _job(*checked, settings)
        job.where.append((path, found.line, src))
        eager = not keys and m.start() < intro_end
        keys.append(job.key)
        return _markup(macro, job, found, eager, settings)

    set_body(content, _IMG.sub(figure, html))
    if keys:
        _STATE["pages"].append((content, keys))


def finish_copies(generators) -> None:
    """all_generators_finalized: every copy made; a photo that could not be is reported
    here, before a page is written."""
    pool, jobs = _STATE["pool"], _STATE["jobs"]
    for job in jobs.values():
        if job.future is None:
            continue
        error = job.future.exception()
        if error is None:
            continue
        for path, line, src in job.where:
            report(
                path,
                line,
                f"the photo {src} cannot be made into copies: {error}",
                "open it in a photo editor and export it again as JPEG (or PNG).",
            )
    if pool is not None:
        pool.shutdown(wait=True)
        _STATE["pool"] = None


def publish_copies(pelican) -> None:
    """finalized: the copies of every written page, into the output's photos folder.

    A copy already there (the same name is the same bytes) is only touched, so
    olea.build's clean-up of files a build did not write keeps it.
    """
    out = Path(root_output(pelican.settings)) / FOLDER  # shared by every language
    done: set[str] = set()
    for content, keys in _STATE["pages"]:
        if not content.save_as:
            continue  # a draft the settings do not write (publish)
        for key in keys:
            if key in done:
                continue
            done.add(key)
            job = _STATE["jobs"][key]
            for copy in job.copies:
                cached, target = job.folder / copy.name, out / copy.name
                if target.exists() and target.stat().st_size == cached.stat().st_size:
                    os.utime(target)
                    continue
                out.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{copy.name}.tmp")
                shutil.copyfile(cached, tmp)
                os.replace(tmp, target)
    _reset()
