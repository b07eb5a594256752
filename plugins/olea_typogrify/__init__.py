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

from pelican import signals
from pelican.readers import MarkdownReader


def _typogrifier(settings):
    import smartypants
    from typogrify.filters import typogrify

    dashes = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
    # Pelican's own choice: its dashes setting, and &quot; entities become curly quotes too.
    smartypants.Attr.default = dashes.get(settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1)
    smartypants.Attr.default |= smartypants.Attr.w
    ignore = settings["TYPOGRIFY_IGNORE_TAGS"]
    omit = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
    return lambda text: typogrify(text, ignore, **omit)


class TypogrifiedMarkdownReader(MarkdownReader):
    """Markdown, typogrified: body, title and summary, as Pelican would do it."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        apply = _typogrifier(self.settings)
        if content:
            content = apply(content)
        for key in ("title", "summary"):
            if isinstance(metadata.get(key), str):
                metadata[key] = apply(metadata[key])
        return content, metadata


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
