"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA
Cryptosuites v1.0), the proof Open Badges 3.0 and CLR 2.0 name for linked-data signatures.

Signing, per the cryptosuite: the proof options (the proof without ``proofValue``, with the document's
``@context``) and the document (without ``proof``) are each canonicalized with RDFC-1.0 and hashed with
SHA-256; Ed25519 signs proof hash + document hash; ``proofValue`` is the signature in multibase
base58-btc. Verifying repeats the hashing and checks the signature with the verification method's key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials.contexts import OFFLINE, Loader, canonical_nquads
from credentials.keys import from_multibase, multibase

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"

KeyResolver = Callable[[str], Ed25519PublicKey]
"""From a proof's ``verificationMethod`` to the public key it names (raises ``LookupError``)."""


class ProofError(Exception):
    """Why a proof does not hold, in one line."""


def timestamp(when: dt.datetime) -> str:
    """An XML Schema dateTime in UTC to the second: '2026-12-03T14:05:00Z'."""
    return when.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


@lru_cache(maxsize=64)
def _proof_hash(config_json: str, loader: Loader) -> bytes:
    """The hash of canonical proof options (the same for every credential of one export: cached)."""
    return hashlib.sha256(canonical_nquads(json.loads(config_json), loader).encode("utf-8")).digest()


def _hash_data(document: dict[str, Any], options: dict[str, Any], loader: Loader) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in options.items() if k != "proofValue"}
    config["@context"] = document["@context"]
    proof_hash = _proof_hash(json.dumps(config, sort_keys=True), loader)
    document_hash = hashlib.sha256(canonical_nquads(unsigned, loader).encode("utf-8")).digest()
    return proof_hash + document_hash


def sign(
    document: dict[str, Any],
    key: Ed25519PrivateKey,
    verification_method: str,
    created: dt.datetime,
    *,
    loader: Loader | None = None,
    as_set: bool = False,
) -> dict[str, Any]:
    """A copy of ``document`` with an ``eddsa-rdfc-2022`` proof added (as a one-element list when
    ``as_set``: the same statement in JSON-LD, and the form the official Open Badges schema asks for)."""
    options = {
        "type": PROOF_TYPE,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = key.sign(_hash_data(document, options, loader or OFFLINE))
    signed = dict(document)  # a shallow copy: the proof is the only change
    proof = {**options, "proofValue": multibase(signature)}
    signed["proof"] = [proof] if as_set else proof
    return signed


def proofs(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's proofs (one object or a list)."""
    raw = document.get("proof")
    if raw is None:
        return []
    return [p for p in (raw if isinstance(raw, list) else [raw]) if isinstance(p, dict)]


def verify(document: dict[str, Any], resolve: KeyResolver, *, loader: Loader | None = None) -> None:
    """Check every proof of ``document``; ``ProofError`` says which and why when one fails."""
    found = proofs(document)
    if not found:
        raise ProofError("it carries no proof (it is not signed)")
    for proof in found:
        if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
            raise ProofError(
                f"its proof is {proof.get('type')}/{proof.get('cryptosuite')}; "
                f"only {PROOF_TYPE}/{CRYPTOSUITE} is supported"
            )
        if proof.get("proofPurpose") != PROOF_PURPOSE:
            raise ProofError(f"its proof's purpose is {proof.get('proofPurpose')!r}, not {PROOF_PURPOSE!r}")
        method = str(proof.get("verificationMethod", ""))
        try:
            public = resolve(method)
        except LookupError as exc:
            raise ProofError(f"the key {method!r} cannot be resolved: {exc}") from None
        try:
            signature = from_multibase(str(proof.get("proofValue", "")))
        except ValueError as exc:
            raise ProofError(f"its proofValue is malformed: {exc}") from None
        options = dict(proof)
        try:
            public.verify(signature, _hash_data(document, options, loader or OFFLINE))
        except InvalidSignature:
            raise ProofError(
                f"the signature by {method} does not match the content (it was changed after signing, "
                "or signed by another key)"
            ) from None
