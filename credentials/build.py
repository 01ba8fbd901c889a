"""A transcript as credentials: one Open Badges 3.0 ``AchievementCredential`` per demonstrated standard,
and one CLR 2.0 ``ClrCredential`` holding them, each signed by the district (credentials/proof.py).

Each standard's ``Achievement`` is aligned to its CASE item (``alignment``: ``targetType`` ``CFItem``,
its code, its framework, and its URI as imported); the level shown is the ``result``, read against a
four-level rubric (``resultDescription``); the evidence behind it becomes ``Evidence`` entries. The CLR
adds the standards' headings and the credits as achievements and ties them with ``association``s
(a heading ``isParentOf`` its standards; a standard ``isPartOf`` the credit it counted for). Every id
is a name-based UUID of the issuer and what it names, so a re-export names the same things the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Literal

from core.schema import EvidenceLevel
from credentials.contexts import CLR_V2, OB_V3, VC_V2
from credentials.keys import Issuer
from credentials.proof import sign, timestamp
from present.transcript import LEVEL_ORDER, Credit, Heading, StandardLine, TranscriptData

CredentialsPer = Literal["standard", "credit"]
"""What each achievement credential in a CLR stands for: a demonstrated standard, or an earned credit."""

ACHIEVEMENT_TYPES = {
    "course": "Course",
    "online_course": "Course",
    "dual_enrollment": "Course",
    "internship": "Fieldwork",
    "work_based_learning": "Fieldwork",
    "community_service": "CommunityService",
    "after_school": "CoCurricular",
}
"""An opportunity's kind as an Open Badges achievement type; other kinds are 'Achievement'."""

LEVEL_WORDS = {
    EvidenceLevel.EMERGING: "Beginning to show the standard with support.",
    EvidenceLevel.DEVELOPING: "Shows parts of the standard; not yet consistently.",
    EvidenceLevel.PROFICIENT: "Shows the standard fully and independently.",
    EvidenceLevel.ADVANCED: "Shows the standard beyond what it asks, in new situations.",
}


class Names:
    """Name-based ids (UUID v5) under one issuer."""

    def __init__(self, issuer_id: str) -> None:
        self.base = issuer_id

    def urn(self, *parts: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join((self.base, *parts)))}"


def profile(issuer: Issuer, name: str, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": issuer.id, "type": ["Profile"], "name": name}
    if url:
        data["url"] = url
    return data


def _recipient(data: TranscriptData) -> list[dict[str, Any]]:
    return [
        {
            "type": "IdentityObject",
            "identityType": "sisSourcedId",
            "hashed": False,
            "identityHash": data.student_id,
        },
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": data.student_name,
        },
    ]


def _rubric(names: Names) -> dict[str, Any]:
    return {
        "id": names.urn("rubric", "performance-level"),
        "type": ["ResultDescription"],
        "name": "Performance level",
        "resultType": "RubricCriterionLevel",
        "requiredLevel": names.urn("rubric", EvidenceLevel.PROFICIENT.value),
        "rubricCriterionLevel": [
            {
                "id": names.urn("rubric", level.value),
                "type": ["RubricCriterionLevel"],
                "name": level.value.capitalize(),
                "description": LEVEL_WORDS[level],
                "level": str(LEVEL_ORDER.index(level) + 1),
            }
            for level in LEVEL_ORDER
        ],
    }


def standard_achievement(standard: StandardLine, names: Names, creator: dict[str, Any]) -> dict[str, Any]:
    """The Open Badges ``Achievement`` of one standard, aligned to its CASE item."""
    target_url = standard.source_uri or names.urn("competency", standard.competency)
    return {
        "id": names.urn("competency", standard.competency),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": standard.code,
        "description": standard.statement,
        "humanCode": standard.code,
        "criteria": {
            "narrative": "Demonstrated at the proficient level or above, as judged by an assessor "
            "against the district's four-level rubric."
        },
        "creator": creator,
        "alignment": [
            {
                "type": ["Alignment"],
                "targetType": "CFItem",
                "targetName": standard.code,
                "targetDescription": standard.statement,
                "targetCode": standard.code,
                "targetFramework": standard.framework_title,
                "targetUrl": target_url,
            }
        ],
        "resultDescription": [_rubric(names)],
    }


def _evidence(standard: StandardLine, source: str | None = None) -> list[dict[str, Any]]:
    """The evidence behind a standard as Open Badges ``Evidence`` (only that from ``source`` when given)."""
    return [
        {
            "type": ["Evidence"],
            "name": e.source_title or "Evidence",
            "narrative": (
                f"{e.level.value.capitalize()} on {e.date.isoformat()}"
                + (f" in {e.source_title}" if e.source_title else "")
                + (f", assessed by {e.assessor}" if e.assessor else "")
                + "."
            ),
            "genre": "Assessment",
        }
        for e in standard.evidence
        if source is None or e.source == source
    ]


def achievement_credential(
    data: TranscriptData,
    standard: StandardLine,
    issuer: Issuer,
    issued: dt.datetime,
    district: dict[str, Any],
) -> dict[str, Any]:
    """The unsigned Open Badges 3.0 credential of one demonstrated standard."""
    names = Names(issuer.id)
    achievement = standard_achievement(standard, names, district)
    return {
        "@context": [VC_V2, OB_V3],
        "id": names.urn("student", data.student_id, "competency", standard.competency),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": f"{standard.code}: {data.student_name}",
        "issuer": district,
        "validFrom": timestamp(issued),
        "awardedDate": f"{standard.date.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _recipient(data),
            "achievement": achievement,
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": achievement["resultDescription"][0]["id"],
                    "achievedLevel": names.urn("rubric", standard.level.value),
                }
            ],
        },
        "evidence": _evidence(standard),
    }


def credit_credential(
    data: TranscriptData, credit: Credit, issuer: Issuer, issued: dt.datetime, district: dict[str, Any]
) -> dict[str, Any]:
    """The unsigned Open Badges 3.0 credential of one credit (the district's choice of a credential per
    credit): the course or experience as the achievement, aligned to the CASE item of each standard
    shown in it, with the evidence from it."""
    names = Names(issuer.id)
    by_id = {s.competency: s for s in data.standards}
    shown = [by_id[c] for c in credit.standards if c in by_id]
    achievement = _credit_achievement(credit, names, district, data.proficiency_share)
    achievement["alignment"] = [standard_achievement(s, names, district)["alignment"][0] for s in shown]
    return {
        "@context": [VC_V2, OB_V3],
        "id": names.urn("student", data.student_id, "credit", credit.opportunity),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": f"{credit.title}: {data.student_name}",
        "issuer": district,
        "validFrom": timestamp(issued),
        "awardedDate": f"{credit.awarded.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _recipient(data),
            "achievement": achievement,
            "creditsEarned": 1.0,
        },
        "evidence": [e for s in shown for e in _evidence(s, credit.opportunity)],
    }


def _heading_achievement(heading: Heading, names: Names, creator: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": names.urn("competency", heading.competency),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": heading.code,
        "description": heading.statement,
        "criteria": {"narrative": "A group of standards; see the standards it is the parent of."},
        "creator": creator,
    }


def _credit_achievement(
    credit: Credit, names: Names, creator: dict[str, Any], share: float
) -> dict[str, Any]:
    return {
        "id": names.urn("credit", credit.opportunity),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES.get(credit.kind, "Achievement"),
        "name": credit.title,
        "description": f"{credit.title}: counts toward {', '.join(credit.subjects) or 'no subject'}.",
        "humanCode": credit.opportunity,
        "criteria": {
            "narrative": f"Proficient or above on at least {share:.0%} of its {credit.outcomes} outcomes."
        },
        "creditsAvailable": 1.0,
        "creator": creator,
    }


def _association(kind: str, source: str, target: str) -> dict[str, Any]:
    return {"type": "Association", "associationType": kind, "sourceId": source, "targetId": target}


def clr_credential(
    data: TranscriptData,
    issuer: Issuer,
    issued: dt.datetime,
    *,
    name: str,
    url: str = "",
    per: CredentialsPer = "standard",
) -> dict[str, Any]:
    """The signed CLR 2.0 credential of a transcript, holding one signed achievement credential per
    demonstrated standard (or per credit, ``per="credit"``); the other kind, and the standards'
    headings, are achievements of the CLR tied to them by associations."""
    names = Names(issuer.id)
    district = profile(issuer, name, url)
    if per == "credit":
        unsigned = [credit_credential(data, c, issuer, issued, district) for c in data.credits]
        others = [standard_achievement(s, names, district) for s in data.standards]
    else:
        unsigned = [achievement_credential(data, s, issuer, issued, district) for s in data.standards]
        others = [_credit_achievement(c, names, district, data.proficiency_share) for c in data.credits]
    credentials = [sign(u, issuer.private, issuer.verification_method, issued, as_set=True) for u in unsigned]
    achievements = [_heading_achievement(h, names, district) for h in data.headings] + others
    heading_ids = {h.competency for h in data.headings}
    tree = [(h.parent, h.competency) for h in data.headings] + [
        (s.parent, s.competency) for s in data.standards
    ]
    associations = [
        _association("isParentOf", names.urn("competency", parent), names.urn("competency", child))
        for parent, child in tree
        if parent in heading_ids
    ]
    associations += [
        _association("isPartOf", names.urn("competency", s), names.urn("credit", c.opportunity))
        for c in data.credits
        for s in c.standards
    ]
    subject: dict[str, Any] = {
        "type": "ClrSubject",
        "identifier": _recipient(data),
        "verifiableCredential": credentials,
    }
    if achievements:
        subject["achievement"] = achievements
    if associations:
        subject["association"] = associations
    clr = {
        "@context": [VC_V2, CLR_V2, OB_V3],
        "id": names.urn("student", data.student_id, "clr", timestamp(issued)),
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": f"Mastery transcript: {data.student_name}",
        "description": f"{name}: standards demonstrated and credits earned as of {data.as_of.isoformat()}.",
        "issuer": district,
        "validFrom": timestamp(issued),
        "credentialSubject": subject,
    }
    return sign(clr, issuer.private, issuer.verification_method, issued, as_set=True)


def credential_bytes(credential: dict[str, Any]) -> bytes:
    """A credential as the file we write: UTF-8 JSON, names as written (not \\u-escaped)."""
    return (json.dumps(credential, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
