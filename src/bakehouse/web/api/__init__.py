"""JSON API routers (mounted under /api). Pydantic in, pydantic out; one service per call."""
