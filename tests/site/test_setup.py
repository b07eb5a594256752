"""What a newcomer needs: the authors' commands install only what building needs, the
tests add theirs, and both README and CONTRIBUTING say what the computer needs first."""

from __future__ import annotations

import re

from helpers import ROOT

TEST_TOOLS = ("playwright", "pytest", "ruff", "hypothesis", "axe-playwright-python", "djhtml")
AUTHOR_TARGETS = ("html", "devserver", "publish", "check", "new", "report", "deploy")


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^\s\\]+)", text, re.M))


def test_the_build_lock_has_no_test_tools_and_the_test_lock_keeps_its_pins():
    build, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    assert "pelican" in build and "selectolax" in build
    assert not [t for t in TEST_TOOLS if t in build], "a test tool in the authors' lock"
    assert all(t in test for t in TEST_TOOLS)
    assert {k: v for k, v in test.items() if k in build} == build, "the two locks disagree"


def test_authors_targets_set_up_only_the_build_environment():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in AUTHOR_TARGETS:
        line = re.search(rf"^{target}:(.*)$", makefile, re.M)
        assert line and "$(STAMP)" in line.group(1) and "TEST_STAMP" not in line.group(1), target
    assert re.search(r"^test:.*\$\(TEST_STAMP\)", makefile, re.M)


def test_readme_and_contributing_open_with_what_the_computer_needs():
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        opening = text[: text.index("make devserver")]
        for word in ("Linux", "macOS", "WSL", "Python 3.11", "make", "git"):
            assert word in opening, (name, word)
