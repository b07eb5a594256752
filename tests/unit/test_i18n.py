"""The theme in Spanish: every string the templates mark has its translation in
theme/translations/es/LC_MESSAGES/messages.po, and a Spanish build shows it."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from babel.messages.pofile import read_po
from helpers import ROOT

CATALOGUE = ROOT / "theme/translations/es/LC_MESSAGES/messages.po"
FIX = (
    f"run `make messages`, then translate each string it added to "
    f"{CATALOGUE.relative_to(ROOT)} (and take off its fuzzy flag once checked)"
)
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _forms(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text or ""))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings the templates mark, as `make messages` extracts them (babel.cfg)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            *(sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract"),
            *("--mapping-file", "babel.cfg", "--output-file", str(pot), "."),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def spanish():
    with CATALOGUE.open("rb") as f:
        return read_po(f)


def test_the_templates_mark_strings(extracted):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted if m.id}
    assert {"Skip to main content", "Where does it hurt?", "Home"} <= ids, sorted(ids)


def test_every_string_of_the_theme_has_its_spanish(extracted, spanish):
    problems = []
    for message in extracted:
        if not message.id:
            continue
        name = message.id if isinstance(message.id, str) else message.id[0]
        found = spanish.get(message.id)
        if found is None:
            problems.append(f"{name!r} is not in the catalogue")
            continue
        if found.fuzzy:
            problems.append(f"{name!r} is fuzzy (a guess nobody has checked; never shown)")
        wanted = sorted(set().union(*(_placeholders(i) for i in _forms(message.id))))
        forms = _forms(found.string)
        if isinstance(message.id, (list, tuple)) and len(forms) != spanish.num_plurals:
            problems.append(f"{name!r} has {len(forms)} forms; Spanish has {spanish.num_plurals}")
        for form in forms:
            if not form:
                problems.append(f"{name!r} has no translation")
            elif sorted(set(_placeholders(form))) != wanted:
                problems.append(f"{name!r}: {form!r} does not keep the placeholders {wanted}")
            elif "%" in PLACEHOLDER.sub("", form).replace("%%", ""):
                problems.append(f"{name!r}: {form!r} has a lone % (write %% for a percent sign)")
    assert not problems, f"{len(problems)} strings need work: {FIX}.\n" + "\n".join(problems)


def test_the_catalogue_has_no_string_the_templates_dropped(extracted, spanish):
    marked = {m.id if isinstance(m.id, str) else tuple(m.id) for m in extracted if m.id}
    left = [
        m.id if isinstance(m.id, str) else m.id[0]
        for m in spanish
        if m.id and (m.id if isinstance(m.id, str) else tuple(m.id)) not in marked
    ]
    obsolete = [m.id for m in spanish.obsolete.values()]
    assert not left and not obsolete, (
        f"the catalogue has strings no template uses any more: {FIX}.\n"
        + "\n".join(repr(m) for m in [*left, *obsolete])
    )


@pytest.fixture(scope="module")
def settings():
    from pelican.settings import read_settings

    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"DEFAULT_LANG": "es", "OLEA_LANG_PREFIX": "es/", "OLEA_LOCALE": "es_US"},
    )


def _macro(settings, name: str):
    from olea.templates import environment

    template = environment(settings).get_template(f"components/{name}/{name}.html")
    return getattr(template.module, name.replace("-", "_"))


def test_a_component_speaks_spanish_on_the_spanish_site(settings):
    html = str(_macro(settings, "review-dates")(item=_Reviewed()))
    assert "<dt>Última revisión de la página</dt>" in html, html
    assert '<time datetime="2026-12-03">3 de diciembre de 2026</time>' in html, html
    crumbs = str(_macro(settings, "breadcrumbs")(trail=[("Temas", "category/")]))
    assert 'aria-label="Ruta de navegación"' in crumbs and ">Inicio</a>" in crumbs, crumbs


def test_a_count_takes_its_plural_in_spanish(settings):
    html = str(_macro(settings, "body-map")(regions=[_Region(1), _Region(3)]))
    assert "(1 artículo)" in html and "(3 artículos)" in html, html


def test_topics_take_their_spanish_names(settings):
    card = str(_macro(settings, "article-card")(article=_Article()))
    assert '<p class="olea-article-card__topic">Causas</p>' in card, card


class _Reviewed:
    last_reviewed = date(2026, 12, 3)
    next_review = date(2027, 12, 3)


class _Region:
    slug, name, url = "neck", "Cuello", "region/neck/"

    def __init__(self, count: int):
        self.articles = [None] * count


class _Article:
    category, title, summary, url = "Causes", "Título", "Resumen.", "slug/"
