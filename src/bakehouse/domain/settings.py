"""The settings a deployment can change, described once (docs/product.md §6.15).

Pure: each known setting is one :class:`SettingSpec` in :data:`KNOWN_SETTINGS` — its key,
what kind of value it holds, its default, the range it allows and who may change it. The
settings service stores changed values in the database; an environment variable
(``BAKEHOUSE_`` and the key in capitals) overrides the stored value for a deployment.
Adding a setting is adding one line to :data:`KNOWN_SETTINGS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bakehouse.domain import locale as locales
from bakehouse.domain.inputs.problem import InputProblem
from bakehouse.domain.inputs.text import refuse_control_characters
from bakehouse.domain.permissions import Role
from bakehouse.errors import InvalidInput, NotFound

SettingValue = int | str


class SettingKind(StrEnum):
    WHOLE_NUMBER = "whole number"
    CHOICE = "choice"  # one of ``words``, read in any case
    TEXT = "text"  # free text, line breaks allowed, at most ``maximum`` characters
    TIME_ZONE = "time zone"
    CURRENCY = "currency"
    NUMBER_LOCALE = "number format"
    DATE_FORMAT = "date format"


#: How text becomes each kind's value (a ``ValueError`` says what is wrong).
_READERS: dict[SettingKind, Callable[[str], str]] = {
    SettingKind.TIME_ZONE: locales.read_time_zone,
    SettingKind.CURRENCY: locales.read_currency,
    SettingKind.NUMBER_LOCALE: locales.read_number_locale,
    SettingKind.DATE_FORMAT: locales.read_date_format,
}


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: SettingKind
    default: SettingValue
    description: str
    #: What the setting is called beside its box.
    label: str
    minimum: int | None = None
    maximum: int | None = None
    #: Who may change it; everyone may read it.
    changed_by: Role = Role.OWNER
    #: A choice setting's words, in the order they are offered.
    words: tuple[str, ...] = ()

    @property
    def environment_variable(self) -> str:
        return "BAKEHOUSE_" + self.key.upper()

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """The values to pick from, with how each reads, for a kind with a short list."""
        if self.kind is SettingKind.DATE_FORMAT:
            return tuple((key, example) for key, (_, example) in locales.DATE_FORMATS.items())
        return tuple((word, word) for word in self.words)

    def read(self, text: str, *, source: str | None = None) -> SettingValue:
        """``text`` as this setting's value; :class:`InvalidInput` naming the setting when
        it is not one (``source`` says where the text came from, when not a form)."""
        where = f" ({source})" if source else ""
        reader = _READERS.get(self.kind)
        if reader is not None:
            try:
                return reader(text)
            except ValueError as error:
                raise InvalidInput(f"{self.key} {error}{where}", field=self.key) from None
        if self.kind is SettingKind.TEXT:
            return self._read_text(text, where)
        cleaned = text.strip()
        if self.kind is SettingKind.CHOICE:
            word = cleaned.lower()
            if word not in self.words:
                raise InvalidInput(
                    f"{self.key} must be one of {', '.join(self.words)}, not {text!r}{where}",
                    field=self.key,
                )
            return word
        if not cleaned.isascii() or not cleaned.lstrip("-").isdigit():
            raise InvalidInput(
                f"{self.key} must be a {self.kind.value} like {self.default}{where}",
                field=self.key,
            )
        value = int(cleaned)
        if self.minimum is not None and value < self.minimum:
            raise InvalidInput(f"{self.key} must be at least {self.minimum}{where}", field=self.key)
        if self.maximum is not None and value > self.maximum:
            raise InvalidInput(f"{self.key} must be at most {self.maximum}{where}", field=self.key)
        return value

    def _read_text(self, text: str, where: str) -> str:
        lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
        cleaned = "\n".join(lines).strip("\n")
        try:
            refuse_control_characters(cleaned)
        except InputProblem as problem:
            raise InvalidInput(f"{self.key} {problem}{where}", field=self.key) from None
        if self.maximum is not None and len(cleaned) > self.maximum:
            raise InvalidInput(
                f"{self.key} is {len(cleaned)} characters; at most {self.maximum}{where}",
                field=self.key,
            )
        return cleaned


#: Every setting, by key. One line each.
KNOWN_SETTINGS: Mapping[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "shopping_horizon_weeks",
            SettingKind.WHOLE_NUMBER,
            6,
            "Weeks ahead the shopping list covers when no season is under way",
            "Weeks ahead",
            minimum=1,
            maximum=104,
        ),
        SettingSpec(
            "bakers_may_import_recipes",
            SettingKind.WHOLE_NUMBER,
            0,
            "Whether bakers may import recipes from pages and other apps (1 yes, 0 no)",
            "Bakers may import recipes",
            minimum=0,
            maximum=1,
        ),
        # Labels (docs/product.md §6.8): the allergen style and the maker block.
        SettingSpec(
            "label_style",
            SettingKind.CHOICE,
            "us",
            "How labels show allergens: us (a Contains: line) or eu (emphasised in the "
            "ingredient list, EU and UK)",
            "Allergens on labels",
            words=("us", "eu"),
        ),
        SettingSpec(
            "label_maker_name",
            SettingKind.TEXT,
            "",
            "The maker's name printed on labels (nothing printed when empty)",
            "Maker's name on labels",
            maximum=200,
        ),
        SettingSpec(
            "label_maker_address",
            SettingKind.TEXT,
            "",
            "The maker's address printed on labels, one line per line (nothing when empty)",
            "Maker's address on labels",
            maximum=500,
        ),
        SettingSpec(
            "label_statement",
            SettingKind.TEXT,
            "",
            "A statement printed at the foot of every label, such as a cottage-food "
            "home-kitchen notice (nothing when empty)",
            "Statement on labels",
            maximum=1000,
        ),
        # The bake calendar's hours and two rules (docs/product.md §6.10).
        SettingSpec(
            "calendar_weekday_minutes",
            SettingKind.WHOLE_NUMBER,
            180,
            "Minutes of hands-on baking time on a weekday (Monday to Friday)",
            "Baking minutes on a weekday",
            minimum=0,
            maximum=1440,
        ),
        SettingSpec(
            "calendar_weekend_minutes",
            SettingKind.WHOLE_NUMBER,
            480,
            "Minutes of hands-on baking time on a Saturday or Sunday",
            "Baking minutes on a weekend day",
            minimum=0,
            maximum=1440,
        ),
        SettingSpec(
            "calendar_keep_days",
            SettingKind.WHOLE_NUMBER,
            2,
            "Days of shelf life a gift must still have when it is delivered",
            "Days a gift must still keep",
            minimum=0,
            maximum=365,
        ),
        SettingSpec(
            "calendar_assembly_days_before",
            SettingKind.WHOLE_NUMBER,
            1,
            "Days before delivery that packages are assembled (0: on the delivery day)",
            "Days before delivery to assemble",
            minimum=0,
            maximum=30,
        ),
        SettingSpec(
            "time_zone",
            SettingKind.TIME_ZONE,
            locales.DEFAULT.time_zone,
            "The time zone every time is shown in (stored times stay UTC)",
            "Time zone",
        ),
        SettingSpec(
            "currency",
            SettingKind.CURRENCY,
            locales.DEFAULT.currency,
            "The currency money is shown in and typed with",
            "Currency",
        ),
        SettingSpec(
            "number_locale",
            SettingKind.NUMBER_LOCALE,
            locales.DEFAULT.number_locale,
            "How numbers are written: the decimal and thousands separators",
            "Number format",
        ),
        SettingSpec(
            "date_format",
            SettingKind.DATE_FORMAT,
            locales.DEFAULT.date_format,
            "How dates are written",
            "Date format",
        ),
    )
}


def locale_of(values: Mapping[str, SettingValue]) -> locales.Locale:
    """The :class:`~bakehouse.domain.locale.Locale` the settings ``values`` (by key) make."""
    return locales.Locale(
        time_zone=str(values["time_zone"]),
        currency=str(values["currency"]),
        number_locale=str(values["number_locale"]),
        date_format=str(values["date_format"]),
    )


def spec_of(key: str) -> SettingSpec:
    """The description of setting ``key``; :class:`NotFound` for an unknown key."""
    spec = KNOWN_SETTINGS.get(key.strip().lower().replace("-", "_"))
    if spec is None:
        raise NotFound("setting", key)
    return spec
