"""`pathways keys ...` and `pathways transcript ...`: the key file, the exports through the record
service as the signed-in user, and the verifier's one-line answers."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import get_settings
from credentials.keys import SigningKeyError, did_document, issuer, load_key
from pathways.cli import app

runner = CliRunner()


@pytest.fixture
def key_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys" / "issuer-key.pem"
    monkeypatch.setenv("PATHWAYS_ISSUER_KEY", str(path))
    monkeypatch.setenv("PATHWAYS_PASSWORD", "pinevalley-demo")
    get_settings.cache_clear()
    return path


def run(*args: str):
    return runner.invoke(app, list(args))


def test_keys_create_writes_a_private_key_and_names_its_did_key(key_path):
    result = run("keys", "create")
    assert result.exit_code == 0, result.output
    who = issuer(load_key(key_path))
    assert result.output == f"wrote {key_path} (mode 600); issuer {who.id}\n"
    assert who.id.startswith("did:key:z6Mk")
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_path.parent.stat().st_mode) == 0o700
    again = run("keys", "create")
    assert again.exit_code == 1
    assert again.output.endswith(
        f"error: {key_path} already holds a key; --force replaces it (credentials signed with it then fail)\n"
    )


def test_a_did_web_issuer_gets_the_did_document_to_publish(key_path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_ISSUER_ID", "did:web:pinevalley.example")
    get_settings.cache_clear()
    result = run("keys", "create")
    assert result.exit_code == 0, result.output
    who = issuer(load_key(key_path), "did:web:pinevalley.example")
    head = f"wrote {key_path} (mode 600); issuer did:web:pinevalley.example\n"
    head += "publish this DID document at https://pinevalley.example/.well-known/did.json:\n"
    assert result.output == head + json.dumps(did_document(who), indent=1) + "\n"


def test_a_key_others_can_read_is_refused(key_path):
    run("keys", "create")
    key_path.chmod(0o644)
    with pytest.raises(SigningKeyError) as caught:
        load_key(key_path)
    assert str(caught.value) == f"{key_path}: the signing key is readable by others (mode 644); chmod 600 it"


def test_a_family_exports_and_a_college_verifies_the_clr(key_path, sample_db, tmp_path):
    run("keys", "create")
    out = tmp_path / "maya.json"
    result = run("transcript", "export", "--student", "stu-maya", "--as", "fam.okafor", "--out", str(out))
    assert result.exit_code == 0, result.output
    who = issuer(load_key(key_path))
    assert (
        result.output == f"wrote {out}: a ClrCredential with 37 achievement credentials, signed by {who.id}\n"
    )
    clr = json.loads(out.read_text(encoding="utf-8"))
    checked = run("transcript", "verify", str(out))
    assert checked.exit_code == 0, checked.output
    assert checked.output == (
        f"ok: ClrCredential {clr['id']} from {who.id}, 37 achievement credentials inside: "
        "signatures, schema and dates hold\n"
    )
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("Ms. Okonkwo", "Ms. Okonkwp", 1), encoding="utf-8")
    tampered = run("transcript", "verify", str(out))
    assert tampered.exit_code == 1
    assert tampered.output == (
        f"error: {out}: the signature by {who.verification_method} does not match the content "
        "(it was changed after signing, or signed by another key)\n"
    )


def test_a_family_cannot_export_another_students_transcript(key_path, sample_db, tmp_path):
    run("keys", "create")
    out = tmp_path / "diego.pdf"
    result = run(
        "transcript",
        "export",
        "--student",
        "stu-diego",
        "--as",
        "fam.okafor",
        "--format",
        "pdf",
        "--out",
        str(out),
    )
    assert result.exit_code == 1
    assert (
        result.output
        == "error: not allowed: fam.okafor (family) may view record only for their own students\n"
    )
    assert not out.exists()


def test_the_pdf_export_needs_no_key(key_path, sample_db, tmp_path):
    out = tmp_path / "maya.pdf"
    result = run(
        "transcript", "export", "--student", "stu-maya", "--as", "maya", "--format", "pdf", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: the transcript of Maya Okafor (8 credits, 37 standards)\n"
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_clr_export_without_a_key_says_how_to_make_one(key_path, sample_db):
    result = run("transcript", "export", "--student", "stu-maya", "--as", "maya")
    assert result.exit_code == 1
    assert result.output == f"error: {key_path}: no signing key there; make one with `pathways keys create`\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not JSON (line 1, column 2: Expecting property name enclosed in double quotes)"),
        (
            '{"type": ["VerifiableCredential"]}',
            "its type is ['VerifiableCredential']; expected a ClrCredential, AchievementCredential or OpenBadgeCredential",
        ),
    ],
)
def test_verify_says_in_one_line_what_is_wrong(tmp_path, content, expected):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    result = run("transcript", "verify", str(path))
    assert result.exit_code == 1
    assert result.output == f"error: {path}: {expected}\n"


def test_a_did_web_credential_verifies_with_the_published_did_document(
    key_path, sample_db, tmp_path, monkeypatch
):
    monkeypatch.setenv("PATHWAYS_ISSUER_ID", "did:web:pinevalley.example")
    get_settings.cache_clear()
    run("keys", "create")
    who = issuer(load_key(key_path), "did:web:pinevalley.example")
    did_json = tmp_path / "did.json"
    did_json.write_text(json.dumps(did_document(who)), encoding="utf-8")
    out = tmp_path / "jamal.json"
    assert (
        run(
            "transcript", "export", "--student", "stu-jamal", "--as", "fam.whitfield", "--out", str(out)
        ).exit_code
        == 0
    )
    alone = run("transcript", "verify", str(out))
    assert alone.exit_code == 1
    assert alone.output == (
        f"error: {out}: the key '{who.verification_method}' cannot be resolved: it is not a did:key; "
        "pass the issuer's DID document (--did-document)\n"
    )
    checked = run("transcript", "verify", str(out), "--did-document", str(did_json))
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("ok: ClrCredential urn:uuid:")
    assert checked.output.endswith(
        " from did:web:pinevalley.example, 5 achievement credentials inside: signatures, schema and dates hold\n"
    )


def test_an_issuer_id_that_is_not_a_did_is_refused(key_path, monkeypatch):
    run("keys", "create")
    monkeypatch.setenv("PATHWAYS_ISSUER_ID", "https://pinevalley.example")
    get_settings.cache_clear()
    result = run("keys", "show")
    assert result.exit_code == 1
    assert (
        result.output
        == "error: PATHWAYS_ISSUER_ID: 'https://pinevalley.example' is not a did:web: or did:key: identifier\n"
    )
