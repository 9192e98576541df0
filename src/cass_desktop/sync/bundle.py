"""The bundle file: an age-encrypted zip of a signed manifest.json and ops.jsonl, and its reading
(bundle_writer.py writes one).

Reading never extracts to disk, reads only the two named members, caps every size, and checks
the signature and hashes before a single operation is handed on. See docs/bundle-format.md.

(Over 500 lines: every check a received file passes, from its first byte to each operation's
shape, is here in the order it is made, so what a receiver trusts is reviewed in one place.)
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cass_desktop.data.changelog import OPS_COLUMNS
from cass_desktop.records import values
from cass_desktop.sync.bundle_name import SUFFIX as SUFFIX  # (the name it is known by here too)
from cass_desktop.sync.keys import verify

if TYPE_CHECKING:  # pyrage is imported where a bundle is opened: not at start-up
    import pyrage

FORMAT = 1
MANIFEST = "manifest.json"
OPS = "ops.jsonl"
# A laptop's audit entries since head office last held them (audit/section.py); optional.
AUDIT = "audit.jsonl"
# Head office's settings for every laptop (sync/settings_section.py); optional, updates only.
SETTINGS = "settings.json"
AGE_MAGIC = b"age-encryption.org/v1\n"

MAX_FILE_BYTES = 1 << 30  # the encrypted file; decrypted, it is held in memory
MAX_MANIFEST_BYTES = 1 << 20
MAX_OPS_BYTES = 4 << 30  # 1,000,000 operations take about 300 MB
MAX_AUDIT_BYTES = 64 << 20  # about 200,000 entries
MAX_SETTINGS_BYTES = 4096
_MEMBERS = (OPS, AUDIT, SETTINGS)


def _caps() -> dict[str, int]:
    """Each member's cap (read when used, so a test can lower one)."""
    return {OPS: MAX_OPS_BYTES, AUDIT: MAX_AUDIT_BYTES, SETTINGS: MAX_SETTINGS_BYTES}


MAX_COMPRESSION_RATIO = 200  # more than this is a zip bomb, not operations
# One line of ops.jsonl: the largest operation is a 512 KB document whose every character
# takes four bytes once escaped twice (as JSON text inside a JSON line): about 2 MB.
MAX_LINE_BYTES = 4 << 20

OP_FIELDS = OPS_COLUMNS


class BundleError(Exception):
    """A bundle that cannot be used; the message is one plain sentence for a person."""


class NotForThisStore(BundleError):
    """A whole bundle encrypted to another store's key."""


def canonical(manifest: dict[str, Any]) -> bytes:
    """The bytes that are signed: the manifest without its signature, keys sorted."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# -- Reading ---------------------------------------------------------------------------------
#
# Everything before the signature is checked handles bytes anyone could have written, so each
# step is bounded (sizes, nesting, lines) and every way it can fail ends in one sentence.


class _MemorySink(io.BytesIO):
    """Where decryption writes: memory only (never a temporary file), and never past a cap."""

    def __init__(self, cap: int):
        super().__init__()
        self.cap = cap

    def write(self, data) -> int:
        if self.tell() + len(data) > self.cap:
            raise _TooLarge
        return super().write(data)


class _TooLarge(Exception):
    pass


# What can go wrong inside zipfile and zlib reading a member of a zip nobody vouches for.
_MEMBER_UNREADABLE = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
)
# ... and parsing its directory, where zipfile has more ways to fail.
_UNREADABLE = (
    *_MEMBER_UNREADABLE,
    *(zipfile.LargeZipFile, OverflowError, IndexError, KeyError, TypeError, struct.error),
)


@dataclass
class OpenedBundle:
    """A decrypted bundle whose zip structure and manifest have been checked.

    The signature still has to be checked against the sender's key (`check_signature`)
    before `ops()` or `op_batches()` is used.
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

    def check_contents(self) -> None:
        """ops.jsonl is exactly what the signed manifest says: its SHA-256 and its size."""
        expected = self.manifest["members"][OPS]
        digest = hashlib.sha256()
        size = 0
        try:
            with self._zip.open(OPS) as fh:
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except _MEMBER_UNREADABLE:
            raise BundleError(f"{self.name} is damaged: its contents cannot be read.") from None
        if digest.hexdigest() != expected["sha256"] or size != expected["size"]:
            raise BundleError(f"{self.name} was refused: its contents do not match its manifest.")

    def member(self, member: str) -> bytes | None:
        """An optional member (`AUDIT`) whole, checked against the signed manifest's SHA-256
        and size; None when the bundle has none. Check the signature first."""
        expected = self.manifest["members"].get(member)
        if expected is None:
            return None
        try:
            data = self._zip.read(member)
        except _UNREADABLE:
            raise BundleError(f"{self.name} is damaged: its contents cannot be read.") from None
        if hashlib.sha256(data).hexdigest() != expected["sha256"] or len(data) != expected["size"]:
            raise BundleError(f"{self.name} was refused: its contents do not match its manifest.")
        return data

    def op_batches(self, *, checked: bool = False) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """The operations, each checked for shape, a batch of whole lines at a time, with the
        number of each batch's first line. Call `check_contents` first. Reading is linear in
        the size of ops.jsonl, and refuses a line longer than MAX_LINE_BYTES.

        `checked`: every batch has been read through the checks before (the bytes are this
        process's own copy in memory, so they are the same), and the shapes are not checked
        again."""
        try:
            with self._zip.open(OPS) as fh:
                for number, segment in _segments(self.name, fh):
                    yield number, _parse_segment(self.name, number, segment, checked=checked)
        except _MEMBER_UNREADABLE:
            raise BundleError(f"{self.name} is damaged: its contents cannot be read.") from None

    def ops(self) -> Iterator[dict[str, Any]]:
        """The operations one by one, each checked for shape; the member hash is checked first."""
        self.check_contents()
        for _number, batch in self.op_batches():
            yield from batch

    def close(self) -> None:
        self._zip.close()
        self._file.close()


def _segments(name: str, fh: Any) -> Iterator[tuple[int, bytes]]:
    """ops.jsonl as pieces of whole lines (the line breaks between them kept, the last one
    dropped), each with the number of its first line.

    Each byte is copied a bounded number of times, however long the lines: the start of an
    unfinished line is kept as a list of pieces and joined once, when its line ends, and a line
    longer than MAX_LINE_BYTES is refused as soon as it is seen to be.
    """
    pending: list[bytes] = []  # the start of a line that has not ended yet
    pending_size = 0
    number = 1
    while chunk := fh.read(_CHUNK):
        last = chunk.rfind(b"\n")
        if last < 0:
            pending.append(chunk)
            pending_size += len(chunk)
            if pending_size > MAX_LINE_BYTES:
                raise _long_line(name, number)
            continue
        if pending_size + chunk.find(b"\n") > MAX_LINE_BYTES:
            raise _long_line(name, number)
        segment = b"".join([*pending, chunk[:last]]) if pending else chunk[:last]
        yield number, segment
        number += segment.count(b"\n") + 1
        rest = chunk[last + 1 :]
        pending = [rest] if rest else []
        pending_size = len(rest)
    if pending:  # a last line without its line break
        yield number, b"".join(pending)


def _long_line(name: str, number: int) -> BundleError:
    return BundleError(
        f"{name} was refused: line {number} is longer than any change can be "
        f"({MAX_LINE_BYTES // (1 << 20)} MB)."
    )


def _parse_segment(
    name: str, before: int, segment: bytes, *, checked: bool = False
) -> list[dict[str, Any]]:
    """The lines of a segment, parsed and checked.

    When every line is one object, `{...}` (the line breaks all sit between `}` and `{`), the
    segment is parsed as one JSON array: one call into the C parser instead of one per line.
    Lines are joined with `,` and a line break, so no text can run on from one line into the
    next (JSON text may not hold a raw line break), and an object that ran on would have a
    nested value, which no operation has. Otherwise, or when any line is not an operation,
    the lines are parsed one by one so that the refusal names the line at fault.
    """
    lines = segment.count(b"\n") + 1
    if (
        segment[:1] == b"{"
        and segment[-1:] == b"}"
        and (lines == 1 or segment.count(b"}\n{") == lines - 1)
    ):
        try:
            parsed = json.loads(b"[" + segment.replace(b"\n", b",\n") + b"]")
        except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError
            parsed = None
        if type(parsed) is list and len(parsed) == lines:
            if checked:
                return parsed
            try:
                for op in parsed:
                    _check_op_shape(name, 0, op)
            except BundleError:
                pass
            else:
                return parsed
    return [
        _parse_op(name, number, raw)
        for number, raw in enumerate(segment.split(b"\n"), start=before)
    ]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_op(name: str, number: int, raw: bytes) -> dict[str, Any]:
    """One line of ops.jsonl, checked to be a change this app can store."""
    try:
        op = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise BundleError(f"{name} was refused: line {number} is not valid text.") from None
    except (ValueError, RecursionError):
        raise BundleError(f"{name} was refused: line {number} is not a readable change.") from None
    return _check_op_shape(name, number, op)


def _check_op_shape(name: str, number: int, op: Any) -> dict[str, Any]:
    """A parsed line checked to be a change this app can store: each field of the right type,
    ids and clocks in their formats. (It runs once per operation of every bundle, so the
    common case is one expression; what each value may be is `values`'.)"""
    if type(op) is not dict or op.keys() != _OP_FIELD_SET:
        raise BundleError(f"{name} was refused: line {number} is not a change this app knows.")
    seq, hlc, base, row_id = op["seq"], op["hlc"], op["base_hlc"], op["row_id"]
    # The clock names its device (16 hex characters), which must be the op's own: one that is
    # not a clock made by the op's own device would win every later merge, or stop this
    # store's clock from moving on. The value it was made on (base) came before it.
    clock = _CLOCK(hlc) if type(hlc) is str else None
    if (
        type(seq) is int
        and 0 < seq < MAX_INT
        and clock is not None
        and clock[1] == op["device_id"]
        and type(row_id) is str
        and _RECORD_ID(row_id)
        and type(op["tbl"]) is str
        and type(op["field"]) is str
        and (op["value_json"] is None or type(op["value_json"]) is str)
        and (base is None or (type(base) is str and base < hlc and _CLOCK(base)))
    ):
        return op
    raise BundleError(f"{name} was refused: line {number} {_what_is_wrong(op)}.")


def _what_is_wrong(op: dict[str, Any]) -> str:
    """Words for the first thing wrong with an op that failed `_check_op_shape`."""
    seq, hlc, base, device = op["seq"], op["hlc"], op["base_hlc"], op["device_id"]
    if not (
        type(seq) is int
        and 0 < seq < MAX_INT
        and type(hlc) is str
        and type(device) is str
        and type(op["row_id"]) is str
        and type(op["tbl"]) is str
        and type(op["field"]) is str
        and (op["value_json"] is None or type(op["value_json"]) is str)
        and (base is None or type(base) is str)
    ):
        return "is not a change this app knows"
    if not _DEVICE_ID(device):
        return "does not say which device made it"
    if not _RECORD_ID(op["row_id"]):
        return "has a damaged record id"
    return "has a damaged change time"


_OP_FIELD_SET = frozenset(OP_FIELDS)
_CLOCK = values.CLOCK.fullmatch
_DEVICE_ID = values.DEVICE_ID.fullmatch
_RECORD_ID = values.RECORD_ID.fullmatch
MAX_INT = 1 << 63  # SQLite's integers: every number in a bundle is below this
_CHUNK = 1 << 20


def open_bundle(path: Path, identity: pyrage.x25519.Identity, schema_version: int) -> OpenedBundle:
    """Decrypt and check a bundle's structure and manifest. Raises BundleError in plain words."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(MAX_AGE_HEADER_BYTES)
    except OSError as exc:
        raise BundleError(f"{name} could not be read: {exc.strerror}.") from exc
    if size == 0:
        raise BundleError(f"{name} is empty: it is not a bundle.")
    if not head.startswith(AGE_MAGIC):
        raise BundleError(f"{name} is not a CASS Desktop bundle.")
    if size > MAX_FILE_BYTES:
        raise BundleError(f"{name} is larger than any bundle should be.")

    # The zip inside is smaller than the encrypted file (age adds a header and 16 bytes in
    # every 64 KB), so the file's own size caps it: it is held in memory and never written out.
    import pyrage  # (not at start-up: only when a bundle is opened)

    sink = _MemorySink(size)
    try:
        with open(path, "rb") as fh:
            pyrage.decrypt_io(fh, sink, [identity])
    except _TooLarge:
        sink.close()
        raise BundleError(f"{name} was refused: it is larger than any bundle should be.") from None
    except (pyrage.DecryptError, OSError, ValueError, TypeError) as exc:
        sink.close()
        if "No matching keys" in str(exc) and _whole_age_header(head):
            raise NotForThisStore(
                f"{name} was not written for this store (it is encrypted to someone else)."
            ) from None
        raise BundleError(f"{name} is damaged or incomplete and cannot be opened.") from None
    sink.seek(0)
    try:
        archive = zipfile.ZipFile(sink)
    except _UNREADABLE:
        sink.close()
        raise BundleError(f"{name} is damaged: its contents cannot be read.") from None
    try:
        manifest = _check_zip(name, archive, schema_version)
    except BaseException:
        archive.close()
        sink.close()
        raise
    return OpenedBundle(name, manifest, archive, sink)


# -- The age header ----------------------------------------------------------------------------

MAX_AGE_HEADER_BYTES = 16 << 10  # this app's headers are about 250 bytes
_B64_LINE = re.compile(rb"[A-Za-z0-9+/]{0,64}")
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")


def _b64_bytes(text: bytes) -> bytes | None:
    """Unpadded canonical base64, as age writes it, decoded; None when it is not."""
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except ValueError:
        return None
    return data if base64.b64encode(data).rstrip(b"=") == text else None


def _whole_age_header(head: bytes) -> bool:
    """Whether `head` starts with an age header as age writes one, holding an X25519 stanza.

    Used only to word a refusal: when no key matched, a header in order means the file was
    encrypted to someone else; a header out of order means the file is damaged. (A change to
    the few bytes of the key inside a stanza cannot be told from another recipient's key.)
    """
    end = head.find(b"\n--- ")
    if end < 0:
        return False
    mac_end = head.find(b"\n", end + 5)
    mac = _b64_bytes(head[end + 5 : mac_end]) if mac_end > 0 else None
    if mac is None or len(mac) != 32:
        return False
    lines = head[:end].split(b"\n")
    if lines[0] != AGE_MAGIC.rstrip(b"\n"):
        return False
    found = False
    i = 1
    while i < len(lines):
        if not lines[i].startswith(b"-> "):
            return False
        args = lines[i][3:].split(b" ")
        if not all(_ARGUMENT.fullmatch(arg) for arg in args):
            return False
        i += 1
        body = b""
        while True:  # body lines of 64 columns, ended by a shorter one
            if i >= len(lines) or not _B64_LINE.fullmatch(lines[i]):
                return False
            body += lines[i]
            i += 1
            if len(lines[i - 1]) < 64:
                break
        if args[0] == b"X25519":
            share, key = (_b64_bytes(args[1]) if len(args) == 2 else None), _b64_bytes(body)
            if share is None or len(share) != 32 or key is None or len(key) != 32:
                return False
            found = True
    return found


# -- The zip and the manifest ------------------------------------------------------------------

# Stored and deflated: the only compression methods zipfile writes for a bundle.
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_ENCRYPTED_FLAGS = 0x0001 | 0x0040  # traditional and strong encryption
MAX_MANIFEST_DEPTH = 3  # manifest -> sender_card, members, acks -> a member's entry
_KINDS = ("device-export", "head-office-update")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_zip(name: str, archive: zipfile.ZipFile, schema_version: int) -> dict[str, Any]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(set(names)) != len(names) or not {MANIFEST, OPS} <= set(names) <= {MANIFEST, *_MEMBERS}:
        raise BundleError(f"{name} was refused: it holds files a bundle never holds.")
    caps = {MANIFEST: MAX_MANIFEST_BYTES, **_caps()}
    for info in infos:
        if info.compress_type not in _METHODS:
            raise BundleError(
                f"{name} was refused: it is packed in a way this app never packs a bundle."
            )
        if info.flag_bits & _ENCRYPTED_FLAGS:
            raise BundleError(f"{name} was refused: a part of it is locked with a password.")
        if info.file_size > caps[info.filename] or (
            info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise BundleError(f"{name} was refused: a part of it is larger than it should be.")
    try:
        data = archive.read(MANIFEST)
    except _UNREADABLE:
        raise BundleError(f"{name} is damaged: its contents cannot be read.") from None
    try:
        manifest = json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, RecursionError):  # UnicodeDecodeError, JSONDecodeError, too deep
        raise BundleError(f"{name} is damaged: its manifest cannot be read.") from None
    if not isinstance(manifest, dict) or _depth(manifest) > MAX_MANIFEST_DEPTH:
        raise BundleError(f"{name} is damaged: its manifest cannot be read.")
    try:
        canonical(manifest)  # what the signature covers: half a character has no bytes
    except UnicodeEncodeError:
        raise BundleError(f"{name} is damaged: its manifest is not valid text.") from None
    _check_manifest(name, manifest, schema_version)
    if set(manifest["members"]) != set(names) - {MANIFEST}:
        raise BundleError(f"{name} is damaged: its manifest is incomplete.")
    return manifest


def _depth(value: Any) -> int:
    """How deeply containers nest in a parsed JSON value (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if type(item) is dict else item if type(item) is list else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children if type(child) in (dict, list))
    return deepest


def _integer(value: Any, low: int = 0, high: int = MAX_INT - 1) -> bool:
    return type(value) is int and low <= value <= high


def _text(value: Any, longest: int) -> bool:
    return type(value) is str and len(value) <= longest


def _check_manifest(name: str, manifest: dict[str, Any], schema_version: int) -> None:
    """Every field the reader uses, of its type, and every number within its range."""
    fmt = manifest.get("format")
    if type(fmt) is int and fmt > FORMAT:
        raise BundleError(
            f"{name} was written by a newer version of CASS Desktop; update this app to read it."
        )
    schema = manifest.get("schema")
    if type(schema) is int and schema > schema_version:
        raise BundleError(
            f"{name} holds records from a newer version of CASS Desktop; update this app first."
        )
    incomplete = BundleError(f"{name} is damaged: its manifest is incomplete.")
    out_of_range = BundleError(f"{name} was refused: its manifest holds a number out of range.")
    required = {
        "format": int,
        "schema": int,
        "kind": str,
        "sender": str,
        "signature": str,
        "members": dict,
    }
    if fmt != FORMAT or any(type(manifest.get(k)) is not t for k, t in required.items()):
        raise incomplete
    if not _integer(schema):
        raise out_of_range
    members = manifest["members"]
    if not {OPS} <= set(members) <= set(_MEMBERS):
        raise incomplete
    if SETTINGS in members and manifest["kind"] != "head-office-update":
        raise BundleError(f"{name} was refused: only head office's updates carry settings.")
    for key, cap in _caps().items():
        member = members.get(key, {"sha256": "0" * 64, "size": 0})
        if (
            type(member) is not dict
            or set(member) != {"sha256", "size"}
            or type(member["sha256"]) is not str
            or not _SHA256.fullmatch(member["sha256"])
            or type(member["size"]) is not int
        ):
            raise incomplete
        if not _integer(member["size"], 0, cap):
            raise out_of_range
    if len(manifest["signature"]) > 200:  # an Ed25519 signature is 88 characters of base64
        raise incomplete
    if not _DEVICE_ID(manifest["sender"]):
        raise BundleError(f"{name} is damaged: it does not say which device sent it.")
    recipient = manifest.get("recipient")
    if recipient is not None and not (type(recipient) is str and _DEVICE_ID(recipient)):
        raise BundleError(f"{name} is damaged: it does not say which store it is for.")
    for key, longest in (("created_at", 64), ("site", 1000)):
        if key in manifest and not _text(manifest[key], longest):
            raise incomplete
    kind = manifest["kind"]
    if kind == "device-export":
        _check_export_manifest(name, manifest, incomplete, out_of_range)
    elif kind == "head-office-update":
        _check_update_manifest(manifest, incomplete, out_of_range)
    from cass_desktop.sync import restore  # (it reads this module: imported when used)

    restore.check_manifest(name, manifest, incomplete, out_of_range)


def _check_export_manifest(
    name: str, manifest: dict[str, Any], incomplete: BundleError, out_of_range: BundleError
) -> None:
    numbers = ("seq_from", "seq_to", "op_count")
    if any(type(manifest.get(k)) is not int for k in numbers):
        raise incomplete
    seq_from, seq_to, count = (manifest[k] for k in numbers)
    ask = "restored" in manifest  # an ask for its changes back holds none (sync/restore.py)
    if not (
        _integer(seq_from, 1)
        and _integer(seq_to, seq_from - ask)
        and _integer(count, 1 - ask)
        and count * _SHORTEST_OP_LINE <= manifest["members"][OPS]["size"]
    ):
        raise out_of_range
    if count != seq_to - seq_from + 1:  # each of its numbers once
        raise BundleError(f"{name} was refused: its changes do not match its manifest.")
    cursor = manifest.get("update_cursor", 0)
    if type(cursor) is not int:
        raise incomplete
    if not _integer(cursor):
        raise out_of_range
    card = manifest.get("sender_card")
    if card is not None and (
        type(card) is not dict
        or not all(_text(v, 1000) or _integer(v, 0, 1000) for v in card.values())
    ):
        raise incomplete


def _check_update_manifest(
    manifest: dict[str, Any], incomplete: BundleError, out_of_range: BundleError
) -> None:
    numbers = ("update_from", "update_to", "op_count")
    if any(type(manifest.get(k)) is not int for k in numbers):
        raise incomplete
    start, end, count = (manifest[k] for k in numbers)
    if not (
        _integer(start)
        and _integer(end, start)
        and _integer(count)
        and count * _SHORTEST_OP_LINE <= manifest["members"][OPS]["size"]
    ):
        raise out_of_range
    for key in ("acks", "backed_up", "acked_clock"):
        entries, clocks = manifest.get(key, {}), key == "acked_clock"
        if type(entries) is not dict or len(entries) > 1000:
            raise incomplete
        for device, value in entries.items():
            clock = value is None or (type(value) is str and bool(_CLOCK(value)))
            if not _DEVICE_ID(device) or not (clock if clocks else type(value) is int):
                raise incomplete
            if not clocks and not _integer(value):
                raise out_of_range


# The shortest line an operation can be: its field names, a device id and a clock alone take
# more than this, so a count of operations that could not fit in ops.jsonl is refused before
# anything is counted.
_SHORTEST_OP_LINE = 100
