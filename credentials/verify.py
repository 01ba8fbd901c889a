"""Verifying a credential file the way a receiving college would: the JSON Schema (the official Open Badges
3.0 schema for an achievement credential; ours, written from the CLR 2.0 text, for a CLR), the dates
(not before ``validFrom``, not after ``validUntil``, no proof from the future), and every signature (the
CLR's and each credential's inside it). The first thing wrong is said in one line.

Keys are found offline: a ``did:key`` carries its key in the identifier; any other issuer (a
``did:web``, an https id) is checked against a DID document the verifier passes (the one the issuer
publishes, fetched by the verifier beforehand), never fetched here.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jsonschema import Draft201909Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from pyld.jsonld import JsonLdError
from referencing import Registry, Resource

from credentials.contexts import DATA, Loader, UnknownContextError
from credentials.keys import public_from_multikey
from credentials.proof import KeyResolver, ProofError, proofs, verify

OB_SCHEMA = "ob_v3p0_achievementcredential_schema.json"
CLR_SCHEMA = "clr_v2p0_clrcredential_schema.json"


class VerificationError(Exception):
    """What is wrong with a credential, in one line."""


@dataclass(frozen=True)
class Verified:
    """A credential that holds: its kind, id, issuer, and how many credentials it carries inside."""

    kind: str
    id: str
    issuer: str
    nested: int

    @property
    def words(self) -> str:
        inside = f", {self.nested} achievement credentials inside" if self.nested else ""
        return f"{self.kind} {self.id} from {self.issuer}{inside}: signatures, schema and dates hold"


@cache
def _validators() -> dict[str, Draft201909Validator]:
    schemas = {
        name: json.loads((DATA / "schemas" / name).read_text(encoding="utf-8"))
        for name in (OB_SCHEMA, CLR_SCHEMA)
    }
    registry: Registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )
    return {
        name: Draft201909Validator(schema, registry=registry, format_checker=FormatChecker())
        for name, schema in schemas.items()
    }


MAX_SET_FIXES = 200


def _all_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """Errors and, depth first, the errors of the branches of each (oneOf, anyOf)."""
    for error in errors:
        yield error
        yield from _all_errors(error.context or [])


def as_sets(document: dict[str, Any], schema: str) -> dict[str, Any]:
    """A copy of ``document`` with each single value the schema wants as an array made a one-element
    array. In JSON-LD a single value and a one-element set are the same statement, and credentials use
    both (the published examples write ``"proof": {...}``), while the official Open Badges schema of this
    snapshot asks for arrays (later published schemas accept both)."""
    fixed = copy.deepcopy(document)
    for _ in range(MAX_SET_FIXES):
        wrap = next(
            (
                e
                for e in _all_errors(_validators()[schema].iter_errors(fixed))
                if e.validator == "type" and e.validator_value == "array" and not isinstance(e.instance, list)
            ),
            None,
        )
        if wrap is None or not wrap.absolute_path:
            break
        *parents, last = wrap.absolute_path
        holder: Any = fixed
        for step in parents:
            holder = holder[step]
        holder[last] = [holder[last]]
    return fixed


def schema_problem(document: dict[str, Any], schema: str, *, strict: bool = False) -> str | None:
    """The most relevant schema violation, as 'at PATH: MESSAGE', or None when the document fits.
    Single values stand for one-element arrays (``as_sets``) unless ``strict``."""
    if _validators()[schema].is_valid(document):  # one pass when it fits as written (ours always do)
        return None
    checked = document if strict else as_sets(document, schema)
    error = best_match(_validators()[schema].iter_errors(checked))
    if error is None:
        return None
    where = error.json_path if error.json_path != "$" else "the top level"
    return f"at {where}: {error.message[:300]}"


def key_resolver(
    did_documents: Iterable[Mapping[str, Any]] = (), keys: Mapping[str, Ed25519PublicKey] | None = None
) -> KeyResolver:
    """From a verification method id to its Ed25519 key: ``keys`` first, then the assertion methods of
    the given DID documents (Multikey), then a ``did:key`` read from the identifier itself."""
    known = dict(keys or {})
    for doc in did_documents:
        asserting = set(doc.get("assertionMethod", []))
        for method in doc.get("verificationMethod", []):
            if method.get("id") in asserting and method.get("publicKeyMultibase"):
                known[method["id"]] = public_from_multikey(method["publicKeyMultibase"])

    def resolve(method: str) -> Ed25519PublicKey:
        if method in known:
            return known[method]
        did, _, fragment = method.partition("#")
        if did.startswith("did:key:"):
            multikey = did.removeprefix("did:key:")
            if fragment and fragment != multikey:
                raise LookupError("its fragment is not the did:key's own key")
            try:
                return public_from_multikey(multikey)
            except ValueError as exc:
                raise LookupError(str(exc)) from None
        raise LookupError("it is not a did:key; pass the issuer's DID document (--did-document)")

    return resolve


def _instant(value: object, field: str) -> dt.datetime:
    if not isinstance(value, str):
        raise VerificationError(f"{field} is missing or not a date-time")
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise VerificationError(f"{field} {value!r} is not a date-time") from None
    if when.tzinfo is None:
        raise VerificationError(f"{field} {value!r} has no time zone")
    return when


def check_dates(document: dict[str, Any], now: dt.datetime) -> None:
    valid_from = _instant(document.get("validFrom"), "validFrom")
    if valid_from > now:
        raise VerificationError(f"not valid yet: validFrom is {document['validFrom']}")
    if "validUntil" in document and _instant(document["validUntil"], "validUntil") <= now:
        raise VerificationError(f"expired: validUntil was {document['validUntil']}")
    for proof in proofs(document):
        if "created" in proof and _instant(proof["created"], "proof.created") > now:
            raise VerificationError(f"its proof is dated in the future ({proof['created']})")


def _kind(document: dict[str, Any]) -> str:
    types = document.get("type")
    names = types if isinstance(types, list) else [types]
    if "ClrCredential" in names:
        return "ClrCredential"
    for name in ("AchievementCredential", "OpenBadgeCredential"):
        if name in names:
            return name
    raise VerificationError(
        f"its type is {types!r}; expected a ClrCredential, AchievementCredential or OpenBadgeCredential"
    )


def _check_one(
    document: dict[str, Any],
    resolve: KeyResolver,
    now: dt.datetime,
    loader: Loader | None,
    *,
    schema: bool = True,
) -> str:
    kind = _kind(document)
    problem = (
        schema_problem(document, CLR_SCHEMA if kind == "ClrCredential" else OB_SCHEMA) if schema else None
    )
    if problem:
        raise VerificationError(f"does not fit the {kind} schema {problem}")
    check_dates(document, now)
    try:
        verify(document, resolve, loader=loader)
    except ProofError as exc:
        raise VerificationError(str(exc)) from None
    except JsonLdError as exc:
        raise VerificationError(f"cannot be canonicalized: {_jsonld_words(exc)}") from None
    return kind


def _jsonld_words(exc: JsonLdError) -> str:
    """The innermost reason of a JSON-LD failure: an unbundled context, or pyld's message with the
    property or URL it names."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None:
        chain.append(current)
        current = current.__cause__
    for reason in reversed(chain):
        if isinstance(reason, UnknownContextError):
            return str(reason)
    deepest = [e for e in chain if isinstance(e, JsonLdError)][-1]
    details = deepest.details if isinstance(deepest.details, dict) else {}
    named = ", ".join(f"{k} {v!r}" for k, v in details.items() if isinstance(v, str))
    return str(deepest.args[0]) + (f" ({named})" if named else "")


def verify_credential(
    document: object,
    resolve: KeyResolver | None = None,
    *,
    now: dt.datetime | None = None,
    loader: Loader | None = None,
) -> Verified:
    """Check a credential (and, for a CLR, each credential inside); ``VerificationError`` says the
    first thing wrong, naming the inner credential when it is one of those."""
    if not isinstance(document, dict):
        raise VerificationError("it is not a JSON object")
    resolve = resolve or key_resolver()
    now = now or dt.datetime.now(dt.UTC)
    kind = _check_one(document, resolve, now, loader)
    inner = (
        document.get("credentialSubject", {}).get("verifiableCredential", [])
        if kind == "ClrCredential"
        else []
    )
    for i, credential in enumerate(inner):
        try:
            # the CLR's schema holds each of them to the Open Badges schema already: not checked twice
            _check_one(credential, resolve, now, loader, schema=False)
        except VerificationError as exc:
            ident = credential.get("id", "") if isinstance(credential, dict) else ""
            raise VerificationError(f"verifiableCredential[{i}] ({ident}): {exc}") from None
    issuer = document.get("issuer")
    issuer_id = issuer.get("id", "") if isinstance(issuer, dict) else str(issuer)
    return Verified(kind=kind, id=str(document.get("id", "")), issuer=issuer_id, nested=len(inner))


def read_credential(path: Path) -> object:
    """A credential file's JSON, or ``VerificationError`` naming the file and why it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerificationError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise VerificationError(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise VerificationError(
            f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
