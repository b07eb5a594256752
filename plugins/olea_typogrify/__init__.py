"""Typogrify inside the Markdown reader, so that the content cache keeps its result.

Pelican applies TYPOGRIFY after its reader cache, so every rebuild typogrifies
every article again: with 1000 articles that is most of a rebuild. This
plugin does the same work (same filters, same ignored tags, same dashes) as
part of reading, where Pelican caches it, and then tells Pelican not to do it
a second time. TYPOGRIFY = True in the settings still means "typogrify on".

(Typogrifying in worker processes on a cold build was tried and measured
slower on two cores: forking and a second Markdown pass cost more than it saved.)
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from olea_common import iso_day
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

# smartypants runs each of these over every run of text between two tags, a
# dozen regular expressions for quotes alone, and most runs hold nothing any of
# them matches (every pattern needs one of these strings). Runs without them
# are passed over: same output in half the time on the clinic's articles.
_NEEDS = {
    "process_escapes": ("\\",),
    "convert_dashes": ("--",),
    "convert_dashes_oldschool": ("--",),
    "convert_dashes_oldschool_inverted": ("--",),
    "convert_ellipses": ("...", ". . ."),
    "convert_backticks": ("``", "''"),
    "convert_single_backticks": ("`", "'"),
    "convert_quotes": ("'", '"'),
}


def _only_where_needed(convert, needles):
    first, second = (needles * 2)[:2]  # one or two; two plain tests beat any() here

    def wrapper(text):
        return convert(text) if first in text or second in text else text

    wrapper.__wrapped__ = convert
    return wrapper


def _skip_runs_with_nothing_to_do(smartypants) -> None:
    for name, needles in _NEEDS.items():
        convert = getattr(smartypants, name)
        if not hasattr(convert, "__wrapped__"):  # once per process
            setattr(smartypants, name, _only_where_needed(convert, needles))


def _typogrifier(settings):
    import smartypants
    from typogrify.filters import typogrify

    _skip_runs_with_nothing_to_do(smartypants)

    dashes = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
    # Pelican's own choice: its dashes setting, and &quot; entities become curly quotes too.
    smartypants.Attr.default = dashes.get(settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1)
    smartypants.Attr.default |= smartypants.Attr.w
    ignore = settings["TYPOGRIFY_IGNORE_TAGS"]
    omit = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
    return lambda text: typogrify(text, ignore, **omit)


class TypogrifiedMarkdownReader(MarkdownReader):
    """Markdown, typogrified: body, title and summary, as Pelican would do it.

    One Markdown instance serves every file this reader reads (reset between
    them, as Markdown's documentation allows): Pelican makes a new one per file,
    which cost some 7 % of reading an article (profiled at 1,000 articles).
    """

    _instance = None
    _apply = None

    def read(self, source_path):
        if self._instance is None:
            self._instance = Markdown(**self.settings["MARKDOWN"])
            self._apply = _typogrifier(self.settings)
        md = self._md = self._instance
        if "meta" not in md.preprocessors:  # Pelican's _parse_metadata removes it
            md.preprocessors.register(MetaPreprocessor(md), "meta", 27)
        md.reset()
        self._source_path = source_path
        with pelican_open(source_path) as text:
            content = md.convert(text)
        metadata = self._parse_metadata(md.Meta) if hasattr(md, "Meta") else {}
        apply = self._apply
        if content:
            content = apply(content)
        for key in ("title", "summary"):
            if isinstance(metadata.get(key), str):
                metadata[key] = apply(metadata[key])
        return content, metadata

    def process_metadata(self, name, value):
        if name in ("date", "modified") and isinstance(value, str):
            day = iso_day(value)  # the value Pelican's get_date would give, faster
            if day is not None:
                return day
        return super().process_metadata(name, value)


def take_over_typogrify(readers) -> None:
    settings = readers.settings
    # Each generator has its own Readers: after the first, TYPOGRIFY is already ours.
    if not (settings.get("TYPOGRIFY") or settings.get("OLEA_TYPOGRIFY_IN_READER")):
        return
    for ext in MarkdownReader.file_extensions:
        readers.reader_classes[ext] = TypogrifiedMarkdownReader
    settings["TYPOGRIFY"] = False  # done above, cached; Pelican must not repeat it
    settings["OLEA_TYPOGRIFY_IN_READER"] = True


def register() -> None:
    signals.readers_init.connect(take_over_typogrify)
