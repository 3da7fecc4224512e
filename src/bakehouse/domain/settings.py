"""The settings a deployment can change, described once (docs/product.md §6.15).

Pure: each known setting is one :class:`SettingSpec` in :data:`KNOWN_SETTINGS` — its key,
what kind of value it holds, its default, the range it allows and who may change it. The
settings service stores changed values in the database; an environment variable
(``BAKEHOUSE_`` and the key in capitals) overrides the stored value for a deployment.
Adding a setting is adding one line to :data:`KNOWN_SETTINGS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bakehouse.domain.permissions import Role
from bakehouse.errors import InvalidInput, NotFound


class SettingKind(StrEnum):
    WHOLE_NUMBER = "whole number"


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: SettingKind
    default: int
    description: str
    minimum: int | None = None
    maximum: int | None = None
    #: Who may change it; everyone may read it.
    changed_by: Role = Role.OWNER

    @property
    def environment_variable(self) -> str:
        return "BAKEHOUSE_" + self.key.upper()

    def read(self, text: str, *, source: str = "value") -> int:
        """``text`` as this setting's value; :class:`InvalidInput` naming the setting when
        it is not one (``source`` says where the text came from)."""
        cleaned = text.strip()
        if not cleaned.isascii() or not cleaned.lstrip("-").isdigit():
            raise InvalidInput(
                f"{self.key} must be a {self.kind.value}, not {text!r} ({source})", field=self.key
            )
        value = int(cleaned)
        if self.minimum is not None and value < self.minimum:
            raise InvalidInput(
                f"{self.key} must be at least {self.minimum}, not {value} ({source})",
                field=self.key,
            )
        if self.maximum is not None and value > self.maximum:
            raise InvalidInput(
                f"{self.key} must be at most {self.maximum}, not {value} ({source})",
                field=self.key,
            )
        return value


#: Every setting, by key. One line each.
KNOWN_SETTINGS: Mapping[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "shopping_horizon_weeks",
            SettingKind.WHOLE_NUMBER,
            6,
            "Weeks ahead the shopping list covers when no season is under way",
            minimum=1,
            maximum=104,
        ),
        SettingSpec(
            "bakers_may_import_recipes",
            SettingKind.WHOLE_NUMBER,
            0,
            "Whether bakers may import recipes from pages and other apps (1 yes, 0 no)",
            minimum=0,
            maximum=1,
        ),
        # The bake calendar's hours and two rules (docs/product.md §6.10).
        SettingSpec(
            "calendar_weekday_minutes",
            SettingKind.WHOLE_NUMBER,
            180,
            "Minutes of hands-on baking time on a weekday (Monday to Friday)",
            minimum=0,
            maximum=1440,
        ),
        SettingSpec(
            "calendar_weekend_minutes",
            SettingKind.WHOLE_NUMBER,
            480,
            "Minutes of hands-on baking time on a Saturday or Sunday",
            minimum=0,
            maximum=1440,
        ),
        SettingSpec(
            "calendar_keep_days",
            SettingKind.WHOLE_NUMBER,
            2,
            "Days of shelf life a gift must still have when it is delivered",
            minimum=0,
            maximum=365,
        ),
        SettingSpec(
            "calendar_assembly_days_before",
            SettingKind.WHOLE_NUMBER,
            1,
            "Days before delivery that packages are assembled (0: on the delivery day)",
            minimum=0,
            maximum=30,
        ),
    )
}


def spec_of(key: str) -> SettingSpec:
    """The description of setting ``key``; :class:`NotFound` for an unknown key."""
    spec = KNOWN_SETTINGS.get(key.strip().lower().replace("-", "_"))
    if spec is None:
        raise NotFound("setting", key)
    return spec
