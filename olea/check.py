"""`make check`: every check the build runs, without writing the site.

The build reads and checks every language and stops before writing (the checks
are the build's own plugins, so `make html` and `make publish` can never
disagree with this), then the problems are printed grouped by file, with a
count at the end.
Usage: python -m olea.check [--settings publishconf.py]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile

from olea.build import build

_WHERE = re.compile(r"^(?P<file>[^\s:]+\.(?:md|json|html|py))(?::(?P<line>\d+))?: ", re.S)


def group(problems: list[str]) -> dict[str, list[str]]:
    """Problems by the file they name ("" for the site as a whole)."""
    grouped: dict[str, list[str]] = {}
    for text in problems:
        m = _WHERE.match(text)
        name = m.group("file") if m else ""
        rest = text[m.end() :] if m else text
        line = f"line {m.group('line')}: " if m and m.group("line") else ""
        grouped.setdefault(name, []).append(line + rest)
    return grouped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    quiet = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="olea-check-") as tmp:
        outcome = build(
            args.settings,
            os.path.join(tmp, "site"),
            stream=quiet,
            overrides={"CACHE_PATH": os.path.join(tmp, "cache"), "LOAD_CONTENT_CACHE": False},
            check_only=True,
        )
    for line in quiet.getvalue().splitlines():
        if line.startswith("notice: "):
            print(line)
    if outcome.ok:
        print("All checks passed: no problems found.")
        return 0
    grouped = group(outcome.problems)
    for name in sorted(grouped, key=lambda n: (n == "", n)):
        print(f"\n{name or 'The site as a whole'}")
        for problem in grouped[name]:
            print("  " + problem.replace("\n", "\n  "))
    files = len([n for n in grouped if n])
    count = len(outcome.problems)
    print(f"\n{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
