"""Reading zip and gzip layers with a cap on every one: no zip bomb gets decompressed.

Nothing is ever written to disk, so a member's path is only a name; still, a name that
would leave the archive ("../x", "/etc/x", "C:\\x") marks a crafted file and refuses it
whole. Images are skipped by name before anything is decompressed. A member's declared
size and its compression ratio are checked before it is read, and the bytes actually
read are counted against the same caps while reading (a size that lies is caught too).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bakehouse.io.recipe_sources.errors import NotARecipe, SourceTooLarge, UnsafeArchive
from bakehouse.io.recipe_sources.limits import ReadLimits
from bakehouse.io.recipe_sources.model import SkippedPart

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".heif", ".bmp", ".tif",
     ".tiff", ".svg", ".ico"}
)  # fmt: skip
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_SYMLINK = 0o120000
_FILE_TYPE = 0o170000


def is_zip(data: bytes) -> bool:
    """Whether ``data`` starts like a zip file (or is an empty one)."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def inside(location: str, name: str) -> str:
    """How a member is named in messages: "export.zip > Cookies.zip > recipe.json"."""
    return f"{location} > {name}"


@dataclass
class Budget:
    """The decompressed bytes one source may still produce, shared by all its layers."""

    limits: ReadLimits
    used: int = field(default=0)

    def take(self, size: int, location: str) -> None:
        """Count ``size`` more bytes; :class:`SourceTooLarge` past ``max_total_bytes``."""
        self.used += size
        if self.used > self.limits.max_total_bytes:
            raise SourceTooLarge(
                location, "everything decompressed from it", self.limits.max_total_bytes
            )


@dataclass(frozen=True)
class Member:
    """One decompressed zip member, with its location for messages."""

    location: str
    data: bytes


@dataclass(frozen=True)
class ZipContents:
    members: tuple[Member, ...]
    skipped: tuple[SkippedPart, ...]


def read_zip(data: bytes, location: str, budget: Budget, *, depth: int = 1) -> ZipContents:
    """Every member of the zip in ``data`` that is not an image or folder, decompressed.

    Raises :class:`UnsafeArchive` (nested too deep, too many members, a path that leaves
    the archive, a zip bomb's ratio, a member whose size lies), :class:`SourceTooLarge`
    and :class:`NotARecipe` (not a readable zip).
    """
    limits = budget.limits
    if depth > limits.max_archive_depth:
        raise UnsafeArchive(
            location, f"it nests zip files more than {limits.max_archive_depth} deep"
        )
    declared = _declared_entries(data)
    if declared is not None and declared > limits.max_members:
        raise UnsafeArchive(location, f"it has more than {limits.max_members:,} entries")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise NotARecipe(location, [f"it is not a readable zip file ({error})"]) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise UnsafeArchive(location, f"it has more than {limits.max_members:,} entries")
        for info in infos:
            _refuse_escaping_name(info.filename, location)
        members: list[Member] = []
        skipped: list[SkippedPart] = []
        for info in infos:
            where = inside(location, info.filename)
            reason = _skip_reason(info)
            if reason == "folder":
                continue
            if reason is not None:
                skipped.append(SkippedPart(where, reason))
                continue
            _check_declared_size(info, where, limits)
            budget.take(info.file_size, where)
            members.append(Member(where, _read_member(archive, info, where, limits)))
    return ZipContents(tuple(members), tuple(skipped))


def gunzip(data: bytes, location: str, budget: Budget) -> bytes:
    """The decompressed bytes of a gzip stream, inflated in bounded steps.

    Raises :class:`SourceTooLarge` past ``max_document_bytes`` (before inflating more than
    one byte beyond it) and :class:`NotARecipe` for a damaged stream.
    """
    cap = budget.limits.max_document_bytes
    out = bytearray()
    pending = data
    try:
        while pending:
            inflater = zlib.decompressobj(wbits=31)  # gzip framing, one member at a time
            while True:
                out += inflater.decompress(pending, cap + 1 - len(out))
                if len(out) > cap:
                    raise SourceTooLarge(location, "its decompressed content", cap)
                pending = inflater.unconsumed_tail
                if inflater.eof or not pending:
                    break
            if not inflater.eof:
                raise NotARecipe(location, ["it is a damaged gzip file: it ends early"])
            pending = inflater.unused_data
    except zlib.error as error:
        raise NotARecipe(location, [f"it is a damaged gzip file ({error})"]) from None
    budget.take(len(out), location)
    return bytes(out)


def _declared_entries(data: bytes) -> int | None:
    """The entry count the zip's end record declares, read before ``zipfile`` lists them.

    ``zipfile`` builds an object per entry, so a crafted central directory of millions of
    entries would cost gigabytes before any count could be checked.
    """
    tail_start = max(0, len(data) - (22 + 65_535))
    end = data.rfind(b"PK\x05\x06", tail_start)
    if end < 0 or end + 22 > len(data):
        return None
    (entries,) = struct.unpack_from("<H", data, end + 10)
    if entries != 0xFFFF:
        return int(entries)
    locator = end - 20
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return None
    (record,) = struct.unpack_from("<Q", data, locator + 8)
    if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
        return None
    (entries64,) = struct.unpack_from("<Q", data, record + 32)
    return int(entries64)


def _refuse_escaping_name(name: str, location: str) -> None:
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        raise UnsafeArchive(location, f'its member "{name}" has a path that leaves the archive')


def _skip_reason(info: zipfile.ZipInfo) -> str | None:
    if info.is_dir():
        return "folder"
    if (info.external_attr >> 16) & _FILE_TYPE == _SYMLINK:
        return "a symbolic link (not read)"
    if PurePosixPath(info.filename.replace("\\", "/")).suffix.lower() in IMAGE_SUFFIXES:
        return "an image (images are not imported)"
    if info.flag_bits & 0x1:
        return "encrypted (not read)"
    return None


def _check_declared_size(info: zipfile.ZipInfo, where: str, limits: ReadLimits) -> None:
    if info.file_size > limits.max_document_bytes:
        raise SourceTooLarge(where, "this member, decompressed,", limits.max_document_bytes)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
        raise UnsafeArchive(
            where,
            f"it expands {ratio:,.0f} times when decompressed (at most {limits.max_ratio} "
            "is allowed): it looks like a zip bomb",
        )


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, limits: ReadLimits
) -> bytes:
    cap = min(info.file_size, limits.max_document_bytes)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > cap:
                    raise UnsafeArchive(where, "it holds more than its declared size")
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise UnsafeArchive(where, f"it is damaged ({error})") from None
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise NotARecipe(where, [f"it cannot be decompressed ({error})"]) from None
    return bytes(out)
