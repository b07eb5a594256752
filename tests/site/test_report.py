"""`make report`: each article's figures, and what the clinic has still to confirm."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT


def test_report_lists_every_article_and_every_statement_awaiting_confirmation(article_slugs):
    result = subprocess.run(
        [sys.executable, "-m", "olea.report"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    for slug in article_slugs:
        assert slug in result.stdout, slug
    statements = json.loads((ROOT / "content/data/clinic.json").read_text())["statements"]
    waiting = [key for key, s in statements.items() if not s["confirmed"]]
    said = result.stdout.split("await the clinic's confirmation", 1)[1]
    assert all(key in said for key in waiting)
    assert not any(key in said for key, s in statements.items() if s["confirmed"])


def test_report_lists_the_license_numbers_while_missing():
    from olea.report import missing_licenses

    assert len(missing_licenses({"establishment_license": "", "therapists": []})) == 2
    assert missing_licenses({"establishment_license": "X", "therapists": [("A", "1")]}) == []
