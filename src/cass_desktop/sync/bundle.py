"""The bundle file: an age-encrypted zip of a signed manifest.json and ops.jsonl.

Reading never extracts to disk, reads only the two named members, caps every size, and checks
the signature and hashes before a single operation is handed on. See docs/bundle-format.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

from cass_desktop import durable
from cass_desktop.data.changelog import OPS_COLUMNS
from cass_desktop.sync.keys import Keys, verify

FORMAT = 1
MANIFEST = "manifest.json"
OPS = "ops.jsonl"
SUFFIX = ".cassbundle"
AGE_MAGIC = b"age-encryption.org/v1\n"

MAX_FILE_BYTES = 1 << 30  # the encrypted file
MAX_MANIFEST_BYTES = 1 << 20
MAX_OPS_BYTES = 4 << 30  # 1,000,000 operations take about 300 MB
MAX_COMPRESSION_RATIO = 200  # more than this is a zip bomb, not operations
_SPOOL_BYTES = 64 << 20

OP_FIELDS = OPS_COLUMNS


class BundleError(Exception):
    """A bundle that cannot be used; the message is one plain sentence for a person."""


def canonical(manifest: dict[str, Any]) -> bytes:
    """The bytes that are signed: the manifest without its signature, keys sorted."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def write_bundle(
    path: Path,
    manifest: dict[str, Any],
    op_lines: Iterable[str],
    keys: Keys,
    recipient: str,
) -> Path:
    """Write a signed, encrypted bundle to `path` atomically; return the path.

    `op_lines` are JSON lines (one operation each, no newline). The manifest gains the
    format, member hashes and sizes, and the signature.

    Nothing unencrypted reaches a file: the lines are zipped as they are read, and the zip is
    handed to age in small pieces as it is made, all in this process (see `_ZipStream`).
    ops.jsonl is written first and manifest.json after it, once the hash is known. Only the
    encrypted bundle is written, to a private temporary file beside `path` that is renamed
    into place when it is whole.
    """
    recipients = [pyrage.x25519.Recipient.from_str(recipient)]
    stream = _ZipStream(manifest, op_lines, keys)
    with durable.atomic_writer(path) as out:
        try:
            pyrage.encrypt_io(stream, out, recipients)
        except pyrage.EncryptError:
            if stream.error is not None:  # raised while the zip was made: say that, not age
                raise stream.error from None
            raise
    return path


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class _Pending:
    """Where zipfile writes: bytes wait here until age reads them (it has no seek, so the
    zip is written as a stream, each member's sizes in a descriptor after its data)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        if data:
            self.chunks.append(bytes(data))
            self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        self.size = 0
        return data


class _ZipStream:
    """A file-like reader of the bundle's zip, made as it is read.

    age (pyrage.encrypt_io) calls `read`; each call zips more operations until enough bytes
    are waiting. At most about `_PIECE` bytes of the zip are held in memory at once. An
    error while making the zip (the store failing mid-export) is kept in `error`, since age
    reports every reader error as its own.
    """

    def __init__(self, manifest: dict[str, Any], op_lines: Iterable[str], keys: Keys):
        self.error: BaseException | None = None
        self._buffer = b""
        self._pending = _Pending()
        self._pieces = self._make(manifest, op_lines, keys)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            while size < 0 or len(self._buffer) < size:
                piece = next(self._pieces, None)
                if piece is None:
                    break
                self._buffer += piece
        except BaseException as exc:
            self.error = exc
            raise
        if size < 0 or size >= len(self._buffer):
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _make(
        self, manifest: dict[str, Any], op_lines: Iterable[str], keys: Keys
    ) -> Iterator[bytes]:
        pending = self._pending
        digest = hashlib.sha256()
        size = 0
        with zipfile.ZipFile(pending, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            with zf.open(_member(OPS), "w", force_zip64=True) as member:
                for line in op_lines:
                    data = line.encode("utf-8") + b"\n"
                    digest.update(data)
                    size += len(data)
                    member.write(data)
                    if pending.size >= _PIECE:
                        yield pending.take()
            manifest = {
                **manifest,
                "format": FORMAT,
                "members": {OPS: {"sha256": digest.hexdigest(), "size": size}},
            }
            manifest["signature"] = keys.sign(canonical(manifest))
            zf.writestr(_member(MANIFEST), json.dumps(manifest, indent=1, ensure_ascii=False))
        yield pending.take()


_PIECE = 1 << 16


class _CappedWriter(io.RawIOBase):
    """Where decryption writes: refuses to grow past a cap, spills to disk when large."""

    def __init__(self, cap: int):
        # Closed by OpenedBundle.close, or by open_bundle when the bundle is refused.
        self.file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
        self.cap = cap
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise BundleError("is larger than any bundle should be")
        return self.file.write(data)


@dataclass
class OpenedBundle:
    """A decrypted bundle whose zip structure and manifest have been checked.

    The signature still has to be checked against the sender's key (`check_signature`)
    before `ops()` is used.
    """

    name: str
    manifest: dict[str, Any]
    _zip: zipfile.ZipFile
    _file: Any

    @property
    def sender(self) -> str:
        return self.manifest["sender"]

    def check_signature(self, signing_public: str) -> None:
        if not verify(signing_public, canonical(self.manifest), self.manifest["signature"]):
            raise BundleError(
                f"{self.name} was refused: its signature does not match the sender's key, "
                "so it may have been altered."
            )

    def ops(self) -> Iterator[dict[str, Any]]:
        """The operations, each checked for shape; the member hash is checked first."""
        expected = self.manifest["members"][OPS]
        digest = hashlib.sha256()
        size = 0
        try:
            with self._zip.open(OPS) as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error):
            raise BundleError(f"{self.name} is damaged: its contents cannot be read.") from None
        if digest.hexdigest() != expected.get("sha256") or size != expected.get("size"):
            raise BundleError(f"{self.name} was refused: its contents do not match its manifest.")
        # Read again: the bytes hashed are the bytes parsed (the spooled file is ours alone).
        with self._zip.open(OPS) as fh:
            number = 0
            rest = b""
            while chunk := fh.read(1 << 20):
                lines = (rest + chunk).split(b"\n")
                rest = lines.pop()
                yield from _parse_lines(self.name, number, lines)
                number += len(lines)
            if rest:
                yield from _parse_lines(self.name, number, [rest])

    def close(self) -> None:
        self._zip.close()
        self._file.close()


def _parse_lines(name: str, before: int, lines: list[bytes]) -> Iterator[dict[str, Any]]:
    """Lines of ops.jsonl after line `before`, checked. They are parsed as one JSON array
    (one call into the C parser instead of one per line); when that fails, or a line held
    more than one value, line by line, so the refusal names the line at fault."""
    try:
        parsed = json.loads(b"[" + b",".join(lines) + b"]")
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        parsed = None
    if parsed is None or len(parsed) != len(lines):
        for number, raw in enumerate(lines, start=before + 1):
            yield _parse_op(name, number, raw)
        return
    for number, (op, raw) in enumerate(zip(parsed, lines, strict=True), start=before + 1):
        yield _check_op_shape(name, number, op, raw)


def _parse_op(name: str, number: int, raw: bytes) -> dict[str, Any]:
    """One line of ops.jsonl, checked to be a change this app can store."""
    try:
        op = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BundleError(f"{name} was refused: line {number} is not valid text.") from None
    except json.JSONDecodeError:
        raise BundleError(f"{name} was refused: line {number} is not a readable change.") from None
    return _check_op_shape(name, number, op, raw)


def _check_op_shape(name: str, number: int, op: Any, raw: bytes) -> dict[str, Any]:
    """A parsed line checked to be a change this app can store (it runs once per operation
    of every bundle, so the common cases are checked first and cheaply)."""
    if type(op) is not dict or op.keys() != _OP_FIELD_SET:
        raise BundleError(f"{name} was refused: line {number} is not a change this app knows.")
    seq, hlc, value, base = op["seq"], op["hlc"], op["value_json"], op["base_hlc"]
    if not (
        type(seq) is int
        and 1 <= seq < _MAX_INT
        and type(hlc) is str
        and type(op["tbl"]) is str
        and type(op["field"]) is str
        and type(op["row_id"]) is str
        and op["row_id"]
        and (value is None or type(value) is str)
        and (base is None or type(base) is str)
    ):
        raise BundleError(f"{name} was refused: line {number} is not a change this app knows.")
    # A clock is the order of everything after it: one that is not a clock made by the op's
    # own device would win every later merge, or stop this store's clock from moving on.
    clock = _CLOCK.fullmatch(hlc)
    if clock is None or clock[1] != op["device_id"]:
        raise BundleError(f"{name} was refused: line {number} has a damaged change time.")
    if base is not None and not _CLOCK.fullmatch(base):
        raise BundleError(f"{name} was refused: line {number} has a damaged change time.")
    if value is not None and not _SIMPLE_VALUE.fullmatch(value) and not _storable(value):
        raise BundleError(f"{name} was refused: line {number} holds a value this app cannot keep.")
    # Escapes can spell half a character (a lone surrogate), which no store can hold.
    if b"\\u" in raw and not _whole_characters(op):
        raise BundleError(f"{name} was refused: line {number} is not valid text.")
    return op


_OP_FIELD_SET = frozenset(OP_FIELDS)
_CLOCK = re.compile(r"\d{13}-\d{6}-([0-9A-Za-z_]{1,64})")
# Plain text without escapes, or a whole number of up to 18 digits: valid JSON SQLite keeps.
_SIMPLE_VALUE = re.compile(r'"[^"\\\x00-\x1f]*"|-?(?:0|[1-9][0-9]{0,17})')
_MAX_INT = 1 << 63


def _whole_characters(op: dict[str, Any]) -> bool:
    texts = [v for v in op.values() if isinstance(v, str)]
    if op["value_json"] is not None:
        value = json.loads(op["value_json"])
        if isinstance(value, str):
            texts.append(value)
    try:
        for text in texts:
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable(value_json: str) -> bool:
    """A value a field can hold: JSON text, a whole number SQLite can keep, a finite number,
    or null (never an object, a list, true or false)."""
    try:
        value = json.loads(value_json)
    except ValueError:
        return False
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -_MAX_INT <= value < _MAX_INT
    if isinstance(value, float):
        return math.isfinite(value)
    return False


def open_bundle(path: Path, identity: pyrage.x25519.Identity, schema_version: int) -> OpenedBundle:
    """Decrypt and check a bundle's structure and manifest. Raises BundleError in plain words."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(len(AGE_MAGIC))
    except OSError as exc:
        raise BundleError(f"{name} could not be read: {exc.strerror}.") from exc
    if size == 0:
        raise BundleError(f"{name} is empty: it is not a bundle.")
    if head != AGE_MAGIC:
        raise BundleError(f"{name} is not a CASS Desktop bundle.")
    if size > MAX_FILE_BYTES:
        raise BundleError(f"{name} is larger than any bundle should be.")

    sink = _CappedWriter(MAX_FILE_BYTES * 4)
    try:
        with open(path, "rb") as fh:
            pyrage.decrypt_io(fh, sink, [identity])
    except BundleError:
        sink.file.close()
        raise BundleError(f"{name} was refused: it is larger than any bundle should be.") from None
    except (pyrage.DecryptError, OSError, ValueError) as exc:
        sink.file.close()
        if "No matching keys" in str(exc):
            raise BundleError(
                f"{name} was not written for this store (it is encrypted to someone else)."
            ) from None
        raise BundleError(f"{name} is damaged or incomplete and cannot be opened.") from None
    sink.file.seek(0)
    try:
        archive = zipfile.ZipFile(sink.file)
        manifest = _check_zip(name, archive, schema_version)
    except BundleError:
        sink.file.close()
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        sink.file.close()
        raise BundleError(f"{name} is damaged: its contents cannot be read.") from None
    return OpenedBundle(name, manifest, archive, sink.file)


def _check_zip(name: str, archive: zipfile.ZipFile, schema_version: int) -> dict[str, Any]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if sorted(names) != sorted([MANIFEST, OPS]):
        raise BundleError(f"{name} was refused: it holds files a bundle never holds.")
    caps = {MANIFEST: MAX_MANIFEST_BYTES, OPS: MAX_OPS_BYTES}
    for info in infos:
        if info.file_size > caps[info.filename] or (
            info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise BundleError(f"{name} was refused: a part of it is larger than it should be.")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleError(f"{name} is damaged: its manifest cannot be read.") from None
    if not isinstance(manifest, dict):
        raise BundleError(f"{name} is damaged: its manifest cannot be read.")
    fmt = manifest.get("format")
    if isinstance(fmt, int) and fmt > FORMAT:
        raise BundleError(
            f"{name} was written by a newer version of CASS Desktop; update this app to read it."
        )
    schema = manifest.get("schema")
    if isinstance(schema, int) and schema > schema_version:
        raise BundleError(
            f"{name} holds records from a newer version of CASS Desktop; update this app first."
        )
    required = {
        "format": int,
        "schema": int,
        "kind": str,
        "sender": str,
        "signature": str,
        "members": dict,
    }
    if fmt != FORMAT or any(not isinstance(manifest.get(k), t) for k, t in required.items()):
        raise BundleError(f"{name} is damaged: its manifest is incomplete.")
    member = manifest["members"].get(OPS)
    if not isinstance(member, dict) or set(manifest["members"]) != {OPS}:
        raise BundleError(f"{name} is damaged: its manifest is incomplete.")
    return manifest
