"""Tasks behind the Makefile. Run `make help` for the list; each has one line of help."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PY = sys.executable

DEV = str(ROOT / "pelicanconf.py")
PROD = str(ROOT / "publishconf.py")


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(1)


@task
def html(c, output="output"):
    """Build the site with the development settings (strict: any warning fails)."""
    from olea.build import build

    outcome = build(DEV, output)
    if not outcome.ok:
        sys.exit(1)
    print(f"Built {output}/ in {outcome.seconds:.1f} s.")


@task
def clean(c):
    """Remove the built site and the content cache."""
    for name in ("output", ".output.building", ".output.old", "cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)


@task
def devserver(c, port=8000, host="localhost"):
    """Build and serve at http://localhost:8000, reloading the browser on every save."""
    from olea.serve import serve

    sys.exit(serve(DEV, host=host, port=int(port)))


@task
def publish(c, output="output"):
    """Build, compress and verify the production site; output/ changes only if all passed."""
    from olea.publish import publish as run_publish

    outcome = run_publish(PROD, output)
    if not outcome.ok:
        _fail("Publish failed: the site was not changed.")
    print(f"Published build in {output}/ ({outcome.seconds:.1f} s).")


@task
def test(c, k="", browser=True):
    """Run the whole test suite (pytest), browser tests included."""
    args = [PY, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if not browser:
        args += ["-m", "not browser"]
    c.run(" ".join(args), pty=False)


@task
def lint(c):
    """Check Python style (ruff) and template indentation (djhtml)."""
    c.run(f"{PY} -m ruff check .")
    c.run(f"{PY} -m ruff format --check .")
    theme = ROOT / "theme"
    found = [*(theme / "templates").rglob("*.html"), *(theme / "components").rglob("*.html")]
    templates = " ".join(str(p) for p in sorted(found))
    c.run(f"{PY} -m djhtml --check {templates}")


@task
def report(c):
    """Print each article's word count, reading grade and reference count."""
    c.run(f"{PY} -m olea.report")


@task
def bench(c, sizes="100,1000"):
    """Time cold, plain-Pelican and warm builds of synthetic articles; print ratios."""
    c.run(f"{PY} {ROOT / 'bench/build.py'} --sizes {sizes}")


@task
def lock(c):
    """Re-pin both locks from pyproject.toml (exact versions with hashes).

    requirements.lock holds what building needs; requirements-test.lock adds the
    "dev" extra, held to the same pins by the first (-c).
    """
    os.chdir(ROOT)
    common = (
        f"{PY} -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe "
        "--all-build-deps --no-emit-index-url --no-emit-find-links"
    )
    c.run(f"{common} -o requirements.lock pyproject.toml")
    c.run(f"{common} --extra dev -c requirements.lock -o requirements-test.lock pyproject.toml")


@task
def audit(c, build=True):
    """Lighthouse on home, an article, a category, the body map: a11y, BP, SEO must be 100."""
    from olea.audit import main

    code = main([] if build else ["--no-build"])
    if code:
        sys.exit(code)


@task
def check(c, publish=False):
    """Run every content check without writing the site; problems grouped by file."""
    from olea.check import main

    code = main(["--settings", PROD if publish else DEV])
    if code:
        sys.exit(code)


@task
def new(c, title=""):
    """Start a new article: content/articles/SLUG/index.md from the template."""
    from olea.new import main

    code = main([title] if title else [])
    if code:
        sys.exit(code)


@task
def translate(c, slug="", lang=""):
    """Start a translation: content/articles/SLUG/index.LANG.md beside its source."""
    from olea.new import translate_main

    code = translate_main([slug, lang])
    if code:
        sys.exit(code)


@task
def messages(c):
    """Update the theme's message catalogues after editing template strings.

    Babel extracts the strings marked in theme/**.html (babel.cfg) into a template
    that is not kept, then updates every theme/translations/CODE/LC_MESSAGES/messages.po:
    a new string comes in untranslated (or fuzzy, a guess to check), a string no
    template has any more goes. Then translate what is new (tests/unit/test_i18n.py).
    """
    import tempfile

    os.chdir(ROOT)
    babel = f"{PY} -m babel.messages.frontend --quiet"
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        c.run(f"{babel} extract --mapping-file babel.cfg --project Olea --output-file {pot} .")
        c.run(
            f"{babel} update --ignore-obsolete --domain messages --input-file {pot} "
            "--output-dir theme/translations"
        )


# --- Deploy (olea/deploy.py): each refuses an output that make publish did not verify ----
@task
def deploy(c, output="output"):
    """Deploy the verified output/ the way this site was set up (OLEA_DEPLOY)."""
    from olea.deploy import main

    code = main(["deploy", "--output", output])
    if code:
        sys.exit(code)


@task
def github(c, output="output"):
    """Push the verified output/ to gh-pages (history kept, .nojekyll, CNAME from OLEA_CNAME)."""
    from olea.deploy import main

    code = main(["github", "--output", output])
    if code:
        sys.exit(code)


@task
def rsync_upload(c, output="output"):
    """Upload output/ as a new release to OLEA_RSYNC_TARGET, then switch `current` to it."""
    from olea.deploy import main

    code = main(["rsync", "--output", output])
    if code:
        sys.exit(code)


@task
def rollback(c):
    """Make the release before the live one on OLEA_RSYNC_TARGET live again."""
    from olea.deploy import main

    code = main(["rollback"])
    if code:
        sys.exit(code)
