"""Every example of every component (theme/components/NAME/examples.json) alone
on a minimal page with the site's stylesheet, in Chromium with axe-core, in light
and dark mode: no violation, and nothing fetched.

Each example is rendered as a page template renders the component: its macro
imported without context, in a Jinja environment with the site's folders,
options and filters (olea.templates.environment). A component that passes here
passes because of its own markup and CSS, not the page around it.
"""

from __future__ import annotations

import re

import pytest
from helpers import (
    axe_violations,
    component_names,
    example_page,
    examples_of,
    format_violations,
    render_example,
    site_settings,
)

from olea.templates import environment, stylesheet

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")
EXAMPLES = [
    pytest.param(name, example, id=f"{name}:{re.sub(r'[^a-z0-9]+', '-', example['name'].lower())}")
    for name in component_names()
    for example in examples_of(name)
]


@pytest.fixture(scope="module")
def env():
    return environment(site_settings())


@pytest.fixture(scope="module")
def css():
    return stylesheet(site_settings()["THEME"])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_example_has_no_axe_violation(new_context, env, css, name, example, scheme):
    html = example_page(name, example, render_example(env, name, example), css)
    page = new_context(color_scheme=scheme).new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(html, wait_until="load")
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    violations = axe_violations(page)
    # The examples' images are data: URLs and axe is injected from the Python package.
    assert all(u.startswith(("data:", "about:")) for u in requests), requests
    assert not violations, (
        f"{len(violations)} axe rule(s) fail on {name}'s example "
        f"'{example['name']}' ({scheme} mode):\n" + format_violations(violations)
    )
