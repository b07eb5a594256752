"""The published site behind nginx (the `nginx` fixture), in Chromium."""

from __future__ import annotations

import pytest
from helpers import SITEURL


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "query", "first"),
    [
        ("/tight-hamstrings-and-low-back-pain/", "psoas", "/psoas-and-the-deep-hip-flexors/"),
        # The Spanish site's own index, with its types and headers.
        ("/es/tight-hamstrings-and-low-back-pain/", "ciática", "/es/herniated-disc-and-sciatica/"),
    ],
    ids=["en", "es"],
)
def test_search_works_under_the_served_content_security_policy(
    nginx, new_context, path, query, first
):
    """The header's search box on the published site with nginx's real headers:
    Pagefind's script, worker and WebAssembly all load under the CSP.

    The pages name https://example.org, so the browser asks for that origin and
    every request is answered by nginx (headers and all), as the live site would.
    """
    context = new_context()
    context.route(
        f"{SITEURL}/**",
        lambda route: route.fulfill(
            response=route.fetch(url=route.request.url.replace(SITEURL, nginx))
        ),
    )
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.goto(f"{SITEURL}{path}")
    assert page.is_visible("#olea-header-search-input")  # the script ran
    page.fill("#olea-header-search-input", query)
    page.wait_for_selector("#olea-header-search-results a", timeout=15_000)
    found = page.eval_on_selector("#olea-header-search-results a", "a => a.getAttribute('href')")
    assert found == first
    assert blocked == [], blocked
