"""A conversation's opening (the greeting, what the record says, the first plan), made once and kept.

A student's first plan is the slowest moment of the app: the language model, the matcher and the chat
engine must be loaded, then the solver runs (about 1 s of CPU at the median, 3 s at worst). Yet the
opening depends only on what is stored: the student's record and saved plan, the catalog, the
settings and this code. ``pathways setup`` therefore makes every student's opening in advance and the
record service keeps it (``records/first_plans.py``) with a fingerprint of all of those inputs
(``opening_inputs``). A page signing a student in computes the fingerprint (no model needed) and shows
the kept opening when it matches: the same state and reply a live opening gives, since a first plan
whose solve proves the optimum is deterministic (ties are settled in a fixed order, ``planner.solve``;
for a solve stopped by its time limit see ``worth_keeping``).
Any change of an input (the profile, the evidence, the saved plan, the catalog, a setting, the code or
a library's version) changes the fingerprint, and the page makes the opening live, then keeps it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import DialogueState, Reply
from core.schema import Catalog
from core.settings import Settings
from planner.domain import PlanResult, PlanStatus
from planner.edits import Wishes

ROOT = Path(__file__).resolve().parent.parent
CODE = ("core", "language", "catalog", "matcher", "planner", "chat", "present")
"""The packages an opening's plan and words come from (their sources are part of the fingerprint)."""
DATA = ROOT / "data"
DATA_LEFT_OUT = ("sample",)
"""Data folders the fingerprint leaves out: the sample district reaches an opening only through the
stored catalog and record, which the fingerprint holds."""
LIBRARIES = ("ortools", "numpy", "torch", "transformers", "sentence-transformers", "pydantic")
"""Libraries whose version can change a plan or a score."""
PLACES = ("db", "sample_dir")
"""Settings that say where things are, not how a plan is made."""


class Opening(BaseModel):
    """A conversation's state after its opening, and the opening reply."""

    model_config = ConfigDict(extra="forbid")

    state: DialogueState
    reply: Reply


def make_opening(engine: ChatEngine, wishes: Wishes, plan: PlanResult | None) -> Opening:
    """The opening of a conversation about ``wishes`` with the stored ``plan`` (None: none saved yet),
    as the student's page starts it."""
    state = ChatSession.new_state(wishes.student)
    state.wishes = wishes
    state.plan = plan
    session = ChatSession(engine, state)
    reply = session.opening()
    return Opening(state=session.state, reply=reply)


def worth_keeping(opening: Opening) -> bool:
    """Kept: an opening with a plan, and one asking what the record does not say yet (no solve). A plan
    proved optimal is the one every live solve gives; one whose solve was stopped by the time limit
    (``feasible``: a large record, or a busy machine) is the best found within the same limit, where a
    live solve might have stopped at another plan. Made live each time: an opening whose solve found no
    plan (an impossible record, or nothing found in time)."""
    plan = opening.state.plan
    if plan is None:
        return opening.state.asking is not None
    return plan.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of this code, its data files and the libraries' versions (once per process)."""
    digest = hashlib.sha256()
    files = [p for package in CODE for p in sorted((ROOT / package).rglob("*.py"))]
    files += sorted(
        p for p in DATA.rglob("*") if p.is_file() and p.relative_to(DATA).parts[0] not in DATA_LEFT_OUT
    )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}".encode())
    return digest.hexdigest()


_catalog_digest: list[tuple[Catalog, str]] = []


def catalog_fingerprint(catalog: Catalog) -> str:
    """A digest of the whole catalog (kept for the last catalog asked about: the app shares one)."""
    if _catalog_digest and _catalog_digest[0][0] is catalog:
        return _catalog_digest[0][1]
    digest = hashlib.sha256(catalog.model_dump_json().encode()).hexdigest()
    _catalog_digest[:] = [(catalog, digest)]
    return digest


def opening_inputs(catalog: Catalog, wishes: Wishes, plan: PlanResult | None, settings: Settings) -> str:
    """The fingerprint of everything an opening is made from: the catalog, the wishes (the student's
    record with its verified evidence, and the saved plan's edits), the saved plan, the settings that
    shape a plan, and the code."""
    parts = {
        "catalog": catalog_fingerprint(catalog),
        "wishes": wishes.model_dump(mode="json"),
        "plan": plan.model_dump(mode="json") if plan is not None else None,
        "settings": settings.model_dump(mode="json", exclude=set(PLACES)),
        "code": code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
