"""Every form, submitted empty and with wrong values, answers in a person's words
(docs/product.md §6.19): each problem beside its field, led by the field's label, with no
raw validator text and no internal field name."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories.season import make_cookie_season
from tests.web.auth_helpers import route_table
from tests.web.page_text import page_text

RAW = ("Input should be", "must be a number, not", "Field required", "Value error", "type=")
_ERROR = re.compile(
    r'<(?:label[^>]*\bfor|legend id)="(?:f-)?(?P<label_for>[^"]+)"[^>]*>'
    r"(?P<label>.*?)</(?:label|legend)>|"
    r'<small class="field-error" id="e-(?P<name>[^"]+)"[^>]*>(?P<message>.*?)</small>',
    re.S,
)
_GENERAL = re.compile(r'<div class="notice notice-error[^"]*" role="alert"[^>]*>(.*?)</div>', re.S)
#: snake_case words: an internal name leaking into what a person reads.
_INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b")


_FORM = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*>(.*?)</form>', re.S | re.I)
_ACTION = re.compile(r'<form\b[^>]*\baction="([^"]*)"', re.I)
_INPUT = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
#: Forms whose empty submit is the action itself (delete, sign out): not walked.
_ACTS_WHEN_EMPTY = ("/delete", "/remove", "/reverse", "/write-off", "/sign-out", "/revoke",
                    "/reset", "/logout", "/prefer", "/assemble", "/deliver", "/active")  # fmt: skip
#: The shared archive buttons (docs/product.md §6.20): the empty submit archives, and an
#: archived record leaves the lists the other forms are walked from.
_ACTS_WHEN_EMPTY_FIRST = ("/archive/", "/unarchive/")


def forms_on(markup: str) -> dict[str, list[dict[str, str]]]:
    """Each post form's action and its inputs' attributes."""
    found: dict[str, list[dict[str, str]]] = {}
    for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", markup, re.S | re.I):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get("method", "get").lower() != "post" or "action" not in attrs:
            continue
        inputs = [dict(_ATTR.findall(m.group(2))) | {"tag": m.group(1).lower()}
                  for m in _INPUT.finditer(match.group(2))]  # fmt: skip
        found.setdefault(attrs["action"], inputs)
    return found


def wrong_value(field: dict[str, str]) -> str | None:
    """A value a person could type that the field must refuse."""
    kind = field.get("type", "text")
    if field["tag"] == "select":
        return "not-a-choice"
    if kind in ("hidden", "submit", "checkbox", "radio", "button", "password"):
        return None
    if kind == "date":
        return "31/31/2024"
    if field.get("inputmode") in ("decimal", "numeric") or kind == "number":
        return "lots"
    return "x" * 5000


_NUMBERS = re.compile(r"quantity|price|cost|batches|count|amount|budget|weeks|density|size|value")


def typed_wrong(field: dict[str, str]) -> str | None:
    name = field.get("name", "")
    value = wrong_value(field)
    if value == "x" * 5000 and _NUMBERS.search(name):
        return "lots"
    return value


def pages_to_walk(season_ids: dict[str, int], app: FastAPI) -> list[str]:
    """Every page's address with the season's records in its path."""
    pages = []
    for method, template in route_table(app):
        if method != "GET" or template.startswith(("/api", "/login", "/logout", "/static")):
            continue
        path = template
        for name in re.findall(r"{(\w+)}", path):
            if name not in season_ids:
                path = ""
                break
            path = path.replace("{" + name + "}", str(season_ids[name]))
        if path:
            pages.append(path)
    return sorted(set(pages))


def problems_in(markup: str) -> list[str]:
    """What is wrong with the problems a redrawn form shows (empty when all is well)."""
    wrong = []
    label_of: dict[str, list[str]] = {}
    messages: list[tuple[str, str]] = []
    for match in _ERROR.finditer(markup):
        if match.group("label_for"):
            label = page_text(match.group("label")).rstrip(" *").split(",")[0]
            label_of.setdefault(match.group("label_for"), []).append(label.lower())
        else:
            messages.append((match.group("name"), page_text(match.group("message"))))
    general = [page_text(m) for m in _GENERAL.findall(markup)]
    for name, message in messages:
        labels = label_of.get(name)
        if not labels:
            wrong.append(f"{name}: no label for the field with the message {message!r}")
        elif not message.lower().startswith(tuple(labels)):
            wrong.append(f"{name}: {message!r} does not start with its label {labels}")
    for text in [m for _, m in messages] + general:
        raw = [r for r in RAW if r in text]
        internal = _INTERNAL.findall(text)
        if raw or internal:
            wrong.append(f"{text!r}: raw text {raw} or internal names {internal}")
    if not messages and not general:
        wrong.append("no message at all")
    return wrong


@pytest.mark.parametrize("fill", ["empty", "wrong"])
def test_every_form_answers_in_a_persons_words(
    app: FastAPI, client: TestClient, db: Session, fill: str
) -> None:
    season = make_cookie_season(db, recipients=["Alice", "Bob"])
    db.commit()
    ids = {
        "event_id": season.event.id, "recipe_id": season.recipe.id,
        "recipient_id": season.assignments[0].recipient_id,
        "ingredient_id": season.flour.id, "lot_id": season.old_flour.id,
        "assignment_id": season.assignments[0].id, "package_id": season.package.id,
        "bundle_id": season.bundle.id, "item_id": season.recipe.items[0].id,
    }  # fmt: skip
    forms: dict[str, list[dict[str, str]]] = {}
    for page in pages_to_walk(ids, app):
        response = client.get(page)
        if response.status_code == 200:
            for action, inputs in forms_on(response.text).items():
                forms.setdefault(action.split("?")[0], inputs)
    walked, failures = [], {}
    for action, inputs in sorted(forms.items()):
        if action.endswith(_ACTS_WHEN_EMPTY) or action.startswith(_ACTS_WHEN_EMPTY_FIRST):
            continue
        data: dict[str, str] = {}
        for field in inputs:
            name = field.get("name")
            if not name:
                continue
            if name == "idempotency_key":
                data[name] = str(uuid.uuid4())  # each submit is a new one
            elif field.get("type") == "hidden":
                data[name] = field.get("value", "")
            elif fill == "wrong" and (value := typed_wrong(field)) is not None:
                data[name] = value
        response = client.post(action, data=data, follow_redirects=False)
        if response.status_code < 400:
            continue  # nothing in it was required, or everything given was fine
        walked.append(action)
        wrong = problems_in(response.text)
        if wrong:
            failures[action] = [response.status_code, *wrong, page_text(response.text)[:1500]]
    assert len(walked) >= 10, (walked, sorted(forms), pages_to_walk(ids, app))
    assert not failures, "\n".join(f"{a}: {w}" for a, w in failures.items())
