"""The learning record on the command line: `pathways evidence ...`, `pathways placements ...`,
`pathways hours ...`, `pathways audit-graduation` and `pathways users assess`. Each verb signs in with
``--as USER`` and goes through the record service, like the pages (docs/record.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from core.db import CLI_BUSY_TIMEOUT
from pathways.common import AsUser, Wait, fail, one_line_errors, signed_in
from records.credit import GraduationAudit
from records.evidence import ArtifactIn, EvidenceEntry, EvidenceIn
from records.placements import PlacementIn, TimesheetIn

evidence_app = typer.Typer(help="Evidence of mastery: record, submit, verify, return, correct, list.")
placements_app = typer.Typer(help="Work-based learning placements and their supervisors' links.")
hours_app = typer.Typer(help="Timesheets of placements: log, show, export for state reporting.")

Student = Annotated[str, typer.Argument(help="The student's id.")]
Competency = Annotated[str, typer.Option(help="The competency's id.")]
Level = Annotated[str, typer.Option(help="A level of the student's requirement set's scale.")]
Day = Annotated[dt.datetime, typer.Option("--date", formats=["%Y-%m-%d"], help="YYYY-MM-DD.")]
FromOpportunity = Annotated[
    str | None,
    typer.Option("--opportunity", help="Where it was shown; leave out for credit by demonstration."),
]
Criterion = Annotated[str, typer.Option("--criterion", help="The rubric criterion.")]
Score = Annotated[float | None, typer.Option(help="The rubric score (with --max).")]
Maximum = Annotated[float | None, typer.Option("--max", help="The rubric's highest score.")]
Comment = Annotated[str, typer.Option(help="What the assessor saw.")]
Files = Annotated[list[Path] | None, typer.Option("--artifact", help="A file to attach (repeat).")]
Links = Annotated[list[str] | None, typer.Option("--link", help="A web link to attach (repeat).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _invalid(exc: ValidationError) -> typer.Exit:
    """A form's problems in one line: each field and what is wrong."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return fail("; ".join(parts))


def _artifacts(files: list[Path] | None, links: list[str] | None) -> list[ArtifactIn]:
    found = [ArtifactIn(name=u, url=u) for u in links or []]
    for path in files or []:
        try:
            found.append(ArtifactIn(name=path.name, content=path.read_bytes()))
        except OSError as exc:
            raise fail(f"cannot read {path}: {exc.strerror}") from None
    return found


def _new(
    competency: str,
    level: str,
    day: dt.datetime,
    opportunity: str | None,
    criterion: str,
    score: float | None,
    maximum: float | None,
    comment: str,
    files: list[Path] | None,
    links: list[str] | None,
) -> EvidenceIn:
    try:
        return EvidenceIn(
            competency=competency,
            level=level,
            date=day.date(),
            opportunity=opportunity,
            rubric_criterion=criterion,
            rubric_score=score,
            rubric_max=maximum,
            comment=comment,
            artifacts=_artifacts(files, links),
        )
    except ValidationError as exc:
        raise _invalid(exc) from None


def _line(e: EvidenceEntry) -> str:
    source = e.opportunity or "by demonstration"
    by = f" by {e.assessor}" if e.assessor else ""
    extra = f" ({e.reason})" if e.reason else ""
    return f"#{e.id} {e.date} {e.competency} {e.level} {e.state.value}{by}, {source}{extra}"


@evidence_app.command("add")
def add(
    student: Student,
    competency: Competency,
    level: Level,
    day: Day,
    as_user: AsUser,
    opportunity: FromOpportunity = None,
    criterion: Criterion = "",
    score: Score = None,
    maximum: Maximum = None,
    comment: Comment = "",
    artifact: Files = None,
    link: Links = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Record verified evidence as its assessor (a teacher for what they assess, or an admin)."""
    new = _new(competency, level, day, opportunity, criterion, score, maximum, comment, artifact, link)
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        typer.echo(_line(service.record_evidence(user, student, new)))


@evidence_app.command("submit")
def submit(
    student: Student,
    competency: Competency,
    level: Level,
    day: Day,
    as_user: AsUser,
    opportunity: FromOpportunity = None,
    comment: Comment = "",
    artifact: Files = None,
    link: Links = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Submit your own piece of evidence (a portfolio item) for an assessor to verify."""
    new = _new(competency, level, day, opportunity, "", None, None, comment, artifact, link)
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        typer.echo(_line(service.submit_evidence(user, student, new)))


@evidence_app.command("verify")
def verify(student: Student, entry: int, as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
    """Verify a submitted entry (a new entry supersedes it)."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        typer.echo(_line(service.verify_evidence(user, student, entry)))


@evidence_app.command("return")
def return_(
    student: Student,
    entry: int,
    reason: Annotated[str, typer.Option(help="What the student should change.")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Return a submitted entry to the student with a reason."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        typer.echo(_line(service.return_evidence(user, student, entry, reason)))


@evidence_app.command("list")
def list_(
    student: Student,
    as_user: AsUser,
    history: Annotated[bool, typer.Option(help="Superseded entries too.")] = False,
    as_json: AsJson = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """The student's current evidence (or its whole history), oldest first."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        found = (service.evidence_history if history else service.evidence)(user, student)
    for e in found:
        typer.echo(e.model_dump_json() if as_json else _line(e))


# --- placements and hours ----------------------------------------------------------------------------


@placements_app.command("add")
def add_placement(
    student: Student,
    opportunity: Annotated[str, typer.Option(help="The opportunity's id.")],
    term: Annotated[str, typer.Option(help="The term's id.")],
    site: Annotated[str, typer.Option(help="Where: the employer or organisation.")],
    supervisor: Annotated[str, typer.Option(help="The supervisor's name.")],
    as_user: AsUser,
    email: Annotated[str, typer.Option(help="The supervisor's e-mail.")] = "",
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Create a placement (an advisor for their caseload, a teacher for what they assess, an admin)."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        new = PlacementIn(
            student_id=student,
            opportunity=opportunity,
            term=term,
            site=site,
            supervisor_name=supervisor,
            supervisor_email=email,
        )
        p = service.add_placement(user, new)
    typer.echo(
        f"placement {p.id}: {p.student_id} at {p.site} ({p.opportunity}, {p.term}), supervisor {p.supervisor_name}"
    )


@placements_app.command("link")
def link(
    placement: int,
    as_user: AsUser,
    days: Annotated[int, typer.Option(min=1, max=365, help="Days the link works.")] = 120,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Issue the supervisor's link (printed once: the database keeps only its hash)."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        token, made = service.issue_link(user, placement, dt.timedelta(days=days))
    typer.echo(f"link {made.id} for placement {placement}, until {made.expires_at:%Y-%m-%d}:")
    typer.echo(f"?link={token}")


@placements_app.command("revoke")
def revoke(placement: int, link_id: int, as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
    """Revoke a supervisor's link: it stops working at once."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        done = service.revoke_link(user, placement, link_id)
    typer.echo(f"link {done.id} revoked")


@hours_app.command("log")
def log_hours(
    placement: int,
    day: Day,
    start: Annotated[str, typer.Option(help="HH:MM")],
    end: Annotated[str, typer.Option(help="HH:MM")],
    tasks: Annotated[str, typer.Option(help="What you did.")],
    as_user: AsUser,
    hours: Annotated[float | None, typer.Option(help="Hours worked, when less than end minus start.")] = None,
    reflection: Annotated[str, typer.Option(help="What you learned.")] = "",
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Submit a timesheet entry for your placement."""
    try:
        new = TimesheetIn(
            date=day.date(), start=start, end=end, hours=hours, tasks=tasks, reflection=reflection
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        e = service.log_hours(user, placement, new)
    typer.echo(f"entry {e.id}: {e.date} {e.worked:g} h, {e.state.value}")


@hours_app.command("show")
def show_hours(
    placement: int, as_user: AsUser, as_json: AsJson = False, wait: Wait = CLI_BUSY_TIMEOUT
) -> None:
    """A placement's timesheet and its totals per term."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        found = service.hours(user, placement)
    if as_json:
        typer.echo(found.model_dump_json(indent=1))
        return
    for e in found.entries:
        why = f" ({e.reason})" if e.reason else ""
        typer.echo(f"#{e.id} {e.date} {e.worked:g} h {e.state.value}{why}: {e.tasks}")
    for t in found.totals:
        typer.echo(f"{t.term}: {t.approved:g} h approved, {t.waiting:g} h waiting")


@hours_app.command("export")
def export_hours(out: Path, as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
    """The approved hours you may see as CSV (one row per entry), for state reporting."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        try:
            count = service.hours_report(user, out)
        except OSError as exc:
            raise fail(f"cannot write {out}: {exc.strerror}") from None
    typer.echo(f"{count} approved entries written to {out}")


# --- the audit and the teacher's opportunities ------------------------------------------------------


def audit_text(a: GraduationAudit) -> list[str]:
    """The audit in words, one fact a line, each with its date or term."""
    lines = [
        f"Graduation audit of {a.student_id} ({a.requirement_set}), current term {a.current_term}, target "
        f"{a.target_term}: {'on track' if a.on_track else 'NOT on track'}",
        "Required:",
    ]
    for r in a.required:
        when = {"demonstrated": f"on {r.date}", "planned": f"in {r.term} ({r.opportunity})"}.get(r.status, "")
        lines.append(f"  {r.competency}: {r.status} {when}".rstrip())
    for m in a.minimums:
        lines.append(f"Minimum {m.subject}: {m.demonstrated} demonstrated, {m.planned} planned of {m.count}")
    lines.append(f"Credits: {a.total_credits:g}")
    for c in a.credits:
        granted = f"{c.credits:g} credit on {c.granted_on}" if c.granted else "no credit yet"
        lines.append(
            f"  {c.opportunity} ({c.subject}): {len(c.demonstrated)} of {len(c.outcomes)} outcomes ({c.share:.0%}), {granted}"
        )
    lines += [f"  - {reason}" for reason in a.reasons]
    return lines


def audit_graduation(
    student: Annotated[str, typer.Option("--student", help="The student's id.")],
    as_user: AsUser,
    as_json: AsJson = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """The graduation audit: required competencies demonstrated / planned / missing, subject minimums,
    credits, and whether the student is on track for the target term."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        found = service.graduation_audit(user, student)
    if as_json:
        typer.echo(json.dumps(found.model_dump(mode="json"), indent=1))
    else:
        typer.echo("\n".join(audit_text(found)))


def assess(
    teacher: Annotated[str, typer.Argument(help="The teacher's user name.")],
    opportunity: Annotated[list[str], typer.Option(help="An opportunity they assess (repeat).")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Set the opportunities a teacher assesses (they then see the students enrolled in them)."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        found = service.set_assessed(user, teacher, opportunity)
    typer.echo(
        f"{found.id} assesses {', '.join(sorted(found.opportunities))}: {len(found.students)} students"
    )


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app (`users assess` joins the users group)."""
    from pathways.cli_records import users_app

    if not any(c.name == "assess" for c in users_app.registered_commands):
        users_app.command("assess")(assess)
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(placements_app, name="placements")
    app.add_typer(hours_app, name="hours")
    app.command("audit-graduation")(audit_graduation)
