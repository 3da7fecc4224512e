"""Write the data file's JSON Schema (src/bakehouse/io/schema.json) from its pydantic models.

Run after changing ``bakehouse/io/document.py``; a test fails while the checked-in schema
differs from the generated one.
"""

from __future__ import annotations

from pathlib import Path

from bakehouse.io.document import schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "src" / "bakehouse" / "io" / "schema.json"


def main() -> None:
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")


if __name__ == "__main__":
    main()
