"""What the clinic says about itself, shown only once the clinic has confirmed it.

Some sentences about the clinic (who writes the articles, how a first visit
goes, the cancellation policy) were written for it but never supplied by it.
Each lives once, in content/data/clinic.json, with `"confirmed": false` until
the clinic says it is true. An article or page puts one where it belongs with
a paragraph of exactly `{clinic:KEY}`: the build shows the statement's text
there once it is confirmed, and nothing until then (so the text around it
must read well without it). `make report` lists the statements still waiting.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from olea.compat import body, set_body
from olea.problems import report, text_line

MARKER = re.compile(r"<p>\s*\{clinic:([a-z0-9-]+)\}\s*</p>\n?")
ANY_MARKER = re.compile(r"\{clinic:([^}]*)\}")


@dataclass(frozen=True)
class Statement:
    key: str
    text: str
    confirmed: bool
    where: str = ""


def data_path(settings) -> str:
    folder = settings.get("OLEA_DATA_PATH") or os.path.join(settings["PATH"], "data")
    return os.path.join(folder, "clinic.json")


def translated(statements: dict[str, Statement], path: str) -> dict[str, Statement]:
    """The statements in a sub-site's language: the words from `path` (clinic.es.json),
    whether each is confirmed always from clinic.json, so one confirmation serves all."""
    import dataclasses

    words = load(path) if os.path.isfile(path) else {}
    out = {}
    for key, statement in statements.items():
        if key not in words:
            report(
                path,
                0,
                f"the clinic statement '{key}' has no translation in {os.path.basename(path)}",
                f'add "{key}": {{"text": "...", "confirmed": false}} there, translated.',
            )
            continue
        out[key] = dataclasses.replace(statement, text=words[key].text)
    return out


def load(path: str) -> dict[str, Statement]:
    """The statements by key; a mistake in the file is reported with its line."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError:
        return {}
    except json.JSONDecodeError as exc:
        report(
            path,
            exc.lineno,
            f"this is not valid JSON: {exc.msg}",
            "check the quotes and commas near that line.",
        )
        return {}
    found = {}
    for key, item in (data.get("statements") or {}).items():
        text = item.get("text") if isinstance(item, dict) else None
        if (
            not isinstance(text, str)
            or not text.strip()
            or not isinstance(item.get("confirmed"), bool)
        ):
            report(
                path,
                text_line(path, f'"{key}"'),
                f"the statement '{key}' needs a text and \"confirmed\": true or false",
                'write it as {"text": "...", "confirmed": false}.',
            )
            continue
        found[key] = Statement(key, text.strip(), item["confirmed"], item.get("where", ""))
    return found


_STATE: dict = {"statements": {}}


def read(pelican) -> None:
    """initialized: this build's statements."""
    from olea.languages import data_file

    settings = pelican.settings
    _STATE["statements"] = load(data_path(settings))
    if settings.get("OLEA_LANG_PREFIX"):
        _STATE["statements"] = translated(_STATE["statements"], data_file(settings, "clinic.json"))


def pending(statements: dict[str, Statement]) -> list[Statement]:
    return [s for s in statements.values() if not s.confirmed]


def expand(content) -> None:
    """content_object_init: each `{clinic:KEY}` paragraph becomes its statement, or goes."""
    from pelican.contents import Article, Page

    if not (isinstance(content, (Article, Page)) and content.source_path):
        return
    html = body(content)
    if "{clinic:" not in html:
        return
    path = content.source_path
    statements = _STATE["statements"]
    if len(MARKER.findall(html)) != len(ANY_MARKER.findall(html)):
        report(
            path,
            text_line(path, "{clinic:"),
            "a {clinic:...} marker is inside a sentence, "
            "or its key has letters other than a-z, 0-9 and '-'",
            "put {clinic:KEY} on a line of its own, with a blank line above and below.",
        )
        return
    for key in MARKER.findall(html):
        if key not in statements:
            report(
                path,
                text_line(path, f"{{clinic:{key}}}"),
                f"the clinic statement '{key}' is not in content/data/clinic.json",
                "add it there (confirmed: false until the clinic says it is true), "
                "or correct the key.",
            )

    def statement(m: re.Match) -> str:
        found = statements.get(m.group(1))
        return f"<p>{found.text}</p>\n" if found and found.confirmed else ""

    set_body(content, MARKER.sub(statement, html))
