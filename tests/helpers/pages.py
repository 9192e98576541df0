"""Every page of a store as SQLCipher decrypts it, read from the files on disk: the store file
and each frame of its write-ahead log (older frames too, as long as the file holds them).

For tests that look for bytes a store must no longer hold (an erased name): the encrypted file
hides plaintext, so searching it raw proves nothing; this decrypts each page with the store
key, as SQLCipher 4 lays a page out with a raw key (AES-256-CBC over the page but its reserved
tail, whose first 16 bytes are the page's IV; page 1's first 16 bytes are the file's salt).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_SALT = 16
_IV = 16
_RESERVE = 80  # IV (16) and HMAC-SHA512 (64): SQLCipher 4's default
_WAL_HEADER = 32
_FRAME_HEADER = 24


def store_file(db: sqlite_utils.Database) -> Path:
    return Path(db.conn.execute("PRAGMA database_list").fetchone()[2])


def pages(db: sqlite_utils.Database) -> Iterator[tuple[str, int, bytes]]:
    """(where: 'store' or 'wal', page number, the page's plaintext) for every page held."""
    key = db.store_key.raw
    size = int(db.execute("PRAGMA cipher_page_size").fetchone()[0])

    def decrypt(page: bytes, number: int) -> bytes:
        start = _SALT if number == 1 else 0
        iv = page[size - _RESERVE : size - _RESERVE + _IV]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(page[start : size - _RESERVE]) + decryptor.finalize()

    path = store_file(db)
    raw = path.read_bytes()
    for offset in range(0, len(raw) - size + 1, size):
        yield "store", offset // size + 1, decrypt(raw[offset : offset + size], offset // size + 1)
    wal = path.with_name(path.name + "-wal")
    log = wal.read_bytes() if wal.exists() else b""
    offset = _WAL_HEADER
    while offset + _FRAME_HEADER + size <= len(log):
        number = int.from_bytes(log[offset : offset + 4], "big")
        frame = log[offset + _FRAME_HEADER : offset + _FRAME_HEADER + size]
        yield "wal", number, decrypt(frame, number)
        offset += _FRAME_HEADER + size


def pages_holding(db: sqlite_utils.Database, words: list[str]) -> list[tuple[str, int, str]]:
    """(where, page, word) for each page whose plaintext holds one of `words`, in any case
    (the search indexes hold words in lower case), as UTF-8."""
    wanted = {word: word.lower().encode() for word in words}
    found = []
    for where, number, page in pages(db):
        lowered = page.lower()
        found += [(where, number, word) for word, low in wanted.items() if low in lowered]
    return found
