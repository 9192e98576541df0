"""A store's keys and the public "card" that carries their public halves to other stores.

Each store has an Ed25519 key that signs the bundles it writes and an X25519 age identity
that bundles for it are encrypted to. Both are made at set-up and kept in the store.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# pyrage and cryptography are imported in the functions that use them: the first window
# shows without them (tests/ui/test_startup_imports.py).
if TYPE_CHECKING:
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

CARD_KIND = "cass-desktop-card"
CARD_FORMAT = 2  # 2 added worker_id; cards of format 1 are still read
_MAX_CARD_BYTES = 64 * 1024


class CardError(ValueError):
    """A card or key that cannot be used; the message is for a person."""


@dataclass(frozen=True)
class Keys:
    """This store's private keys, as kept in the store."""

    signing_private: str  # base64 raw Ed25519 private key
    age_identity: str  # AGE-SECRET-KEY-1...

    @classmethod
    def generate(cls) -> Keys:
        import pyrage
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        signing = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(base64.b64encode(signing).decode(), str(pyrage.x25519.Identity.generate()))

    def signer(self) -> Ed25519PrivateKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(self.signing_private))

    def identity(self) -> pyrage.x25519.Identity:
        import pyrage

        return pyrage.x25519.Identity.from_str(self.age_identity)

    def signing_public(self) -> str:
        from cryptography.hazmat.primitives import serialization

        public = (
            self.signer()
            .public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        )
        return base64.b64encode(public).decode()

    def recipient(self) -> str:
        return str(self.identity().to_public())

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self.signer().sign(data)).decode()


def verify(signing_public: str, data: bytes, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_public))
        key.verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError):
        return False
    return True


# Fingerprints: 140 bits of a SHA-256 of the whole canonical card, in Crockford's base32 (no
# I, L, O or U to misread), as seven groups of four characters to read out by phone.
FINGERPRINT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FINGERPRINT_BITS = 140
_FINGERPRINT_CHARS = FINGERPRINT_BITS // 5
_FINGERPRINT_TAG = b"cass-desktop card fingerprint 2\n"
_DEVICE_ID = re.compile(r"[0-9a-f]{16}")
_RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_LONGEST_NAME = 200
# Characters that draw nothing or reorder the text around them (control characters, the
# direction overrides and isolates, zero-width characters), so a name cannot pretend to be
# another.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
ROLES = ("device", "head-office")


@dataclass(frozen=True)
class Card:
    """The public half of a store: who it is, how to check its signatures, how to write to it.

    What a card says about a device's court is only what the laptop was set up with: head
    office assigns the court itself at enrolment and never takes it from the card.
    """

    device_id: str
    role: str  # device | head-office
    name: str  # the site for a device, the organisation for head office
    worker: str
    site_id: str  # the site the device was set up for; empty for head office
    signing_public: str
    age_recipient: str
    worker_id: str = ""  # the worker's record on the device; empty for head office

    def body(self) -> dict[str, object]:
        return {"kind": CARD_KIND, "format": CARD_FORMAT, **self.__dict__}

    def to_json(self) -> str:
        return json.dumps(self.body(), indent=2, ensure_ascii=False) + "\n"

    def canonical(self) -> bytes:
        """The whole card as canonical JSON (keys sorted, no spaces): what the fingerprint
        covers, so changing any field changes it."""
        return json.dumps(
            self.body(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()

    def fingerprint(self) -> str:
        """140 bits of the whole card, for two people to read to each other by phone:
        seven groups of four characters, such as 7KQM 3XD9 ..."""
        digest = hashlib.sha256(_FINGERPRINT_TAG + self.canonical()).digest()
        value = int.from_bytes(digest, "big") >> (256 - FINGERPRINT_BITS)
        chars = [
            FINGERPRINT_ALPHABET[(value >> (5 * (_FINGERPRINT_CHARS - 1 - i))) & 31]
            for i in range(_FINGERPRINT_CHARS)
        ]
        text = "".join(chars)
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))

    def differences(self, other: Card) -> list[str]:
        """The fields in which another card for the same store differs, in words."""
        words = {
            "device_id": "device",
            "role": "role",
            "name": "court or organisation",
            "worker": "worker",
            "worker_id": "worker record",
            "site_id": "court",
            "signing_public": "signing key",
            "age_recipient": "encryption key",
        }
        return [words[k] for k in words if getattr(self, k) != getattr(other, k)]


def same_fingerprint(typed: str, fingerprint: str) -> bool:
    """Whether a fingerprint someone typed or read out is this one: spaces, dashes and case
    do not matter, and O is read as 0, I and L as 1 (Crockford's rule)."""
    return normalise_fingerprint(typed) == normalise_fingerprint(fingerprint)


def normalise_fingerprint(text: str) -> str:
    text = re.sub(r"[\s\-]+", "", text.upper())
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def _check_name(value: str, what: str, where: str) -> None:
    if len(value) > _LONGEST_NAME:
        raise CardError(f"{where} is damaged: its {what} is too long.")
    if any(unicodedata.category(ch) in _UNSAFE_CATEGORIES for ch in value):
        raise CardError(f"{where} was refused: its {what} holds hidden or control characters.")


def card_from_body(body: object, where: str) -> Card:
    """A card from its JSON body, every field checked; CardError names `where` and says
    what is wrong in plain words."""
    if not isinstance(body, dict) or body.get("kind") != CARD_KIND:
        raise CardError(f"{where} is not a CASS Desktop card.")
    if body.get("demo", False) is not False:  # this version never writes one: refused anyway
        raise CardError(f"{where} is a demo store's card (made-up people): it is not taken.")
    version = body.get("format")
    if version not in (1, CARD_FORMAT) or isinstance(version, bool):
        raise CardError(f"{where} was made by a newer version of CASS Desktop.")
    names = [f.name for f in dataclasses.fields(Card)]
    values = {}
    for name in names:
        value = body.get(name, "" if name == "worker_id" and version == 1 else None)
        if not isinstance(value, str):
            raise CardError(f"{where} is damaged: it does not say all a card must.")
        values[name] = value
    card = Card(**values)
    if not _DEVICE_ID.fullmatch(card.device_id):
        raise CardError(f"{where} is damaged: its device id is not one this app makes.")
    if card.role not in ROLES:
        raise CardError(f"{where} is damaged: it does not say whose card it is.")
    for value, what in ((card.site_id, "court"), (card.worker_id, "worker record")):
        if value and not _RECORD_ID.fullmatch(value):
            raise CardError(f"{where} is damaged: its {what} is not one this app makes.")
    _check_name(card.name, "name", where)
    _check_name(card.worker, "worker's name", where)
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        pyrage.x25519.Recipient.from_str(card.age_recipient)
        Ed25519PublicKey.from_public_bytes(base64.b64decode(card.signing_public, validate=True))
    except (ValueError, pyrage.RecipientError):
        raise CardError(f"{where} is damaged: its keys cannot be read.") from None
    return card


def read_card(path: Path) -> Card:
    try:
        raw = path.read_bytes()[: _MAX_CARD_BYTES + 1]
    except OSError as exc:
        raise CardError(f"The card {path} could not be read: {exc.strerror}.") from exc
    if len(raw) > _MAX_CARD_BYTES:
        raise CardError(f"{path.name} is too large to be a CASS Desktop card.")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise CardError(f"{path.name} is not a CASS Desktop card.") from None
    return card_from_body(body, path.name)
