"""The site's Markdown reader: what it returns is what Pelican's content cache keeps.

Pelican's own MarkdownReader, and then, still inside reading:
- typogrify (the same filters, TYPOGRIFY_IGNORE_TAGS and TYPOGRIFY_OMIT_FILTERS
  that Pelican would use) on the body, the title and the summary. Pelican
  applies its TYPOGRIFY after the content cache, so it typogrified every
  article again on every rebuild: most of a devserver rebuild (1.9 s of 3.2 s
  at 300 articles, profiled). Done here, a rebuild reuses it. So the settings
  say OLEA_TYPOGRIFY = True and TYPOGRIFY = False (Pelican must not repeat it);
- the warnings raised while reading (olea.strict.keeping_warnings), kept in the
  file's metadata so that every build reports them, from the cache or not.

Registered through Pelican's readers_init signal for every Markdown extension.
"""

from __future__ import annotations

from pelican.readers import MarkdownReader

from olea.strict import READ_WARNINGS, keeping_warnings


def _typogrifier(settings):
    from typogrify.filters import typogrify

    if settings.get("TYPOGRIFY_DASHES", "default") != "default":
        # Pelican sets other dash styles by changing smartypants' module-wide
        # default; the site does not patch another library, so it keeps the default.
        raise ValueError("TYPOGRIFY_DASHES other than 'default' is not supported here")
    ignore = settings["TYPOGRIFY_IGNORE_TAGS"]
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", ()), False)
    return lambda text: typogrify(text, ignore, **omit)


class Reader(MarkdownReader):
    """Pelican's Markdown reader, typogrified, keeping the warnings it raised."""

    def read(self, source_path):
        with keeping_warnings(source_path) as raised:
            content, metadata = super().read(source_path)
        if self.settings.get("OLEA_TYPOGRIFY"):
            apply = _typogrifier(self.settings)
            content = apply(content) if content else content
            for key in ("title", "summary"):
                if isinstance(metadata.get(key), str):
                    metadata[key] = apply(metadata[key])
        if raised:
            metadata[READ_WARNINGS] = raised
        return content, metadata


def use_site_reader(readers) -> None:
    """readers_init: the site's Reader reads every Markdown file."""
    for ext in MarkdownReader.file_extensions:
        if ext in readers.reader_classes:
            readers.reader_classes[ext] = Reader
