"""Read models of gift labels (docs/product.md §6.8): what each label prints, block by block,
and the preview's warnings (never printed)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bakehouse.schemas.base import ReadModel


class RunRead(ReadModel):
    text: str
    #: Printed bold: an allergen (EU/UK style), or one the recipient avoids.
    strong: bool
    #: An allergen the recipient avoids: bold and underlined.
    avoided: bool


class BlockRead(ReadModel):
    #: title, recipient, warning, inside, net_quantity, ingredients, allergens, dates, maker,
    #: statement — in that order, each only when there is something to say.
    role: str
    text: str
    runs: list[RunRead]


class LabelRead(ReadModel):
    name: str
    blocks: list[BlockRead]
    warnings: list[str] = Field(description="for the baker's preview; never printed")

    @classmethod
    def of(cls, label: Any) -> LabelRead:
        return cls(
            name=label.name,
            blocks=[
                BlockRead(
                    role=block.role.value,
                    text=block.text,
                    runs=[RunRead.model_validate(run) for run in block.runs],
                )
                for block in label.blocks
            ],
            warnings=list(label.warnings),
        )


class EventLabelsRead(ReadModel):
    event_id: int
    event: str
    #: In sheet order: recipients by name.
    labels: list[LabelRead]
    #: Every label's warnings, each naming its label.
    warnings: list[str]
