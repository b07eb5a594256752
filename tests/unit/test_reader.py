"""The site's reader: typogrify while reading (kept by the content cache), the same
result as Pelican's own TYPOGRIFY, and a cache read under other settings never reused."""

from __future__ import annotations

import io
import shutil

from helpers import FIXTURES, ROOT, copy_project, run_build

from olea.build import build

SETTINGS = (
    "import os, runpy\n"
    "here = os.path.dirname(os.path.abspath(__file__))\n"
    "globals().update(runpy.run_path(os.path.join(here, 'pelicanconf.py')))\n"
)


def _pages(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}


def test_typogrify_in_the_reader_gives_pelicans_own_result(tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "minimal")
    (project / "ours.py").write_text(SETTINGS + "OLEA_SEARCH = False\n")
    (project / "pelicans.py").write_text(
        SETTINGS + "OLEA_SEARCH = False\nOLEA_TYPOGRIFY = False\nTYPOGRIFY = True\n"
    )
    for name in ("ours", "pelicans"):
        result = run_build(project, f"{name}.py", output=name)
        assert result.returncode == 0, result.stderr
    ours, pelicans = _pages(project / "ours"), _pages(project / "pelicans")
    assert ours == pelicans
    assert "&#8220;test&#8221;" in ours["first-article/index.html"].decode()  # curled


def test_a_cache_read_under_other_settings_is_read_again(tmp_path):
    content = shutil.copytree(FIXTURES / "minimal", tmp_path / "content")

    def run(**extra):
        overrides = {
            "PATH": str(content),
            "CACHE_PATH": str(tmp_path / "cache"),
            "OLEA_SEARCH": False,
            **extra,
        }
        outcome = build(
            ROOT / "pelicanconf.py", tmp_path / "out", overrides=overrides, stream=io.StringIO()
        )
        assert outcome.ok, outcome.problems
        return (tmp_path / "out/first-article/index.html").read_text(encoding="utf-8")

    assert "&#8220;test&#8221;" not in run(OLEA_TYPOGRIFY=False)
    assert "&#8220;test&#8221;" in run()  # the cache holds the plain text: read again
    assert "&#8220;test&#8221;" in run()  # and now the cache is the typogrified one
