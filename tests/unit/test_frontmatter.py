"""The shared helpers against what they stand in for."""

from __future__ import annotations

import random

from pelican.utils import get_date

from olea.frontmatter import iso_day


def test_iso_day_reads_a_date_as_pelicans_get_date_does():
    rng = random.Random(0)
    for _ in range(2000):
        text = f"{rng.randint(1900, 2100):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        ours, pelicans = iso_day(text), get_date(text)
        assert ours == pelicans and type(ours) is type(pelicans) and ours.tzinfo is None
    # Impossible days and other forms (here Arabic-Indic digits) are left to
    # get_date, which explains itself.
    arabic_indic = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in "2026-01-05")
    for text in ("2026-02-30", "2026-13-01", "2026-1-5", "5 January 2026", arabic_indic, ""):
        assert iso_day(text) is None
