"""The devserver: build, serve on localhost, rebuild on every save, reload the browser.

- The first build is strict: if it fails, nothing is served and the command
  exits non-zero, with every problem listed.
- Each save rebuilds. A rebuild that fails replaces every open page with an
  error page listing the problems (file:line, what is wrong, how to fix),
  and the page comes back by itself once the file is fixed.
- Pages reload as soon as they are written; the search index follows in the
  background (olea.search), the old one serving meanwhile.

How pages reload: every HTML page this server sends carries one small script
(development only: nothing of it is in output/ or a published site) that
listens to /__olea__/events, where the server announces each finished build.

Usage: python -m olea.serve [--port 8000] [--host localhost] [--settings pelicanconf.py]
"""

from __future__ import annotations

import argparse
import html
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from olea.build import build

WATCHED = ("content", "theme", "pelicanconf.py")
EVENTS = "/__olea__/events"
SCRIPT = "/__olea__/reload.js"

RELOAD_JS = b"""// Development only (make devserver): reload this page after each rebuild.
(function () {
  var seen = null;
  var events = new EventSource("/__olea__/events");
  events.onmessage = function (event) {
    if (seen !== null && event.data !== seen) { location.reload(); }
    seen = event.data;
    // Which build this page has heard of (the devserver's tests wait for it).
    document.documentElement.setAttribute("data-olea-build", seen);
  };
})();
"""
TAG = f'<script src="{SCRIPT}"></script>'.encode()


class State:
    """The last build: its number and its problems (none when it succeeded)."""

    def __init__(self):
        self.number = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()

    def finished(self, problems: list[str]) -> None:
        with self.changed:
            self.number += 1
            self.problems = list(problems)
            self.changed.notify_all()

    def wait_after(self, number: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number != number, timeout)
            return self.number


def error_page(problems: list[str]) -> bytes:
    """The page every HTML address shows while the last rebuild has failed."""
    items = []
    for text in problems:
        what, _, fix = text.partition("\n    How to fix: ")
        fix_html = f"<p><strong>How to fix:</strong> {html.escape(fix)}</p>" if fix else ""
        items.append(f"<li><p><code>{html.escape(what)}</code></p>{fix_html}</li>")
    count = len(problems)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {count} problem{"s" * (count != 1)}</title>
<style>
body {{ font: 1.125rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem;
  padding: 0 1rem; color: #1b1b1b; background: #fff; }}
h1 {{ color: #a4262c; }} li {{ margin-bottom: 1rem; }}
code {{ white-space: pre-wrap; font-size: 1rem; }}
</style></head>
<body><main>
<h1>The site was not rebuilt</h1>
<p>Fix {"these problems" if count != 1 else "this problem"} and save the file: this page
goes back to the site by itself. The terminal shows the same list.</p>
<ol>{"".join(items)}</ol>
</main>{TAG.decode()}</body></html>
""".encode()


class Handler(SimpleHTTPRequestHandler):
    """The built site, with the reload script in each page, or the error page."""

    state: State  # set by make_server

    def log_message(self, format, *args):  # an author's terminal shows build news only
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        if path == SCRIPT:
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS)
        target = Path(self.translate_path(path))
        if target.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the standard redirect to the folder
            target = target / "index.html"
        if target.suffix != ".html" or not target.is_file():
            return super().do_GET()
        if self.state.problems:
            return self._send(500, "text/html; charset=utf-8", error_page(self.state.problems))
        page = target.read_bytes()
        end = page.rfind(b"</body>")
        page = page[:end] + TAG + page[end:] if end >= 0 else page + TAG
        return self._send(200, "text/html; charset=utf-8", page)

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        number = self.state.number
        try:
            self.wfile.write(f"retry: 500\ndata: {number}\n\n".encode())
            self.wfile.flush()
            while True:
                number = self.state.wait_after(number, timeout=15)
                # Sent at least every 15 s, so a page that has gone is noticed.
                self.wfile.write(f"data: {number}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def make_server(output: Path, state: State, host: str, port: int) -> ThreadingHTTPServer:
    handler = type("SiteHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    return server


def serve(settings: str = "pelicanconf.py", host: str = "localhost", port: int = 8000) -> int:
    from watchfiles import watch

    overrides = {"OLEA_SEARCH_WAIT": False}
    first = build(settings, overrides=overrides)
    if not first.ok:
        print(
            "The site was not served: fix the problems above, then run it again.", file=sys.stderr
        )
        return 1
    state = State()
    state.finished([])
    server = make_server(first.output, state, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{host}:{port}/ (Ctrl+C to stop). Save a file to rebuild.", flush=True)
    project = Path(settings).resolve().parent
    watched = [str(project / name) for name in WATCHED if (project / name).exists()]
    try:
        for _changes in watch(*watched, debounce=200, step=50):
            outcome = build(settings, overrides=overrides)
            state.finished(outcome.problems)
            if outcome.ok:
                print(f"Rebuilt in {outcome.seconds:.1f} s; the browser reloads.", flush=True)
            else:
                print(
                    "Not rebuilt: the browser shows the problems until they are fixed.",
                    file=sys.stderr,
                    flush=True,
                )
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    return serve(args.settings, args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
