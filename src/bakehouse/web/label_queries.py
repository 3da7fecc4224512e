"""The query parameters the label pages and the label API share, and the PDF answer
(docs/product.md §6.8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response

from bakehouse.domain.labelling import LabelMode

Stock = Annotated[str, Query(max_length=40)]
Start = Annotated[int, Query(ge=1, le=1000)]
Mode = Annotated[LabelMode, Query()]
Paper = Annotated[str, Query(max_length=20)]
AssignmentId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def pdf_response(content: bytes, filename: str) -> Response:
    """A PDF the browser shows, or saves as ``filename``."""
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
