"""Writing a bundle: the operations zipped as they are read and handed to age in small pieces,
so nothing unencrypted reaches a file (see bundle.py for the format and its reading)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cass_desktop.app import durable
from cass_desktop.sync.bundle import FORMAT, MANIFEST, OPS, canonical
from cass_desktop.sync.keys import Keys


def write_bundle(
    path: Path,
    manifest: dict[str, Any],
    op_lines: Iterable[str],
    keys: Keys,
    recipient: str,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """Write a signed, encrypted bundle to `path` atomically; return the path.

    `op_lines` are JSON lines (one operation each, no newline); `extra` other members by name
    (only `AUDIT`), written after them. The manifest gains the format, member hashes and
    sizes, and the signature.

    Nothing unencrypted reaches a file: the lines are zipped as they are read, and the zip is
    handed to age in small pieces as it is made, all in this process (see `_ZipStream`).
    ops.jsonl is written first and manifest.json after it, once the hash is known. Only the
    encrypted bundle is written, to a private temporary file beside `path` that is renamed
    into place when it is whole.
    """
    import pyrage  # (not at start-up: only when a bundle is written)

    recipients = [pyrage.x25519.Recipient.from_str(recipient)]
    stream = _ZipStream(manifest, op_lines, keys, extra or {})
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

    def __init__(
        self,
        manifest: dict[str, Any],
        op_lines: Iterable[str],
        keys: Keys,
        extra: dict[str, bytes] | None = None,
    ):
        self.error: BaseException | None = None
        self._buffer = b""
        self._pending = _Pending()
        self._pieces = self._make(manifest, op_lines, keys, extra or {})

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
        self,
        manifest: dict[str, Any],
        op_lines: Iterable[str],
        keys: Keys,
        extra: dict[str, bytes],
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
            members = {OPS: {"sha256": digest.hexdigest(), "size": size}}
            for name, data in extra.items():
                zf.writestr(_member(name), data)
                members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            manifest = {**manifest, "format": FORMAT, "members": members}
            manifest["signature"] = keys.sign(canonical(manifest))
            zf.writestr(_member(MANIFEST), json.dumps(manifest, indent=1, ensure_ascii=False))
        yield pending.take()


_PIECE = 1 << 16
