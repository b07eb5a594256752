"""The devserver: build, serve on localhost, rebuild and reload the browser on save.

The first build is strict: if it fails, nothing is served and the command
exits non-zero. After that a failed rebuild prints its problems and keeps the
last good site on screen, so a typo never takes the preview away.
"""

from __future__ import annotations

import sys

from livereload import Server
from livereload.handlers import LiveReloadHandler

from olea.build import ROOT, build

WATCHED = ("content", "theme", "plugins", "pelicanconf.py")


def serve(settings: str = "pelicanconf.py", host: str = "localhost", port: int = 8000) -> int:
    # Pages reload as soon as they are written; the search index follows in the
    # background (plugins/olea_search), the old one serving meanwhile.
    overrides = {"OLEA_SEARCH_WAIT": False}
    first = build(settings, overrides=overrides)
    if not first.ok:
        print(
            "The site was not served: fix the problems above, then run it again.", file=sys.stderr
        )
        return 1

    def rebuild() -> None:
        outcome = build(settings, overrides=overrides)
        if outcome.ok:
            print(f"Rebuilt in {outcome.seconds:.1f} s; the browser reloads.")
        else:
            print("Not rebuilt: the browser keeps showing the last good version.")

    # livereload skips a reload that comes within 3 s of the last one (meant for
    # tools that change many files at once). Here the rebuild runs inside the
    # watcher, so each save is one build and one reload: a quick second save
    # must show too.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    server = Server()
    for name in WATCHED:
        server.watch(str(ROOT / name), rebuild)
    print(f"Serving http://{host}:{port}/ (Ctrl+C to stop). Save a file to rebuild.")
    server.serve(host=host, port=port, root=str(first.output), open_url_delay=None, restart_delay=0)
    return 0
