"""For the plugins' tests: build the fixture site in a fresh process.

Pelican connects each plugin's handlers to process-wide signals and never
disconnects them, so a second build in the same process still runs every
plugin of the first: a build without some plugin needs a process of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys
root, out, cache, without = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.path[:0] = [root, root + "/plugins"]
report = {}
exec(sys.stdin.read())  # the test's own set-up; it may fill `report`
from olea.build import build
from pelicanconf import PLUGINS
overrides = {
    "PATH": root + "/tests/fixtures/minimal",
    "CACHE_PATH": cache,
    "PLUGINS": [p for p in PLUGINS if p not in without],
}
outcome = build(root + "/pelicanconf.py", out, overrides=overrides)
print(json.dumps({"ok": outcome.ok, "problems": outcome.problems, "report": report}))
"""


def build_fixture(tmp_path: Path, name: str, without=(), setup: str = ""):
    """Build the fixture into tmp_path/name without the plugins named in
    `without`, after running `setup`; return ({page: bytes}, setup's report)."""
    out, cache = tmp_path / name, tmp_path / f"cache-{name}"
    args = [sys.executable, "-c", _SCRIPT, str(ROOT), str(out), str(cache), *without]
    result = subprocess.run(args, input=setup, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["ok"], answer["problems"]
    pages = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.html")}
    return pages, answer["report"]
