"""The programs outside Python that some commands need, and one sentence when one is missing.

Building needs none of them. Deploying needs git (GitHub Pages) or rsync, and
ssh for a remote server; the tests need Chromium, Java (the HTML validator),
npm (the validator and Lighthouse) and nginx. A missing one is said in one
sentence with the command that installs it, never as a traceback.
"""

from __future__ import annotations

import platform
import shutil

# What each program is for, and how to install it (Debian and Ubuntu, WSL included; macOS).
TOOLS = {
    "git": ("publishing to GitHub Pages", "git", "git"),
    "rsync": ("uploading the site to a server", "rsync", "rsync"),
    "ssh": ("reaching the server", "openssh-client", "openssh"),
    "java": ("the HTML validator in the tests", "default-jre-headless", "openjdk"),
    "npm": ("the validator and Lighthouse", "npm", "node"),
    "chromium": ("the browser tests", "chromium", "--cask chromium"),
    "nginx": ("the hosting tests", "nginx libnginx-mod-http-brotli-static", "nginx"),
}


class Missing(RuntimeError):
    """A program a command needs is not installed; str() is the sentence to show."""


def install_command(tool: str) -> str:
    _why, debian, mac = TOOLS[tool]
    if platform.system() == "Darwin":
        return f"brew install {mac}"
    return f"sudo apt-get install {debian}"


def missing_sentence(tool: str) -> str:
    why = TOOLS[tool][0]
    return (
        f"{tool} is not installed (it is needed for {why}): "
        f"install it with `{install_command(tool)}`."
    )


def need(tool: str, program: str | None = None) -> str:
    """The path of `program` (default: the tool's own name), or Missing."""
    found = shutil.which(program or tool)
    if found is None:
        raise Missing(missing_sentence(tool))
    return found
