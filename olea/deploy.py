"""Deploy a verified publish: GitHub Pages (ghp-import) or a server (rsync releases).

Every deploy first checks the folder against the manifest make publish wrote
(olea.publish.check_manifest): an empty, partial, unverified or edited output
is refused.

rsync layout on the target (user@host:/srv/olea or a local folder):

    releases/20261123T221500123456Z/   one folder per upload, never changed after
    current -> releases/...            what the web server's root points at

An upload goes into releases/.NAME.partial, is renamed to releases/NAME only
when rsync finished, and then `current` is switched by renaming a new symlink
over it (one atomic rename), so an interrupted upload leaves the previous
release live. The same shell steps run locally or through ssh.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from olea.publish import ROOT, check_manifest
from olea.system import Missing, need

# Remote targets look like host:/path or user@host:path (a local path has no colon
# before its first slash).
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")


class DeployRefused(Exception):
    pass


def _refuse_unverified(output: Path) -> None:
    problems = check_manifest(output)
    if problems:
        raise DeployRefused("deploy refused: " + "; ".join(problems))


def _refuse_content(path: str | Path) -> None:
    """No target may be, or contain, the project's content folder."""
    resolved = Path(path).expanduser().resolve()
    content = (ROOT / "content").resolve()
    if resolved == content or content.is_relative_to(resolved) or resolved.is_relative_to(content):
        raise DeployRefused(f"deploy refused: {path} is or holds the content folder")


# --- GitHub Pages ------------------------------------------------------------------------


def github(
    output: Path,
    repo: Path = ROOT,
    remote: str = "origin",
    branch: str = "gh-pages",
    cname: str = "",
    push: bool = True,
    message: str = "Publish the site",
) -> None:
    """Commit `output` on top of `branch` (history kept) with .nojekyll and CNAME, then push."""
    output = Path(output).resolve()
    _refuse_unverified(output)
    need("git")
    args = [sys.executable, "-m", "ghp_import", "-n", "-b", branch, "-m", message]
    if cname:
        args += ["-c", cname]
    if push:
        args += ["-p", "-r", remote]
        # ghp-import only builds on the remote's branch if the local one knows it.
        subprocess.run(["git", "fetch", "-q", remote, branch], cwd=repo, capture_output=True)
        subprocess.run(
            ["git", "branch", "-f", branch, f"{remote}/{branch}"], cwd=repo, capture_output=True
        )
    args.append(str(output))
    result = subprocess.run(args, cwd=repo, capture_output=True, text=True)
    if result.returncode:
        raise DeployRefused(f"ghp-import failed: {result.stderr.strip() or result.stdout}")


# --- rsync releases ----------------------------------------------------------------------

_PREPARE = r"""set -eu
mkdir -p "$1/releases"
cd "$1/releases"
# An earlier interrupted upload left its partial folder: it was never live.
for old in .*.partial; do [ -e "$old" ] && rm -rf -- "$old"; done
true
"""

_SWITCH = r"""set -eu
cd "$1"
[ -f "releases/$2/_publish.json" ] || { echo "releases/$2 is incomplete" >&2; exit 3; }
ln -sfn "releases/$2" .current.tmp
mv -Tf .current.tmp current
"""

_FINISH = r"""set -eu
cd "$1/releases"
mv -T -- ".$2.partial" "$2"
"""

_PRUNE = r"""set -eu
cd "$1"
live=$(basename "$(readlink current)")
ls -1 releases | sort -r | tail -n +$(( $2 + 1 )) | while read -r name; do
  [ "$name" = "$live" ] || rm -rf -- "releases/$name"
done
"""

_ROLLBACK = r"""set -eu
cd "$1"
live=$(basename "$(readlink current)")
previous=$(ls -1 releases | sort \
  | awk -v live="$live" '$0 == live { print prev; exit } { prev = $0 }')
[ -n "$previous" ] || { echo "no release before $live to roll back to" >&2; exit 4; }
ln -sfn "releases/$previous" .current.tmp
mv -Tf .current.tmp current
echo "$previous"
"""


def _split(target: str) -> tuple[str | None, str]:
    match = _REMOTE.match(target)
    if match and not Path(target).exists():
        return match["host"], match["path"]
    return None, target


def _sh(target: str, script: str, *args: str) -> str:
    """Run a step in the target's folder: locally with sh, or on the host with ssh."""
    host, path = _split(target)
    if host is None:
        command = ["sh", "-c", script, "sh", path, *args]
    else:
        line = " ".join(shlex.quote(a) for a in ["sh", "-c", script, "sh", path, *args])
        command = ["ssh", host, line]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise DeployRefused(f"step failed on {target}: {result.stderr.strip()}")
    return result.stdout.strip()


def release_name() -> str:
    """UTC time to the microsecond: names sort in upload order."""
    now = time.time_ns() // 1000
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**6))
    return f"{stamp}.{now % 10**6:06d}Z"


def rsync_upload(
    output: Path,
    target: str,
    keep: int = 5,
    rsync: Sequence[str] = ("rsync",),
    reload: str = "",
) -> str:
    """Upload `output` as a new release, then make it live; return the release's name."""
    output = Path(output).resolve()
    _refuse_unverified(output)
    if not target:
        raise DeployRefused("no target: set OLEA_RSYNC_TARGET (user@host:/srv/olea or a folder)")
    host, path = _split(target)
    if host is None:
        _refuse_content(path)
    else:
        need("ssh")
    if tuple(rsync) == ("rsync",):
        need("rsync")
    keep = max(int(keep), 1)
    name = release_name()
    _sh(target, _PREPARE)
    dest = f"{target.rstrip('/')}/releases/.{name}.partial/"
    # Unchanged files become hard links to the live release: fast, and cheap on disk.
    link = ["--link-dest", f"{path.rstrip('/')}/current/"] if _has_current(target) else []
    result = subprocess.run([*rsync, "-a", *link, f"{output}/", dest], capture_output=True)
    if result.returncode:
        raise DeployRefused(
            f"upload interrupted (rsync exit {result.returncode}); the live release is unchanged"
        )
    _sh(target, _FINISH, name)
    _sh(target, _SWITCH, name)
    _sh(target, _PRUNE, str(keep))
    _reload(target, reload)
    return name


def _reload(target: str, command: str) -> None:
    """Let the web server re-read the new release's configuration (its CSP hash)."""
    if command:
        _sh(target, 'cd "$1" && eval "$2"', command)


def _has_current(target: str) -> bool:
    return _sh(target, 'cd "$1" && if [ -L current ]; then echo yes; fi') == "yes"


def rollback(target: str, reload: str = "") -> str:
    """Make the release before the live one live again; return its name."""
    if not target:
        raise DeployRefused("no target: set OLEA_RSYNC_TARGET")
    if _split(target)[0] is not None:
        need("ssh")
    name = _sh(target, _ROLLBACK)
    _reload(target, reload)
    return name


def live_release(target: str) -> str:
    return _sh(target, 'cd "$1" && basename "$(readlink current)"')


def _settings() -> dict:
    """publishconf.py's values (read as a plain module: only the OLEA_ deploy settings matter)."""
    import runpy

    return runpy.run_path(str(ROOT / "publishconf.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["deploy", "github", "rsync", "rollback"])
    parser.add_argument("--output", default=str(ROOT / "output"))
    args = parser.parse_args(argv)
    settings = _settings()
    action = args.action
    try:
        if action == "deploy":
            # The one command authors learn: the deploy this site was set up for.
            action = settings.get("OLEA_DEPLOY", "")
            if action not in ("github", "rsync"):
                raise DeployRefused(
                    "this site has no deploy set up yet: whoever sets the site up sets "
                    "OLEA_DEPLOY in publishconf.py to 'github' or 'rsync' (CONTRIBUTING.md, "
                    "'Setting up the site')"
                )
        if action == "github":
            github(
                Path(args.output),
                remote=settings.get("OLEA_GIT_REMOTE") or "origin",
                cname=settings.get("OLEA_CNAME", ""),
            )
            print("Pushed to gh-pages.")
        elif action == "rsync":
            target = settings.get("OLEA_RSYNC_TARGET", "")
            name = rsync_upload(
                Path(args.output),
                target,
                settings.get("OLEA_KEEP_RELEASES", 5),
                reload=settings.get("OLEA_RELOAD_COMMAND", ""),
            )
            print(f"Release {name} is live on {target}.")
        else:
            target = settings.get("OLEA_RSYNC_TARGET", "")
            name = rollback(target, reload=settings.get("OLEA_RELOAD_COMMAND", ""))
            print(f"Rolled back: release {name} is live on {target}.")
    except (DeployRefused, Missing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
