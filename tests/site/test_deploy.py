"""Deploys with the real tools: ghp-import into a real git repository with a bare
origin, and real rsync into a local release folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from olea import deploy, publish

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def site(published_site, tmp_path) -> Path:
    copy = tmp_path / "output"
    shutil.copytree(published_site, copy)
    return copy


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    git("init", "-q", "--bare", str(origin), cwd=tmp_path)
    git("init", "-q", "-b", "main", str(work), cwd=tmp_path)
    git("remote", "add", "origin", str(origin), cwd=work)
    (work / "README").write_text("source")
    git("add", "README", cwd=work)
    git("commit", "-q", "-m", "source", cwd=work)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return work


def test_github_pages_tree_and_history(site, repo):
    origin = repo.parent / "origin.git"
    deploy.github(site, repo=repo, remote="origin", cname="example.org")
    tree = git("ls-tree", "--name-only", "gh-pages", cwd=origin).splitlines()
    assert {".nojekyll", "CNAME", "index.html", "404.html", "_headers"} <= set(tree)
    assert git("show", "gh-pages:CNAME", cwd=origin) == "example.org"
    index = git("show", "gh-pages:index.html", cwd=origin)
    assert index == (site / "index.html").read_text().strip()
    # A second publish (without a custom domain) builds on the first: history is kept.
    first = git("rev-parse", "gh-pages", cwd=origin)
    deploy.github(site, repo=repo, remote="origin", cname="")
    assert git("rev-parse", "gh-pages^", cwd=origin) == first
    assert git("rev-list", "--count", "gh-pages", cwd=origin) == "2"
    assert "CNAME" not in git("ls-tree", "--name-only", "gh-pages", cwd=origin).splitlines()
    # The source branch is untouched.
    assert git("ls-tree", "--name-only", "main", cwd=repo) == "README"


def test_github_refuses_empty_or_unverified_output(site, repo, tmp_path):
    origin = repo.parent / "origin.git"
    (tmp_path / "empty").mkdir()
    with pytest.raises(deploy.DeployRefused, match="empty"):
        deploy.github(tmp_path / "empty", repo=repo)
    (site / "about/index.html").write_text("edited after verification")
    with pytest.raises(deploy.DeployRefused, match="differs from its verified publish"):
        deploy.github(site, repo=repo)
    (site / publish.MANIFEST).unlink()
    with pytest.raises(deploy.DeployRefused, match=r"no _publish\.json"):
        deploy.github(site, repo=repo)
    branches = subprocess.run(
        ["git", "branch", "--list", "gh-pages"], cwd=origin, capture_output=True, text=True
    )
    assert branches.stdout.strip() == ""


def _release(target: Path) -> str:
    return os.readlink(target / "current")


def _with_extra_page(site: Path, text: str) -> Path:
    """A second, different verified publish (re-manifested as make publish would)."""
    (site / "extra.txt").write_text(text)
    publish.compress(site)
    publish.write_manifest(site, "https://example.org")
    return site


def test_rsync_releases_switch_prune_and_rollback(site, tmp_path):
    target = tmp_path / "srv"
    first = deploy.rsync_upload(site, str(target), keep=2)
    assert _release(target) == f"releases/{first}"
    assert (target / "current/index.html").read_bytes() == (site / "index.html").read_bytes()
    assert (target / "current/index.html.br").is_file()
    second = deploy.rsync_upload(_with_extra_page(site, "two"), str(target), keep=2)
    third = deploy.rsync_upload(_with_extra_page(site, "three"), str(target), keep=2)
    assert first < second < third
    assert (target / "current").is_symlink() and _release(target) == f"releases/{third}"
    assert (target / "current/extra.txt").read_text() == "three"
    # Only the newest two releases are kept.
    assert sorted(p.name for p in (target / "releases").iterdir()) == [second, third]
    # Unchanged files are hard links to the previous release.
    assert (target / f"releases/{third}/index.html").stat().st_nlink > 1
    assert deploy.rollback(str(target)) == second
    assert (target / "current/extra.txt").read_text() == "two"
    with pytest.raises(deploy.DeployRefused, match="no release before"):
        deploy.rollback(str(target))
    assert _release(target) == f"releases/{second}"


def test_interrupted_upload_leaves_the_previous_release_live(site, tmp_path):
    target = tmp_path / "srv"
    first = deploy.rsync_upload(site, str(target))
    # A big file, sent at 100 kB/s and killed after half a second: a real rsync cut midway.
    (site / "big.txt").write_bytes(os.urandom(4_000_000))
    publish.write_manifest(site, "https://example.org")
    with pytest.raises(deploy.DeployRefused, match="interrupted"):
        deploy.rsync_upload(
            site, str(target), rsync=["timeout", "-s", "KILL", "0.5", "rsync", "--bwlimit=100"]
        )
    assert _release(target) == f"releases/{first}"
    assert (target / "current/index.html").is_file()
    assert not (target / "current/big.txt").exists()
    partial = [p.name for p in (target / "releases").iterdir() if p.name.endswith(".partial")]
    assert len(partial) == 1, "the cut upload stays aside, never live"
    # The next upload clears it and goes live whole.
    second = deploy.rsync_upload(site, str(target))
    assert _release(target) == f"releases/{second}"
    assert (target / "current/big.txt").stat().st_size == 4_000_000
    assert sorted(p.name for p in (target / "releases").iterdir()) == [first, second]


def test_rsync_refuses_unverified_output_and_the_content_folder(site, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(deploy.DeployRefused, match="empty"):
        deploy.rsync_upload(tmp_path / "empty", str(tmp_path / "srv"))
    with pytest.raises(deploy.DeployRefused, match="content folder"):
        deploy.rsync_upload(site, str(deploy.ROOT / "content"))
    with pytest.raises(deploy.DeployRefused, match="content folder"):
        deploy.rsync_upload(site, str(deploy.ROOT))
    assert not (tmp_path / "srv").exists()
    assert (deploy.ROOT / "content/articles").is_dir()


def test_make_targets_upload_and_roll_back(site, tmp_path):
    """The commands behind make rsync_upload and make rollback, configured by environment."""
    import sys

    env = {
        **os.environ,
        "OLEA_RSYNC_TARGET": str(tmp_path / "srv"),
        "OLEA_KEEP_RELEASES": "1",
        # Stands in for `systemctl reload nginx`: it must run in the target after the switch.
        "OLEA_RELOAD_COMMAND": "readlink current > reloaded-with",
    }

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "olea.deploy", *args],
            cwd=deploy.ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    first = run("rsync", "--output", str(site))
    assert first.returncode == 0, first.stderr
    second = run("rsync", "--output", str(site))
    assert second.returncode == 0 and "is live" in second.stdout
    live = os.readlink(tmp_path / "srv/current")
    assert (tmp_path / "srv/reloaded-with").read_text().strip() == live
    # OLEA_KEEP_RELEASES=1: only the live release is left, so there is nothing to roll back to.
    assert len(list((tmp_path / "srv/releases").iterdir())) == 1
    back = run("rollback")
    assert back.returncode == 1 and "no release before" in back.stderr
    refused = run("rsync", "--output", str(tmp_path / "nothing"))
    assert refused.returncode == 1 and "run make publish first" in refused.stderr


def _deploy_command(*args, **env):
    import sys

    return subprocess.run(
        [sys.executable, "-m", "olea.deploy", *args],
        cwd=deploy.ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


def test_make_deploy_runs_the_deploy_the_site_was_set_up_for(site, tmp_path):
    """Authors learn one command; what it does is set once (OLEA_DEPLOY)."""
    done = _deploy_command(
        "deploy",
        "--output",
        str(site),
        OLEA_DEPLOY="rsync",
        OLEA_RSYNC_TARGET=str(tmp_path / "srv"),
    )
    assert done.returncode == 0 and "is live" in done.stdout, done.stderr
    assert (tmp_path / "srv/current/index.html").is_file()
    unset = _deploy_command("deploy", "--output", str(site), OLEA_DEPLOY="")
    assert unset.returncode == 1
    assert unset.stderr.strip() == (
        "error: this site has no deploy set up yet: whoever sets the site up sets OLEA_DEPLOY "
        "in publishconf.py to 'github' or 'rsync' (CONTRIBUTING.md, 'Setting up the site')"
    )


def test_a_missing_program_is_one_sentence_never_a_traceback(site, tmp_path):
    """Deploying with rsync, or to GitHub, on a machine without it."""
    empty = tmp_path / "bin"
    empty.mkdir()
    (empty / "python3").symlink_to(os.path.realpath(shutil.which("python3") or "/usr/bin/python3"))
    for action, tool in (("rsync", "rsync"), ("github", "git")):
        result = _deploy_command(
            action,
            "--output",
            str(site),
            PATH=str(empty),  # no rsync, no git, no ssh
            OLEA_RSYNC_TARGET=str(tmp_path / "srv"),
        )
        said = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in said, said
        lines = [line for line in said.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith(
            f"error: {tool} is not installed (it is needed for"
        ), said
        assert "install it with `" in said


def test_publish_without_the_public_address_says_where_to_set_it(tmp_path):
    from helpers import FIXTURES, copy_project

    project = copy_project(tmp_path / "project", FIXTURES / "minimal")
    result = subprocess.run(
        [__import__("sys").executable, "-m", "olea.publish"],
        cwd=project,
        env={k: v for k, v in os.environ.items() if k != "OLEA_SITEURL"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.strip().splitlines()[0]
    assert first == (
        "error: the site's public address is not set: set PUBLIC_SITEURL in publishconf.py "
        'once, for example PUBLIC_SITEURL = "https://www.example.org".'
    )
    assert not (project / "output").exists()
