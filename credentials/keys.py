"""The district's signing key: an Ed25519 key pair (``cryptography``) kept in a PEM file outside the
database, readable by its owner only, and the issuer identity derived from it.

The issuer is either the key's own ``did:key`` (nothing to publish; anyone can check a signature from
the identifier alone) or a ``did:web`` the district configures (``PATHWAYS_ISSUER_ID``) and backs by
publishing the DID document ``did_document`` returns at the address the DID names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from core.errors import InputError, Problem

ED25519_MULTICODEC = b"\xed\x01"
"""The multicodec prefix of an Ed25519 public key (varint 0xed), before its 32 bytes."""

MULTIBASE_BASE58BTC = "z"
PRIVATE_MODE = 0o600


class SigningKeyError(Exception):
    """A key file that is missing, unreadable, too open or not an Ed25519 key (a one-line message)."""


def multibase(data: bytes) -> str:
    """Bytes as multibase base58-btc: 'z' + base58."""
    return MULTIBASE_BASE58BTC + base58.b58encode(data).decode("ascii")


def from_multibase(text: str) -> bytes:
    if not text.startswith(MULTIBASE_BASE58BTC):
        raise ValueError(f"{text[:12]!r} is not multibase base58-btc (it must start with 'z')")
    return base58.b58decode(text[1:])


def public_multikey(public: Ed25519PublicKey) -> str:
    """The Multikey form of a public key: 'z6Mk...' (multicodec ed25519-pub, base58-btc)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase(ED25519_MULTICODEC + raw)


def public_from_multikey(text: str) -> Ed25519PublicKey:
    data = from_multibase(text)
    if not data.startswith(ED25519_MULTICODEC) or len(data) != len(ED25519_MULTICODEC) + 32:
        raise ValueError(f"{text[:12]!r}... is not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(data[len(ED25519_MULTICODEC) :])


def did_key(public: Ed25519PublicKey) -> str:
    return f"did:key:{public_multikey(public)}"


@dataclass(frozen=True)
class Issuer:
    """Who signs: the issuer id (a DID), the verification method a proof names, and the key."""

    id: str
    verification_method: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


def issuer(private: Ed25519PrivateKey, issuer_id: str = "") -> Issuer:
    """The issuer for a key: ``issuer_id`` when the district configured one (a ``did:web:``), else the
    key's ``did:key``; the verification method is the id with the key's Multikey as its fragment."""
    multikey = public_multikey(private.public_key())
    ident = issuer_id.strip() or did_key(private.public_key())
    if not ident.startswith(("did:web:", "did:key:")):
        raise InputError(
            [Problem("PATHWAYS_ISSUER_ID", "", "", f"{ident!r} is not a did:web: or did:key: identifier")]
        )
    return Issuer(id=ident, verification_method=f"{ident}#{multikey}", private=private)


def did_document(who: Issuer) -> dict[str, object]:
    """The DID document a ``did:web`` issuer publishes (at https://HOST/.well-known/did.json for
    ``did:web:HOST``), naming the signing key as a Multikey for assertions."""
    method = {
        "id": who.verification_method,
        "type": "Multikey",
        "controller": who.id,
        "publicKeyMultibase": public_multikey(who.public),
    }
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": who.id,
        "verificationMethod": [method],
        "assertionMethod": [who.verification_method],
    }


def create_key(path: Path, *, force: bool = False) -> Ed25519PrivateKey:
    """Make a new Ed25519 key and write it to ``path`` (PEM, PKCS#8, mode 600; the folder is made
    private when this creates it). An existing key is kept unless ``force``: replacing it means
    credentials signed before no longer verify against the new key."""
    if path.exists() and not force:
        raise SigningKeyError(
            f"{path} already holds a key; --force replaces it (credentials signed with it then fail)"
        )
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    os.chmod(tmp, PRIVATE_MODE)
    os.replace(tmp, path)
    return key


def load_key(path: Path) -> Ed25519PrivateKey:
    """The key in ``path``; refuses a file others can read (like ssh does) or that is not Ed25519."""
    try:
        mode = path.stat().st_mode & 0o777
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(f"{path}: no signing key there; make one with `pathways keys create`") from None
    except OSError as exc:
        raise SigningKeyError(f"{path}: cannot read the signing key ({exc.strerror})") from None
    if mode & 0o077:
        raise SigningKeyError(f"{path}: the signing key is readable by others (mode {mode:o}); chmod 600 it")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(f"{path}: not a PEM private key without a passphrase") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: not an Ed25519 key")
    return key
