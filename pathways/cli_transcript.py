"""`pathways keys ...` (the district's signing key) and `pathways transcript ...` (the mastery transcript:
a signed CLR 2.0 file or the printable PDF, and checking a credential file). docs/transcript.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from core.errors import InputError
from core.settings import get_settings
from credentials.build import clr_credential, credential_bytes
from credentials.keys import (
    Issuer,
    SigningKeyError,
    create_key,
    did_document,
    issuer,
    load_key,
    public_multikey,
)
from credentials.verify import VerificationError, key_resolver, read_credential, verify_credential
from pathways.common import AsUser, Wait, fail, one_line_errors, signed_in
from present.transcript_pdf import clr_filename, transcript_filename, transcript_pdf

keys_app = typer.Typer(help="The district's signing key for transcripts and credentials.")
transcript_app = typer.Typer(help="Mastery transcripts: signed CLR 2.0 files and printable PDFs.")


def configured_issuer() -> Issuer:
    """The issuer of PATHWAYS_ISSUER_KEY and PATHWAYS_ISSUER_ID, or a one-line failure."""
    settings = get_settings()
    try:
        return issuer(load_key(settings.issuer_key), settings.issuer_id)
    except (SigningKeyError, InputError) as exc:
        raise fail(str(exc)) from None


@keys_app.command("create")
def keys_create(
    force: Annotated[
        bool, typer.Option(help="Replace an existing key (what it signed stops verifying).")
    ] = False,
) -> None:
    """Make the district's Ed25519 signing key at PATHWAYS_ISSUER_KEY (mode 600) and print its issuer id;
    for a did:web issuer (PATHWAYS_ISSUER_ID), also the DID document to publish."""
    settings = get_settings()
    try:
        key = create_key(settings.issuer_key, force=force)
        who = issuer(key, settings.issuer_id)
    except (SigningKeyError, InputError) as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write {settings.issuer_key}: {exc.strerror}") from None
    typer.echo(f"wrote {settings.issuer_key} (mode 600); issuer {who.id}")
    _print_did_document(who)


@keys_app.command("show")
def keys_show() -> None:
    """The issuer id and public key of the signing key (and, for did:web, the DID document)."""
    who = configured_issuer()
    typer.echo(f"key {get_settings().issuer_key}; issuer {who.id}; public key {public_multikey(who.public)}")
    _print_did_document(who)


def _print_did_document(who: Issuer) -> None:
    ident = who.id
    if ident.startswith("did:web:"):
        host = ident.removeprefix("did:web:").replace(":", "/")
        where = f"https://{host}/.well-known/did.json" if "/" not in host else f"https://{host}/did.json"
        typer.echo(f"publish this DID document at {where}:")
        typer.echo(json.dumps(did_document(who), indent=1))


@transcript_app.command("export")
def export(
    student: Annotated[str, typer.Option(help="The student's id.")],
    as_user: AsUser,
    format_: Annotated[str, typer.Option("--format", help="clr (signed JSON) or pdf.")] = "clr",
    out: Annotated[
        Path | None, typer.Option(help="The file to write (default: named after the student).")
    ] = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """The mastery transcript of a student you may view: a signed CLR 2.0 file or a printable PDF."""
    if format_ not in ("clr", "pdf"):
        raise fail(f"--format must be clr or pdf, not {format_!r}")
    who = configured_issuer() if format_ == "clr" or get_settings().issuer_key.exists() else None
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        data = service.transcript(user, student)
    now = dt.datetime.now(dt.UTC)
    if format_ == "pdf":
        target = out or Path(transcript_filename(data.student_name))
        content = transcript_pdf(data, issuer_id=who.id if who else "")
        what = f"the transcript of {data.student_name} ({len(data.credits)} credits, {len(data.standards)} standards)"
    else:
        assert who is not None
        settings = get_settings()
        clr = clr_credential(
            data, who, now, name=data.district, url=settings.issuer_url, per=settings.credentials_per
        )
        target = out or Path(clr_filename(data.student_name))
        content = credential_bytes(clr)
        count = len(clr["credentialSubject"]["verifiableCredential"])
        what = f"a ClrCredential with {count} achievement credentials, signed by {who.id}"
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise fail(f"cannot write {target}: {exc.strerror}") from None
    typer.echo(f"wrote {target}: {what}")


@transcript_app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="A ClrCredential or AchievementCredential JSON file.")],
    did_document: Annotated[
        list[Path] | None,
        typer.Option(help="The issuer's DID document (did.json), for an issuer that is not a did:key."),
    ] = None,
) -> None:
    """Check a credential's signatures, schema and dates; says in one line what is wrong."""
    try:
        documents = [json.loads(p.read_text(encoding="utf-8")) for p in did_document or []]
    except (OSError, ValueError) as exc:
        raise fail(f"cannot read the DID document: {exc}") from None
    try:
        verified = verify_credential(read_credential(file), key_resolver(documents))
    except VerificationError as exc:
        message = str(exc)
        raise fail(message if message.startswith(str(file)) else f"{file}: {message}") from None
    typer.echo(f"ok: {verified.words}")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
    app.add_typer(transcript_app, name="transcript")
