"""The SQLite database file and its directory are created readable by their owner only.

The file holds every recipient's name and address and the users' password hashes, so a
new database is created ``0600`` (just before SQLite's first connection would create it
with the default permissions) in a directory created ``0700``; SQLite gives its ``-wal``
and ``-shm`` files the database file's permissions. Existing files and directories are
left as they are: they may be shared on purpose.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

OWNER_ONLY_DIRECTORY = 0o700
OWNER_ONLY_FILE = 0o600


def owner_only_sqlite_files(engine: Engine, database: Path) -> None:
    """Create ``database``'s missing directories now, and the file before it is opened."""
    path = database.expanduser()
    for directory in [parent for parent in reversed(path.parents) if not parent.exists()]:
        with contextlib.suppress(FileExistsError):  # another process made it first
            directory.mkdir(mode=OWNER_ONLY_DIRECTORY)

    def create_file(*_args: Any) -> None:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE))

    event.listen(engine, "do_connect", create_file)
