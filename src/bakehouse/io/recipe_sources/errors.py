"""The errors a recipe source can cause: all are bad input, in the one hierarchy.

They subclass :class:`~bakehouse.errors.InvalidInput`, so the web layer and the CLI map
them like any other bad input (HTTP 422, exit code 2) with their own ``code``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bakehouse.errors import InvalidInput


class NotARecipe(InvalidInput):
    """The file, page or member holds no recipe Bakehouse can read; ``reasons`` say why."""

    code = "not_a_recipe"

    def __init__(self, location: str, reasons: Sequence[str]) -> None:
        self.location = location
        self.reasons = list(reasons)
        why = "; ".join(self.reasons[:5])
        more = f" (and {len(self.reasons) - 5} more)" if len(self.reasons) > 5 else ""
        super().__init__(f"{location} is not a recipe Bakehouse can read: {why}{more}")

    def details(self) -> dict[str, Any]:
        return {"location": self.location, "reasons": self.reasons}


class SourceTooLarge(InvalidInput):
    """A file, page, archive member or decompressed stream is past its size limit."""

    code = "source_too_large"

    def __init__(self, location: str, what: str, limit: int) -> None:
        self.location = location
        self.limit = limit
        super().__init__(f"{location}: {what} is larger than the limit of {_size(limit)}")

    def details(self) -> dict[str, Any]:
        return {"location": self.location, "limit_bytes": self.limit}


class TooManyRecipes(InvalidInput):
    """More recipes in one source than one import takes."""

    code = "too_many_recipes"

    def __init__(self, location: str, limit: int) -> None:
        self.location = location
        self.limit = limit
        super().__init__(
            f"{location} holds more than {limit:,} recipes; import it in smaller parts"
        )

    def details(self) -> dict[str, Any]:
        return {"location": self.location, "limit": self.limit}


class UnsafeArchive(InvalidInput):
    """An archive that is refused whole: a zip bomb, a path escaping it, too many members."""

    code = "unsafe_archive"

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        super().__init__(f"{location} is refused: {problem}")

    def details(self) -> dict[str, Any]:
        return {"location": self.location}


class FetchRefused(InvalidInput):
    """A URL Bakehouse will not fetch: not http(s), or it leads to a private address."""

    code = "fetch_refused"

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        super().__init__(f"will not fetch {url}: {problem}")

    def details(self) -> dict[str, Any]:
        return {"url": self.url}


class FetchFailed(InvalidInput):
    """The page could not be fetched: no answer in time, an error status, a broken answer."""

    code = "fetch_failed"

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        super().__init__(f"could not fetch {url}: {problem}")

    def details(self) -> dict[str, Any]:
        return {"url": self.url}


def _size(limit: int) -> str:
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KiB"
    return f"{limit:,} bytes"
