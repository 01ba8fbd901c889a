"""Our credentials, built from the sample district's records through the record service: what they say
(exactly), that they fit the official Open Badges schema as they are, that they survive a JSON round
trip, and that each sample student gets a CLR that verifies."""

from __future__ import annotations

import json

import pytest
from transcriptkit import ISSUED, NOW

from credentials.build import clr_credential, credential_bytes
from credentials.verify import CLR_SCHEMA, OB_SCHEMA, VerificationError, schema_problem, verify_credential

MAYA_ENG9_STANDARD = "CCSS.ELA-Literacy.RL.9-10.1"


@pytest.fixture
def maya_clr(sample_records, district_issuer):
    admin = sample_records.authenticate("admin", "pinevalley-demo")
    data = sample_records.transcript(admin, "stu-maya")
    return clr_credential(data, district_issuer, ISSUED, name=data.district, url="https://pinevalley.example")


def inner(clr, code):
    return next(
        c
        for c in clr["credentialSubject"]["verifiableCredential"]
        if c["credentialSubject"]["achievement"]["humanCode"] == code
    )


def test_a_standard_credential_is_aligned_to_its_item_with_its_level_and_evidence(maya_clr, district_issuer):
    credential = inner(maya_clr, MAYA_ENG9_STANDARD)
    achievement = credential["credentialSubject"]["achievement"]
    assert credential["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert credential["issuer"] == {
        "id": district_issuer.id,
        "type": ["Profile"],
        "name": "Pine Valley School District",
        "url": "https://pinevalley.example",
    }
    assert credential["validFrom"] == "2026-12-03T12:00:00Z"
    assert credential["awardedDate"] == "2025-12-19T00:00:00Z"
    assert achievement["alignment"] == [
        {
            "type": ["Alignment"],
            "targetType": "CFItem",
            "targetName": MAYA_ENG9_STANDARD,
            "targetDescription": achievement["description"],
            "targetCode": MAYA_ENG9_STANDARD,
            "targetFramework": "Pine Valley English Language Arts Competencies (CCSS-aligned)",
            "targetUrl": "https://www.thecorestandards.org/ELA-Literacy/RL/9-10/",
        }
    ]
    levels = achievement["resultDescription"][0]["rubricCriterionLevel"]
    assert [(lv["name"], lv["level"]) for lv in levels] == [
        ("Emerging", "1"),
        ("Developing", "2"),
        ("Proficient", "3"),
        ("Advanced", "4"),
    ]
    result = credential["credentialSubject"]["result"]
    assert result == [
        {
            "type": ["Result"],
            "resultDescription": achievement["resultDescription"][0]["id"],
            "achievedLevel": levels[2]["id"],
        }
    ]
    assert credential["evidence"] == [
        {
            "type": ["Evidence"],
            "name": "English 9: Coming-of-Age Stories",
            "narrative": "Proficient on 2025-12-19 in English 9: Coming-of-Age Stories, assessed by Ms. Okonkwo.",
            "genre": "Assessment",
        }
    ]
    assert credential["credentialSubject"]["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "sisSourcedId",
            "hashed": False,
            "identityHash": "stu-maya",
        },
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Maya Okafor"},
    ]


def test_the_clr_holds_the_hierarchy_and_the_credits(maya_clr):
    subject = maya_clr["credentialSubject"]
    assert maya_clr["type"] == ["VerifiableCredential", "ClrCredential"]
    assert len(subject["verifiableCredential"]) == 37
    names = {a["id"]: a["name"] for a in subject["achievement"]}
    kinds = {a["id"]: a["achievementType"] for a in subject["achievement"]}
    standard = {
        c["credentialSubject"]["achievement"]["id"]: c["credentialSubject"]["achievement"]["humanCode"]
        for c in subject["verifiableCredential"]
    }
    named = {**names, **standard}
    pairs = {
        (a["associationType"], named[a["sourceId"]], named[a["targetId"]]) for a in subject["association"]
    }
    assert ("isParentOf", "CCSS.ELA-Literacy.RL", MAYA_ENG9_STANDARD) in pairs
    assert ("isPartOf", MAYA_ENG9_STANDARD, "English 9: Coming-of-Age Stories") in pairs
    assert sorted(n for i, n in names.items() if kinds[i] != "Competency") == [
        "Algebra I, Part 1: Equations and Inequalities",
        "Algebra I, Part 2: Functions and Data",
        "Art Foundations: Drawing and Painting",
        "Biology: Cells, Genes and Ecosystems",
        "English 9: Coming-of-Age Stories",
        "Physical Education: Lifetime Fitness",
        "Spanish 1",
        "World History: Empires, Revolutions and a Connected World",
    ]


def test_our_credentials_fit_the_official_schema_as_they_are(maya_clr):
    for credential in maya_clr["credentialSubject"]["verifiableCredential"]:
        assert schema_problem(credential, OB_SCHEMA, strict=True) is None
    assert schema_problem(maya_clr, CLR_SCHEMA, strict=True) is None


def test_an_exported_clr_verifies_after_a_round_trip_through_json(maya_clr, district_issuer):
    again = json.loads(credential_bytes(maya_clr).decode("utf-8"))
    assert again == maya_clr
    verified = verify_credential(again, now=NOW)
    assert verified.words == (
        f"ClrCredential {maya_clr['id']} from {district_issuer.id}, 37 achievement credentials inside: "
        "signatures, schema and dates hold"
    )


def test_a_level_raised_inside_the_clr_is_caught_by_both_signatures(maya_clr, district_issuer):
    credential = inner(maya_clr, MAYA_ENG9_STANDARD)
    levels = credential["credentialSubject"]["achievement"]["resultDescription"][0]["rubricCriterionLevel"]
    credential["credentialSubject"]["result"][0]["achievedLevel"] = levels[3]["id"]  # proficient -> advanced
    mismatch = (
        f"the signature by {district_issuer.verification_method} does not match the content "
        "(it was changed after signing, or signed by another key)"
    )
    with pytest.raises(VerificationError) as caught:
        verify_credential(maya_clr, now=NOW)
    assert str(caught.value) == mismatch
    with pytest.raises(VerificationError) as caught:
        verify_credential(credential, now=NOW)
    assert str(caught.value) == mismatch


def test_dates_are_checked(maya_clr):
    early = NOW.replace(year=2025)
    with pytest.raises(VerificationError) as caught:
        verify_credential(maya_clr, now=early)
    assert str(caught.value) == "not valid yet: validFrom is 2026-12-03T12:00:00Z"


def test_every_sample_student_gets_a_clr_that_verifies(sample_records, district_issuer):
    admin = sample_records.authenticate("admin", "pinevalley-demo")
    counts = {}
    for student in sample_records.students(admin):
        data = sample_records.transcript(admin, student.id)
        clr = json.loads(credential_bytes(clr_credential(data, district_issuer, ISSUED, name=data.district)))
        counts[student.id] = verify_credential(clr, now=NOW).nested
    assert counts == {
        "stu-maya": 37,
        "stu-diego": 74,
        "stu-imani": 69,
        "stu-marcus": 50,
        "stu-priya": 59,
        "stu-noah": 67,
        "stu-sofia": 74,
        "stu-jamal": 5,
        "stu-linh": 34,
        "stu-amara": 71,
    }


def test_a_district_may_issue_a_credential_per_credit(sample_records, district_issuer):
    admin = sample_records.authenticate("admin", "pinevalley-demo")
    data = sample_records.transcript(admin, "stu-maya")
    clr = clr_credential(data, district_issuer, ISSUED, name=data.district, per="credit")
    credentials = clr["credentialSubject"]["verifiableCredential"]
    assert len(credentials) == 8
    english = next(c for c in credentials if c["credentialSubject"]["achievement"]["humanCode"] == "ENG-9")
    achievement = english["credentialSubject"]["achievement"]
    assert (achievement["achievementType"], english["credentialSubject"]["creditsEarned"]) == ("Course", 1.0)
    assert sorted(a["targetCode"] for a in achievement["alignment"]) == [
        "CCSS.ELA-Literacy.L.9-10.1",
        "CCSS.ELA-Literacy.RL.9-10.1",
        "CCSS.ELA-Literacy.RL.9-10.2",
        "CCSS.ELA-Literacy.RL.9-10.3",
        "CCSS.ELA-Literacy.SL.9-10.1",
    ]
    assert {a["targetType"] for a in achievement["alignment"]} == {"CFItem"}
    assert len(english["evidence"]) == 5
    for credential in credentials:
        assert schema_problem(credential, OB_SCHEMA, strict=True) is None
    kinds = {a["achievementType"] for a in clr["credentialSubject"]["achievement"]}
    assert kinds == {"Competency"}  # the standards and their headings
    assert verify_credential(json.loads(credential_bytes(clr)), now=NOW).nested == 8
