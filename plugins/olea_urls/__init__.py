"""Each article's and page's address worked out once per build, not at every mention.

Pelican formats `url` and `save_as` from the settings every time they are read,
copying the page's metadata and resolving its source path each time. Templates
read them often: a page's own address for its canonical link, share card,
breadcrumbs and structured data, the addresses of its neighbours and related
articles, and one per card on every list. At 1,000 articles that is some
27,000 reads, a tenth of the CPU time of writing the site.

Once the generators have finished (Pelican's all_generators_finalized signal,
before the link checks and the incremental build's fingerprints read every
address once more) nothing changes an article's or a page's address, so from
then until the build ends each is remembered. Static files are left alone: an
{attach} link met while writing can still move one.
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Page

_KEYS = ("url", "save_as")
# id(content) -> {key: value} from the generators' end to the build's; None
# otherwise. Content objects live for the whole build, so an id cannot be
# reused while it is set.
_memo: dict[int, dict[str, str]] | None = None


def _remembered(cls, key: str) -> property:
    compute = getattr(cls, key).fget

    def get(self):
        if _memo is None:
            return compute(self)
        known = _memo.setdefault(id(self), {})
        if key not in known:
            known[key] = compute(self)
        return known[key]

    get.__wrapped__ = compute
    return property(get)


def _install() -> None:
    for cls in (Article, Page):
        for key in _KEYS:
            if not hasattr(getattr(cls, key).fget, "__wrapped__"):  # once per process
                setattr(cls, key, _remembered(cls, key))


def remember(pelican) -> None:
    global _memo
    _memo = {}


def forget(pelican) -> None:
    global _memo
    _memo = None


def register() -> None:
    _install()
    signals.initialized.connect(forget)  # in case a failed build never finalized
    # Connected before the plugins after it in PLUGINS, so it runs before their handlers.
    signals.all_generators_finalized.connect(remember)
    signals.finalized.connect(forget)
