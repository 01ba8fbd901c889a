"""Student data never appears in application logs: the service logs ids and version numbers only."""

from __future__ import annotations

import logging

import pytest
from recordkit import PASSWORD, cli_app, make_plan
from typer.testing import CliRunner

from records.errors import AccessDenied, ConflictError

COMMENT = "We worry about the Tuesday shifts at the pharmacy."


def test_a_busy_day_of_the_service_logs_no_student_data(records, users, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    signed = records.sign_in("ana", PASSWORD)
    with pytest.raises(Exception, match="wrong user name"):
        records.sign_in("ana", "a wrong password")
    student = records.student(users["ana"], "stu-ana")
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", [("INT-BIOTECH", "2027-SU")]), based_on=0)
    with pytest.raises(ConflictError):
        records.save_plan(users["adv.lee"], "stu-ana", make_plan("stu-ana", []), based_on=0)
    records.add_comment(users["fam.reyes"], "stu-ana", COMMENT)
    with pytest.raises(AccessDenied):
        records.plan(users["fam.reyes"], "stu-bo")
    record = records.export_record(users["admin"], "stu-ana")
    records.import_record(users["admin"], record, replace=True)
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    CliRunner().invoke(cli_app(), ["export", "student", "stu-ana", "--as", "adv.lee"])
    records.sign_out(signed.token)

    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    private = [
        student.name,
        "Reyes",
        student.interests,
        student.career_goals,
        COMMENT,
        PASSWORD,
        signed.token,
        "Biotech Lab Internship",
        "INT-BIOTECH",
        "Ms. Lee",  # an assessor named in the evidence
    ]
    assert [p for p in private if p in logged] == []
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("records.")]
    assert "plan of stu-ana: version 1 (edit) by ana" in ours
    assert "refused view_plan to account fam.reyes for student stu-bo" in ours
