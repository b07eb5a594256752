"""Real Pelican runs on the fixture: the same site, with each address worked
out at most once from the generators' end on (link checks, fingerprints, pages)."""

from __future__ import annotations

from olea_common.testing import build_fixture

# Counts, per article or page, how often its address is worked out once the
# generators are done (from Pelican's all_generators_finalized signal on).
COUNT = """
from collections import Counter
from pelican import signals
from pelican.contents import Content

compute, writing = Content.url.fget, []
report["counts"] = Counter()

def counting(self):
    if writing:
        report["counts"][self.slug] += 1
    return compute(self)

Content.url = property(counting)  # before olea_urls wraps it
signals.all_generators_finalized.connect(lambda sender: writing.append(1), weak=False)
"""


def test_the_same_site_with_each_address_worked_out_once(tmp_path):
    ours, remembered = build_fixture(tmp_path, "ours", setup=COUNT)
    plain, recomputed = build_fixture(tmp_path, "plain", without=["olea_urls"], setup=COUNT)
    assert ours == plain
    remembered, recomputed = remembered["counts"], recomputed["counts"]
    assert remembered and max(remembered.values()) == 1
    assert set(remembered) == set(recomputed)  # the same addresses were asked for
    assert max(recomputed.values()) > 1  # ... and without it, asked for again and again
