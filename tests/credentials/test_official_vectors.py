"""Interoperability with the official 1EdTech material (tests/credentials/fixtures/README.md): our
canonicalization, signer and verifier against the published Open Badges 3.0 and CLR 2.0 test vectors."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from credentials.contexts import OB_V3, canonical_nquads, keeping_processor, offline_loader
from credentials.keys import public_multikey
from credentials.proof import sign
from credentials.verify import OB_SCHEMA, VerificationError, key_resolver, schema_problem, verify_credential

FIXTURES = Path(__file__).parent / "fixtures"
KEY = json.loads((FIXTURES / "test-vector-key.json").read_text(encoding="utf-8"))
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_LOADER = offline_loader({EXTENSIONS: json.loads((FIXTURES / "extensions-stub.json").read_text())})
NOW = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(KEY["privateKeyHex"])[:32])


def resolver() -> Any:
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(KEY["publicKeyHex"]))
    return key_resolver(keys={KEY["verificationMethod"]: public})


def test_the_published_key_is_the_published_multikey():
    assert public_multikey(private_key().public_key()) == KEY["publicKeyMultibase"]


def test_our_canonical_form_of_the_published_example_is_the_published_one():
    document = fixture("obv3p0-signed-example.json")
    proof = document.pop("proof")
    del proof["proofValue"]
    proof["@context"] = document["@context"]
    loader = offline_loader()
    doc_nquads = canonical_nquads(document, loader)
    proof_nquads = canonical_nquads(proof, loader)
    assert doc_nquads == (FIXTURES / "obv3p0-document-canon.txt").read_text(encoding="utf-8")
    assert proof_nquads == (FIXTURES / "obv3p0-proof-canon.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(doc_nquads.encode()).hexdigest() == KEY["documentHashHex"]
    assert hashlib.sha256(proof_nquads.encode()).hexdigest() == KEY["proofHashHex"]


def test_our_signer_reproduces_the_published_proof():
    published = fixture("obv3p0-signed-example.json")
    unsigned = {k: v for k, v in published.items() if k != "proof"}
    created = dt.datetime(2010, 1, 1, 19, 23, 24, tzinfo=dt.UTC)
    ours = sign(unsigned, private_key(), KEY["verificationMethod"], created)
    assert ours["proof"] == published["proof"]
    assert ours == published


def test_our_verifier_accepts_the_published_example():
    verified = verify_credential(fixture("obv3p0-signed-example.json"), resolver(), now=NOW)
    assert verified.words == (
        "OpenBadgeCredential http://example.com/credentials/3527 from https://example.edu/issuers/565049: "
        "signatures, schema and dates hold"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["credentialSubject"]["achievement"].__setitem__("name", "Teamwoek"),
            "does not match the content",
        ),
        (lambda d: d.__setitem__("validFrom", "2010-01-01T00:00:01Z"), "does not match the content"),
        (lambda d: d["issuer"].__setitem__("name", "Example Corq"), "does not match the content"),
    ],
)
def test_our_verifier_rejects_a_one_character_change(change: Any, expected: str):
    document = fixture("obv3p0-signed-example.json")
    change(document)
    with pytest.raises(VerificationError) as caught:
        verify_credential(document, resolver(), now=NOW)
    assert str(caught.value) == (
        "the signature by https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi "
        "does not match the content (it was changed after signing, or signed by another key)"
    )
    assert expected in str(caught.value)


def test_a_one_character_change_to_the_proof_value_is_rejected():
    document = fixture("obv3p0-signed-example.json")
    value = document["proof"]["proofValue"]
    document["proof"]["proofValue"] = value[:-1] + ("s" if value[-1] != "s" else "t")
    with pytest.raises(VerificationError, match="does not match the content"):
        verify_credential(document, resolver(), now=NOW)


def test_the_published_example_fits_the_official_schema():
    assert schema_problem(fixture("obv3p0-signed-example.json"), OB_SCHEMA) is None


def test_the_published_clr_example_canonicalizes_as_published_with_our_clr_context():
    document = fixture("clrv2p0-signed-example.json")
    del document["proof"]
    expected = (FIXTURES / "clrv2p0-document-canon.txt").read_text(encoding="utf-8")
    assert canonical_nquads(document, CLR_LOADER) == expected


def test_kept_contexts_canonicalize_as_pyld_alone_does():
    """The processor keeps processed contexts from one document to the next: the second reading of
    each published example (from what the first kept) is still the published form, and a CLR with
    nested credentials canonicalizes as pyld's own processor does."""
    loader = offline_loader({EXTENSIONS: json.loads((FIXTURES / "extensions-stub.json").read_text())})
    ob = {k: v for k, v in fixture("obv3p0-signed-example.json").items() if k != "proof"}
    clr = {k: v for k, v in fixture("clrv2p0-signed-example.json").items() if k != "proof"}
    ob_expected = (FIXTURES / "obv3p0-document-canon.txt").read_text(encoding="utf-8")
    clr_expected = (FIXTURES / "clrv2p0-document-canon.txt").read_text(encoding="utf-8")
    for _ in range(2):
        assert canonical_nquads(ob, loader) == ob_expected
        assert canonical_nquads(clr, loader) == clr_expected
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    assert jsonld.normalize(clr, {**options, "safe": True}) == clr_expected
    assert keeping_processor(loader).kept  # it did keep them


def test_an_inline_context_changed_in_place_is_read_again():
    document = {k: v for k, v in fixture("obv3p0-signed-example.json").items() if k != "proof"}
    inline = {"note": "https://example.org/vocab#first"}
    document["@context"] = [*document["@context"], inline]
    document["note"] = "kept contexts"
    loader = offline_loader()
    assert "<https://example.org/vocab#first>" in canonical_nquads(document, loader)
    inline["note"] = "https://example.org/vocab#second"
    again = canonical_nquads(document, loader)
    assert ("<https://example.org/vocab#second>" in again, "#first" in again) == (True, False)


def test_our_verifier_accepts_the_published_clr_example_and_its_inner_credential():
    verified = verify_credential(
        fixture("clrv2p0-signed-example.json"), resolver(), now=NOW, loader=CLR_LOADER
    )
    assert (verified.kind, verified.id, verified.nested) == (
        "ClrCredential",
        "http://example.edu/credentials/3732",
        1,
    )


def test_a_change_inside_the_clr_names_the_inner_credential():
    document = fixture("clrv2p0-signed-example.json")
    inner = document["credentialSubject"]["verifiableCredential"][0]
    inner["credentialSubject"]["achievement"]["name"] = "Achievement 2"
    with pytest.raises(VerificationError) as caught:
        verify_credential(copy.deepcopy(document), resolver(), now=NOW, loader=CLR_LOADER)
    assert str(caught.value).startswith(
        "the signature by https://example.edu/issuers/565049#z6Mk"
    )  # the CLR's own proof covers its inner credentials too


def test_an_unknown_context_is_refused_not_fetched():
    document = fixture("obv3p0-signed-example.json")
    document["@context"] = [*document["@context"], "https://example.org/never-fetched.json"]
    with pytest.raises(VerificationError) as caught:
        verify_credential(document, resolver(), now=NOW)
    assert "https://example.org/never-fetched.json is not bundled (it is never fetched)" in str(caught.value)
    assert OB_V3 in document["@context"]
