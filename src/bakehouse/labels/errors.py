"""Errors of label printing, in the one hierarchy (``bakehouse.errors``)."""

from __future__ import annotations

from typing import Any

from bakehouse.errors import InvalidInput


class LabelDoesNotFit(InvalidInput):
    """A label's content does not fit its stock even at the smallest type (6 pt)."""

    code = "label_does_not_fit"

    def __init__(self, label: str, stock: str, suggestion: str | None) -> None:
        advice = (
            f"use {suggestion}"
            if suggestion
            else "it fits on no stock Bakehouse knows: print one label per item, or shorten it"
        )
        super().__init__(f"the label {label!r} does not fit on {stock} even at 6 pt; {advice}")
        self.label = label
        self.stock = stock
        self.suggestion = suggestion

    def details(self) -> dict[str, Any]:
        return {"label": self.label, "stock": self.stock, "suggestion": self.suggestion}
