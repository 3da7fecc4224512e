"""Export files built at test time from the hand-written JSON fixtures, in the apps' shapes."""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

#: Bytes that start like a WebP image; exports carry images that must be skipped.
FAKE_WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24)
FAKE_JPEG = b"\xff\xd8\xff\xe0" + bytes(28)


def zip_of(members: Iterable[tuple[str, bytes]], *, level: int = 6) -> bytes:
    """A zip holding ``members`` (name, bytes) in order, names written exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 12, 1, 12, 0, 0))
            archive.writestr(info, data, zipfile.ZIP_DEFLATED, level)
    return buffer.getvalue()


def gzip_of(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def deflated_spaces(size: int) -> bytes:
    """``size`` spaces, gzip-compressed in steps (a tiny file that inflates hugely)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    step = b" " * (1024 * 1024)
    parts = [compressor.compress(step) for _ in range(size // len(step))]
    parts.append(compressor.compress(b" " * (size % len(step))))
    parts.append(compressor.flush())
    return b"".join(parts)


def zip_with_lying_size(name: str, data: bytes, declared: int) -> bytes:
    """A one-member zip whose headers claim the member inflates to ``declared`` bytes."""
    archive = bytearray(zip_of([(name, data)]))
    local = archive.find(b"PK\x03\x04")
    struct.pack_into("<I", archive, local + 22, declared)
    central = archive.find(b"PK\x01\x02")
    struct.pack_into("<I", archive, central + 24, declared)
    return bytes(archive)


def zip_declaring_entries(count: int) -> bytes:
    """A one-member zip whose end record claims ``count`` entries (zip64 past 65,535)."""
    archive = bytearray(zip_of([("recipe.json", b"{}")]))
    end = archive.rfind(b"PK\x05\x06")
    if count < 0xFFFF:
        struct.pack_into("<HH", archive, end + 8, count, count)
        return bytes(archive)
    struct.pack_into("<HH", archive, end + 8, 0xFFFF, 0xFFFF)
    record = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, 0, 0)
    locator = struct.pack("<IIQI", 0x07064B50, 0, end, 1)
    return bytes(archive[:end]) + record + locator + bytes(archive[end:])
