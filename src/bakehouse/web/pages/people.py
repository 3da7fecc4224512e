"""Pages of the people area (filled in by its web helper)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
