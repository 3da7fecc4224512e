"""The settings store: stored changes, environment overrides, defaults
(docs/product.md §6.15).

A setting reads, in order: the environment variable ``BAKEHOUSE_<KEY>`` (a deployment's
override), the value an owner stored, the default in ``domain/settings.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.locale import Locale
from bakehouse.domain.settings import KNOWN_SETTINGS, SettingSpec, locale_of, spec_of
from bakehouse.errors import Conflict
from bakehouse.models import StoredSetting

Source = Literal["default", "stored", "environment"]


@dataclass(frozen=True)
class SettingValue:
    key: str
    value: int | str
    default: int | str
    source: Source
    description: str
    kind: str
    minimum: int | None
    maximum: int | None
    environment_variable: str
    changed_by: str
    label: str
    #: The values to pick from (value, how it reads), for a setting with a short list.
    choices: tuple[tuple[str, str], ...] = ()


def _environment(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _value_of(spec: SettingSpec, stored: str | None, environ: Mapping[str, str]) -> SettingValue:
    override = environ.get(spec.environment_variable)
    if override is not None:
        value, source = spec.read(override, source=spec.environment_variable), "environment"
    elif stored is not None:
        value, source = spec.read(stored, source="as stored"), "stored"
    else:
        value, source = spec.default, "default"
    return SettingValue(
        spec.key, value, spec.default, source,  # type: ignore[arg-type]
        spec.description, spec.kind.value, spec.minimum, spec.maximum,
        spec.environment_variable, spec.changed_by.value, spec.label, spec.choices,
    )  # fmt: skip


def list_settings(
    session: Session, *, environ: Mapping[str, str] | None = None
) -> list[SettingValue]:
    """Every known setting with its value and where the value comes from; one statement."""
    # .all(): a Result has keys(), so dict() would take it for a mapping.
    stored = dict(session.execute(select(StoredSetting.key, StoredSetting.value)).all())
    env = _environment(environ)
    return [_value_of(spec, stored.get(key), env) for key, spec in KNOWN_SETTINGS.items()]


def get_setting(
    session: Session, key: str, *, environ: Mapping[str, str] | None = None
) -> SettingValue:
    """Setting ``key`` and where its value comes from. :class:`NotFound` for an unknown key;
    :class:`InvalidInput` when the environment holds a value the setting cannot take."""
    spec = spec_of(key)
    row = session.get(StoredSetting, spec.key)
    return _value_of(spec, None if row is None else row.value, _environment(environ))


def setting_value(session: Session, key: str, *, environ: Mapping[str, str] | None = None) -> int:
    """A whole-number setting's value."""
    value = get_setting(session, key, environ=environ).value
    assert isinstance(value, int), key
    return value


def whole_number_settings(
    session: Session, *, environ: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Every whole-number setting's value by key; one statement."""
    found = list_settings(session, environ=environ)
    return {s.key: s.value for s in found if isinstance(s.value, int)}


def locale_settings(session: Session, *, environ: Mapping[str, str] | None = None) -> Locale:
    """The locale pages, printable lists and the CLI show things in (docs/product.md
    §6.19): the time zone, currency, number and date formats; one statement."""
    return locale_of({s.key: s.value for s in list_settings(session, environ=environ)})


def setting_values(
    session: Session, keys: Iterable[str], *, environ: Mapping[str, str] | None = None
) -> dict[str, int | str]:
    """The values of several settings, by key, in one statement."""
    wanted = [spec_of(key) for key in keys]
    stored = dict(
        session.execute(
            select(StoredSetting.key, StoredSetting.value).where(
                StoredSetting.key.in_([spec.key for spec in wanted])
            )
        ).all()
    )
    env = _environment(environ)
    return {spec.key: _value_of(spec, stored.get(spec.key), env).value for spec in wanted}


def set_setting(
    session: Session, key: str, value: object, *, environ: Mapping[str, str] | None = None
) -> SettingValue:
    """Store ``value`` for setting ``key``. :class:`InvalidInput` for a value it cannot take;
    :class:`Conflict` while the environment overrides it (the change would not show)."""
    spec = spec_of(key)
    parsed = spec.read(str(value))
    _refuse_overridden(spec, _environment(environ))
    row = session.get(StoredSetting, spec.key)
    if row is None:
        session.add(StoredSetting(key=spec.key, value=str(parsed)))
    else:
        row.value = str(parsed)
    session.flush()
    return get_setting(session, spec.key, environ=environ)


def reset_setting(
    session: Session, key: str, *, environ: Mapping[str, str] | None = None
) -> SettingValue:
    """Forget the stored value of ``key``: it reads its default again (or the environment's)."""
    spec = spec_of(key)
    row = session.get(StoredSetting, spec.key)
    if row is not None:
        session.delete(row)
        session.flush()
    return get_setting(session, spec.key, environ=environ)


def _refuse_overridden(spec: SettingSpec, environ: Mapping[str, str]) -> None:
    if spec.environment_variable in environ:
        raise Conflict(
            f"{spec.key} is set by the environment variable {spec.environment_variable} "
            "on this server; change it there (a stored value would not show)",
            field=spec.key,
        )
