"""A packing slip per recipient: what each of their packages holds, from the labels' rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bakehouse.domain.labelling.contents import item_counts
from bakehouse.domain.labelling.label import (
    AssignmentFacts,
    Block,
    BlockRole,
    LabelContent,
    LabelSettings,
    Recipient,
    build_label,
    format_day,
)

#: What a packing slip shows of each package's label, in reading order (the title and the
#: recipient are the slip's own heading).
SLIP_ROLES = (
    BlockRole.WARNING,
    BlockRole.INSIDE,
    BlockRole.NET_QUANTITY,
    BlockRole.INGREDIENTS,
    BlockRole.ALLERGENS,
    BlockRole.DATES,
)


@dataclass(frozen=True)
class SlipPackage:
    """One package line: how many, what one holds, and its label (statement, allergens, dates)."""

    name: str
    quantity: int
    items: tuple[tuple[str, int], ...]
    label: LabelContent

    @property
    def heading(self) -> str:
        """ "2 × Holiday tin (each as below)": the label's figures are for one package."""
        each = " (each as below)" if self.quantity > 1 else ""
        return f"{self.quantity} × {self.name}{each}"

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The label's blocks a slip shows (:data:`SLIP_ROLES`), in reading order."""
        found = (self.label.block(role) for role in SLIP_ROLES)
        return tuple(block for block in found if block is not None)


@dataclass(frozen=True)
class PackingSlip:
    event: str
    event_date: str
    recipient: Recipient
    packages: tuple[SlipPackage, ...]
    maker: tuple[str, ...]
    statement: str
    warnings: tuple[str, ...]


def build_packing_slip(
    *,
    event: str,
    event_date: date | None,
    recipient: Recipient,
    assignments: Sequence[AssignmentFacts],
    settings: LabelSettings,
) -> PackingSlip:
    """The slip for ``recipient``: one line per assignment, in the order given."""
    packages = []
    warnings: list[str] = []
    for assignment in assignments:
        label = build_label(
            assignment.package,
            settings=settings,
            batches=assignment.batches,
            recipient=recipient,
            not_baked=assignment.not_baked,
        )
        warnings.extend(label.warnings)
        items = tuple(
            (item.name, count) for item, count in item_counts(assignment.package).values()
        )
        packages.append(SlipPackage(assignment.package.name, assignment.quantity, items, label))
    maker = tuple(
        line
        for line in (settings.maker_name.strip(), *settings.maker_address.splitlines())
        if line.strip()
    )
    return PackingSlip(
        event=event,
        event_date=format_day(event_date, settings.locale) if event_date else "",
        recipient=recipient,
        packages=tuple(packages),
        maker=tuple(" ".join(line.split()) for line in maker),
        statement=" ".join(settings.statement.split()),
        warnings=tuple(dict.fromkeys(warnings)),
    )
