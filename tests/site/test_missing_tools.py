"""Outside CI, a missing browser skips the browser tests and the run says so, with the
one command that installs it; in CI the same tests fail instead."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT


def _run(**env):
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_regions.py",
        ],
        cwd=ROOT,
        env={**base, "OLEA_CHROMIUM": "/nonexistent/chromium", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_chromium_the_run_ends_saying_what_was_skipped_and_how_to_install_it():
    from olea.system import install_command

    result = _run()
    assert result.returncode == 0, result.stdout[-2000:]
    assert (
        "4 tests skipped: chromium is not installed (it is needed for the browser tests): "
        f"install it with `{install_command('chromium')}`." in result.stdout
    ), result.stdout[-2000:]


def test_in_ci_a_missing_browser_fails():
    result = _run(CI="true")
    assert result.returncode == 1 and "errors" in result.stdout.splitlines()[-1], result.stdout[
        -2000:
    ]
