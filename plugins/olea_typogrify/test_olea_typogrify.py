"""Real Pelican runs on the fixture: the plugin changes when typogrify runs, not its output."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/minimal"
sys.path.insert(0, str(ROOT))

import olea_typogrify  # noqa: E402
from olea.build import build  # noqa: E402


def _build(tmp_path, name, plugins, **extra):
    from pelicanconf import PLUGINS

    out = tmp_path / name
    overrides = {
        "PATH": str(FIXTURE),
        "CACHE_PATH": str(tmp_path / f"cache-{name}"),
        "PLUGINS": [p for p in PLUGINS if p in plugins],
        **extra,
    }
    outcome = build(str(ROOT / "pelicanconf.py"), out, overrides=overrides)
    assert outcome.ok, outcome.problems
    return out


def _pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in out.rglob("*.html")}


def test_same_html_as_pelicans_own_typogrify(tmp_path):
    from pelicanconf import PLUGINS

    ours = _build(tmp_path, "ours", PLUGINS)
    native = _build(tmp_path, "native", [p for p in PLUGINS if p != "olea_typogrify"])
    assert _pages(ours) == _pages(native)
    assert "&#8220;" in _pages(ours)["first-article/index.html"]  # curly quotes: it ran


def test_a_warm_rebuild_does_not_typogrify_again(tmp_path, monkeypatch):
    from pelicanconf import PLUGINS

    calls = []
    real = olea_typogrify._typogrifier

    def counting(settings):
        apply = real(settings)
        return lambda text: calls.append(text) or apply(text)

    monkeypatch.setattr(olea_typogrify, "_typogrifier", counting)
    _build(tmp_path, "warm", PLUGINS)
    assert len(calls) >= 3 * 3  # cold: body, title and summary of each fixture file
    calls.clear()
    _build(tmp_path, "warm", PLUGINS)
    assert calls == []  # warm: every file came from the cache, typogrified
