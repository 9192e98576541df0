"""A store's keys and the public "card" that carries their public halves to other stores.

Each store has an Ed25519 key that signs the bundles it writes and an X25519 age identity
that bundles for it are encrypted to. Both are made at set-up and kept in the store.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CARD_KIND = "cass-desktop-card"
CARD_FORMAT = 1
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
        signing = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(base64.b64encode(signing).decode(), str(pyrage.x25519.Identity.generate()))

    def signer(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(self.signing_private))

    def identity(self) -> pyrage.x25519.Identity:
        return pyrage.x25519.Identity.from_str(self.age_identity)

    def signing_public(self) -> str:
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
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_public))
        key.verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Card:
    """The public half of a store: who it is, how to check its signatures, how to write to it."""

    device_id: str
    role: str  # device | head-office
    name: str  # the site for a device, the organisation for head office
    worker: str
    site_id: str  # a device's site record; empty for head office
    signing_public: str
    age_recipient: str

    def to_json(self) -> str:
        body = {"kind": CARD_KIND, "format": CARD_FORMAT, **self.__dict__}
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

    def fingerprint(self) -> str:
        """Short text two people can read to each other to check a card by phone."""
        digest = hashlib.sha256(self.signing_public.encode() + self.age_recipient.encode())
        text = digest.hexdigest()[:16].upper()
        return " ".join(text[i : i + 4] for i in range(0, 16, 4))


def read_card(path: Path) -> Card:
    try:
        raw = path.read_bytes()[: _MAX_CARD_BYTES + 1]
    except OSError as exc:
        raise CardError(f"The card {path} could not be read: {exc.strerror}.") from exc
    if len(raw) > _MAX_CARD_BYTES:
        raise CardError(f"{path.name} is too large to be a CASS Desktop card.")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CardError(f"{path.name} is not a CASS Desktop card.") from None
    if not isinstance(body, dict) or body.get("kind") != CARD_KIND:
        raise CardError(f"{path.name} is not a CASS Desktop card.")
    if body.get("demo", False) is not False:  # this version never writes one: refused anyway
        raise CardError(f"{path.name} is a demo store's card (made-up people): it is not taken.")
    if body.get("format") != CARD_FORMAT:
        raise CardError(f"{path.name} was made by a newer version of CASS Desktop.")
    try:
        card = Card(**{k: str(body[k]) for k in Card.__dataclass_fields__})
        pyrage.x25519.Recipient.from_str(card.age_recipient)
        Ed25519PublicKey.from_public_bytes(base64.b64decode(card.signing_public, validate=True))
    except (KeyError, ValueError, pyrage.RecipientError):
        raise CardError(f"{path.name} is damaged: its keys cannot be read.") from None
    if card.role not in ("device", "head-office"):
        raise CardError(f"{path.name} is damaged: it does not say whose card it is.")
    return card
