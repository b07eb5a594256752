"""Typogrify inside the Markdown reader, so that the content cache keeps its result.

Pelican applies TYPOGRIFY after its reader cache, so every rebuild typogrifies
every article again: with 1000 articles that is most of a rebuild. This
plugin does the same work (same filters, same ignored tags, same dashes) as
part of reading, where Pelican caches it, and then tells Pelican not to do it
a second time. TYPOGRIFY = True in the settings still means "typogrify on".

It also makes that work cheaper, with the same output (the tests compare each
shortcut with the original): one Markdown instance per reader, Markdown's
inline patterns passed over where a run of text has nothing for them, and
typogrify's filters run only where they can change something.

(Typogrifying in worker processes on a cold build was tried and measured
slower on two cores: forking and a second Markdown pass cost more than it saved.)
"""

from __future__ import annotations

import re

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


# typogrify's other filters each run a regular expression at every character of
# the body, and what they change can only be in a few places. The versions
# below find those places first and run the original filter there alone, or
# not at all: the same output (tests compare them with the originals on random
# HTML and on every article), in about a third of the time.

# widont only ever changes the space before the last word of a block.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")
# Read backwards from a block's end (or the text's): the closing inline tags and
# spaces widont allows there, the last word, the space before it, then the
# character just before that space, which must end an inline tag or a word.
_LAST_WORD_BACKWARDS = re.compile(r"(?:\s|>(?:a|me|naps|gnorts|i|b)/<)*[^<>\s]+\s+(.)", re.S)


def _widont_at_block_ends(original):
    def widont(text):
        n = len(text)
        backwards = text[::-1]
        ends = [(m.start(), m.end()) for m in _BLOCK_END.finditer(text)]
        out, done = [], 0
        for start, end in [*ends, (n, n)]:
            if start < n and text.rfind("<", done, start) > text.rfind(">", done, start):
                # A "<" inside a tag (not from Markdown): a match could run past
                # this block's end, so let the original scan it all.
                return original(text)
            found = _LAST_WORD_BACKWARDS.match(backwards, n - start)
            if found is None:
                continue
            before = n - found.end()
            first = before
            if text[before] == ">":  # an inline tag: it starts after the ">" before it
                first = max(done, text.rfind(">", done, before) + 1)
            out += (text[done:first], original(text[first:end]))
            done = end
        out.append(text[done:])
        return "".join(out)

    return widont


# Each finds what its filter needs, somewhere in the text, or it changes nothing.
_HINTS = {
    "amp": re.compile("&"),  # an ampersand to wrap
    "caps": re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\."),  # two capitals, or a capital and a dot
    # an opening quote right after a tag or the start, past any spaces
    "initial_quotes": re.compile(r"(?:^|>)\s*(?:[\"']|&ldquo;|&#8220;|&lsquo;|&#8216;)"),
}


def _only_with_hint(original, hint):
    def wrapper(text):
        return original(text) if hint.search(text) else text

    return wrapper


# smartypants' tokenizer, whose runs of text and tags caps works through: a run
# of text, then a tag or comment; a comment with "--" inside counts as text.
_TAG_SOUP = re.compile(r"([^<]*)(<!--.*?--\s*>|<[^>]*>)", re.S)
# caps leaves alone the text after an opening <kbd> or <script>, up to the next tag.
_CAPS_SKIP = re.compile(r"<(/)?(?:kbd|script)[^>]*>", re.IGNORECASE)


def _caps_where_capitals(original):
    """caps, run only on the runs of text between tags that have capitals to wrap.

    The original's own walk through the tokens, with each run of text passed
    to the original alone, and only when the hint finds capitals in it: most
    runs of an article have none.
    """
    hint = _HINTS["caps"]

    def run(value, skipping):
        return value if skipping or not hint.search(value) else original(value)

    def caps(text):
        if not hint.search(text):
            return text
        out, skipping, done = [], False, 0
        for token in _TAG_SOUP.finditer(text):
            if token.start() != done:  # the tokenizer stops where a tag does not close
                break
            done = token.end()
            value, tag = token.group(1, 2)
            if value:
                out.append(run(value, skipping))
            if tag.startswith("<!--") and "--" in tag[4:].rstrip(">").rstrip().rstrip("-"):
                out.append(run(tag, skipping))
            else:
                opening = _CAPS_SKIP.match(tag)
                skipping = bool(opening and opening.group(1) is None)
                out.append(tag)
        out.append(run(text[done:], skipping))
        return "".join(out)

    return caps


def _faster_filters(filters) -> None:
    """Replace typogrify's filters (once per process) by the versions above."""
    if hasattr(filters.widont, "__wrapped__"):
        return
    faster = {
        "amp": _only_with_hint(filters.amp, _HINTS["amp"]),
        "caps": _caps_where_capitals(filters.caps),
        "initial_quotes": _only_with_hint(filters.initial_quotes, _HINTS["initial_quotes"]),
        "widont": _widont_at_block_ends(filters.widont),
    }
    for name, fast in faster.items():
        fast.__wrapped__ = getattr(filters, name)
        setattr(filters, name, fast)


def _typogrifier(settings):
    import smartypants
    from typogrify import filters
    from typogrify.filters import typogrify

    _skip_runs_with_nothing_to_do(smartypants)
    _faster_filters(filters)

    dashes = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
    # Pelican's own choice: its dashes setting, and &quot; entities become curly quotes too.
    smartypants.Attr.default = dashes.get(settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1)
    smartypants.Attr.default |= smartypants.Attr.w
    ignore = settings["TYPOGRIFY_IGNORE_TAGS"]
    omit = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
    return lambda text: typogrify(text, ignore, **omit)


# Markdown tries each of its inline patterns (code, links, HTML, emphasis...) on
# every run of text, and most runs hold none of the characters they look for.
# Each pattern below is passed over in text lacking every one of its strings,
# without which its expression cannot match: the same HTML (a test converts
# every article and random Markdown both ways) in two thirds of the time.
# Checked against the expressions of the Markdown release named here; another
# release runs ungated (and the test says so) until the table is checked again.
_INLINE_CHECKED_WITH = "3.11.3"
_INLINE_NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("://",),
    "automail": ("@",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}


def _gate_inline_patterns(md) -> list[str]:
    """Let md pass over the patterns of _INLINE_NEEDS where their strings are
    missing; returns the names of those it has."""
    import markdown
    from markdown.util import AtomicString

    if markdown.__version__ != _INLINE_CHECKED_WITH:
        return []
    inline = md.treeprocessors["inline"]
    apply = inline._InlineProcessor__applyPattern
    patterns, listed = md.inlinePatterns, {"size": -1}

    def handle_inline(data, index=0):
        # Markdown's loop over the patterns (InlineProcessor.__handleInline), and
        # one step more: a pattern whose strings are all missing is passed over,
        # as it would have been after finding nothing.
        if isinstance(data, AtomicString):
            return data
        if listed["size"] != len(patterns):  # once, and again if a pattern is added
            ordered = list(patterns)  # sorts them by priority, as Markdown does
            needs = [_INLINE_NEEDS.get(item.name) for item in patterns._priority]
            listed.update(size=len(ordered), ordered=ordered, needs=needs)
        ordered, needs = listed["ordered"], listed["needs"]
        start = 0
        while index < len(ordered):
            need = needs[index]
            if need is not None and not any(n in data for n in need):
                index, start = index + 1, 0
                continue
            data, matched, start = apply(ordered[index], data, index, start)
            if not matched:
                index += 1
        return data

    inline._InlineProcessor__handleInline = handle_inline
    return [name for name in _INLINE_NEEDS if name in patterns]


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
            _gate_inline_patterns(self._instance)
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
