"""The query parameters the label pages and the label API share, and the PDF answer
(docs/product.md §6.8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from fastapi.responses import Response

from bakehouse.domain.inputs.limits import MAX_ID, MAX_LABEL_START, TextLimit
from bakehouse.domain.labelling import LabelMode

Stock = Annotated[str, Query(max_length=TextLimit.LABEL_STOCK)]
Start = Annotated[int, Query(ge=1, le=MAX_LABEL_START)]
Mode = Annotated[LabelMode, Query()]
Paper = Annotated[str, Query(max_length=TextLimit.QUERY_WORD)]
AssignmentId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def pdf_response(content: bytes, filename: str) -> Response:
    """A PDF the browser shows, or saves as ``filename``."""
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
