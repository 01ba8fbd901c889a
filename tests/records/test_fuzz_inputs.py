"""Property-based tests: random and malformed data at every importer, the sign-in form, the student-record
import, the accounts file and the chat's understanding. Every outcome is checked: an accepted input is
valid and stored exactly as parsed; a refused one raises InputError naming the file, with the database as
it was. Besides random bytes, cut files and values of the wrong type, hypothesis writes what crashed the
importers before (issue #11): JSON nested 200,000 deep, numbers of 5,000 digits or beyond a float,
date-times that leave the years 1 to 9999 in UTC, and spreadsheet formulas in CSV cells."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recordkit import ACCOUNTS, TINY_DISTRICT, make_plan

from catalog import district
from core.errors import InputError
from core.schema import utc
from core.store import Store
from records import accounts, transfer
from records.errors import AccountError, SignInError

CASE_FIXTURE = TINY_DISTRICT.parent / "case" / "happy_v11.json"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TABLES = (
    "frameworks",
    "competencies",
    "competency_links",
    "opportunities",
    "requirement_sets",
    "terms",
    "calendar_settings",
    "students",
    "evidence",
    "users",
    "user_students",
    "sessions",
    "plan_versions",
    "plan_comments",
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=15,
)
BIG = "1" * 5000
EXTREME_TIMES = ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"]
HOSTILE_NUMBERS = [BIG, f"-{BIG}", f"{BIG}.5", "1e999", "-1e999", "NaN", "Infinity", "1" * 40]
hostile_json = st.one_of(
    st.sampled_from([*HOSTILE_NUMBERS, *(json.dumps(t) for t in [*EXTREME_TIMES, BIG])]),
    st.integers(150, 200_000).map(lambda n: "[" * n + "]" * n),
    json_values.map(json.dumps),
)
"""Raw JSON text for one value: what crashed the importers, and any value of any type."""
hostile_cells = st.one_of(
    st.sampled_from([*HOSTILE_NUMBERS, *EXTREME_TIMES, "=cmd|' /C calc'!A0", "'=1+1", "'", '"']),
    st.text(max_size=20),
)
RAW = "@RAW@"


def snapshot(store: Store) -> dict[str, list[Any]]:
    """Every table but the audit log, as rows (table names from the fixed tuple above)."""
    cur = store.cursor()
    return {t: cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


@pytest.fixture
def held(records_db):
    """The test's database, held open by the test process for the whole run (the service's own
    connections in this process share it), so that each example costs no open and close."""
    store = Store.open(records_db)
    yield store
    store.close()


def paths(data: Any, here: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """The way down to every value of parsed JSON (the whole document included)."""
    inner = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    return [here, *(p for key, value in inner for p in paths(value, (*here, key)))]


def _mutate(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """Replace the value at ``path`` inside parsed JSON."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, list) and isinstance(head, int):
        return [*data[:head], _mutate(data[head], rest, value), *data[head + 1 :]]
    return {**data, head: _mutate(data[head], rest, value)}


def _replace_cell(text: str, row: int, column: int, cell: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    row %= len(rows)
    rows[row][column % len(rows[row])] = cell
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def malformed(good: str, *, is_json: bool) -> st.SearchStrategy[bytes]:
    """Random bytes, the good file cut short, any JSON, or the good file with one value replaced: by
    one of another type, or by raw JSON that crashed the importers (one cell of a CSV file likewise)."""
    options = [
        st.binary(max_size=300),
        st.integers(min_value=0, max_value=len(good)).map(lambda n: good[:n].encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
    ]
    if is_json:
        parsed = json.loads(good)
        where = st.sampled_from(paths(parsed))
        options.append(
            st.tuples(where, json_values).map(lambda pv: json.dumps(_mutate(parsed, *pv)).encode())
        )
        options.append(
            st.tuples(where, hostile_json).map(
                lambda pv: json.dumps(_mutate(parsed, pv[0], RAW)).replace(json.dumps(RAW), pv[1]).encode()
            )
        )
    else:
        lines = good.splitlines()
        options.append(
            st.tuples(st.integers(0, len(lines) - 1), st.text(max_size=40)).map(
                lambda iv: "\n".join([*lines[: iv[0]], iv[1], *lines[iv[0] + 1 :]]).encode()
            )
        )
        options.append(
            st.tuples(st.integers(1, 50), st.integers(0, 50), hostile_cells).map(
                lambda rcv: _replace_cell(good, *rcv).encode()
            )
        )
    return st.one_of(options)


def check_outcome(
    store: Store,
    target: Path,
    attempt: Callable[[], object],
    stored_exactly: Callable[[Any], None],
    errors: tuple[type[Exception], ...] = (InputError,),
) -> None:
    """Accepted: ``stored_exactly(result)`` checks the database holds what was read. Refused: the error
    names the file (an InputError, in each of its problems) and the database is as it was."""
    before = snapshot(store)
    try:
        result = attempt()
    except errors as exc:
        assert str(exc).strip()
        if isinstance(exc, InputError):
            assert exc.problems
            assert all(p.file == str(target) for p in exc.problems), exc.problems
        assert snapshot(store) == before
    else:
        stored_exactly(result)


def by_key(items: list[Any], key: str = "id") -> dict[Any, Any]:
    return {getattr(item, key): item for item in items}


def district_stored_exactly(store: Store, kind: str, target: Path) -> Callable[[Any], None]:
    """What an accepted district file must have left in the database: each object as the file reads."""

    def check(_: object) -> None:
        bundle = district.bundle_for(kind, target)
        catalog = store.catalog()
        links = sorted((k.origin, k.type, k.destination, k.model_dump_json()) for k in catalog.links)
        assert [f for f in bundle.frameworks if by_key(catalog.frameworks).get(f.id) != f] == []
        assert [c for c in bundle.competencies if by_key(catalog.competencies).get(c.id) != c] == []
        assert [r for r in bundle.requirement_sets if by_key(catalog.requirement_sets).get(r.id) != r] == []
        assert [o for o in bundle.opportunities if by_key(catalog.opportunities).get(o.id) != o] == []
        assert [s for s in bundle.students if by_key(store.students()).get(s.id) != s] == []
        assert [p for p in bundle.pathways if by_key(catalog.pathways).get(p.id) != p] == []
        assert bundle.calendar in (None, catalog.calendar)
        wanted = {(k.origin, k.type, k.destination, k.model_dump_json()) for k in bundle.links}
        assert wanted <= set(links)
        if bundle.replace_framework is not None:
            held = [c for c in catalog.competencies if c.framework == bundle.replace_framework]
            assert held == bundle.competencies
            ours = {c.id for c in held}
            assert [k for k in links if k[0] in ours] == sorted(wanted)

    return check


KINDS = [
    pytest.param(kind, TINY_DISTRICT / name, id=kind)
    for kind, name in [
        ("frameworks", "frameworks.json"),
        ("competencies", "competencies.csv"),
        ("requirements", "requirements.json"),
        ("calendar", "calendar.json"),
        ("opportunities", "opportunities.json"),
        ("students", "students.json"),
    ]
] + [
    pytest.param("links", None, id="links"),
    pytest.param("pathways", None, id="pathways"),
    pytest.param("case", CASE_FIXTURE, id="case"),
]
INLINE = {
    "links": '[{"origin": "HS-LS1-1", "type": "isRelatedTo", "destination": "MATH-ALG-1"}]',
    "pathways": (
        '[{"id": "biotech", "name": "Biotechnology", "occupations": ["19-4021.00"], "steps": ['
        '{"role": "introduction", "any_of": ["BIO-1"]}, {"role": "capstone", "any_of": ["INT-BIOTECH"]}]}]'
    ),
}
"""The good file of the kinds the tiny district has no file for."""


@pytest.mark.parametrize(("kind", "good"), KINDS)
def test_every_district_importer_stores_exactly_or_refuses_cleanly(held, tmp_path, kind, good):
    text = good.read_text(encoding="utf-8") if good else INLINE[kind]
    suffix = ".csv" if kind == "competencies" else ".json"
    target = tmp_path / f"upload{suffix}"

    @FUZZ
    @given(content=malformed(text, is_json=suffix == ".json"))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)
        check = district_stored_exactly(held, kind, target)
        check_outcome(held, target, lambda: district.import_file(held, kind, target), check)

    attempt()


def test_the_opportunities_csv_importer_stores_exactly_or_refuses_cleanly(held, tmp_path):
    header = "id,title,kind,competencies,hours_per_week,seasons,meetings,prerequisites,seats,cost\n"
    good = header + 'BIO-2,Biology 2,course,HS-LS1-1,4,fall;spring,"Mon 08:00-09:00",BIO-1,20,0\n'
    target = tmp_path / "opportunities.csv"

    @FUZZ
    @given(content=malformed(good, is_json=False))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)
        check = district_stored_exactly(held, "opportunities", target)
        check_outcome(held, target, lambda: district.import_file(held, "opportunities", target), check)

    attempt()


anything = st.one_of(
    st.text(max_size=40), st.binary(max_size=20), st.integers(), st.none(), st.lists(st.text(), max_size=2)
)


def test_the_sign_in_form_refuses_anything_but_the_right_password(held, records):
    names = st.one_of(
        anything, st.sampled_from(sorted(ACCOUNTS)), st.sampled_from(sorted(ACCOUNTS)).map(str.upper)
    )

    @FUZZ
    @given(username=names, password=anything)
    def attempt(username: object, password: object) -> None:
        before = snapshot(held)
        with pytest.raises(SignInError) as refused:
            records.sign_in(username, password)
        # Wrong, empty, or (after five wrong passwords for one name) held back by the throttle.
        message = str(refused.value)
        assert message in ("wrong user name or password", "enter your user name and password") or (
            message.startswith("too many wrong passwords for this user name; try again in ")
        )
        assert snapshot(held) == before

    attempt()


def _in_utc(record: transfer.StudentRecord) -> tuple[Any, ...]:
    """What an import stores of a record: times in UTC, comments without their ids (they get new ones)."""
    versions = [v.model_copy(update={"saved_at": utc(v.saved_at)}) for v in record.plan_versions]
    comments = [
        c.model_copy(update={"id": 0, "written_at": utc(c.written_at)}).model_dump() for c in record.comments
    ]
    return record.student, versions, comments


def test_a_student_record_import_stores_exactly_or_refuses_cleanly(held, records, users, tmp_path):
    admin, advisor = users["admin"], users["adv.lee"]
    saved = records.save_plan(advisor, "stu-bo", make_plan("stu-bo", [("BIO-1", "2027-SP")]), based_on=0)
    records.add_comment(advisor, "stu-bo", "Looks good; add a summer project?")
    good = transfer.record_json(transfer.build_record(held, held.cursor(), "stu-bo"))
    assert (saved.version, good.count('"body"')) == (1, 1)
    target = tmp_path / "record.json"

    @FUZZ
    @given(content=malformed(good, is_json=True))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)

        def run() -> transfer.StudentRecord:
            record = transfer.read_record_file(target)
            records.import_record(admin, record, replace=True, source=str(target))
            return record

        def stored_exactly(record: transfer.StudentRecord) -> None:
            stored = transfer.build_record(held, held.cursor(), record.student.id)
            assert _in_utc(stored) == _in_utc(record)

        check_outcome(held, target, run, stored_exactly)

    attempt()


def test_an_accounts_file_stores_exactly_or_refuses_cleanly(held, records, users, tmp_path):
    good = json.dumps(
        [
            {
                "id": "new.one",
                "display_name": "New One",
                "role": "family",
                "students": ["stu-cy"],
                "email": "n@x.org",
            }
        ]
    )
    target = tmp_path / "accounts.json"

    @FUZZ
    @given(content=malformed(good, is_json=True))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)
        with held.transaction() as cur:
            cur.execute("DELETE FROM users WHERE id NOT IN (SELECT unnest(?))", [sorted(ACCOUNTS)])

        def stored_exactly(made: list[accounts.User]) -> None:
            entries = accounts.read_accounts_file(target)
            cur = held.cursor()
            assert [accounts.get_user(cur, e.id) for e in entries] == made
            fields = [(u.id, u.display_name, u.role, u.email, sorted(u.students)) for u in made]
            assert fields == [
                (e.id, e.display_name, e.role, e.email, sorted(set(e.students))) for e in entries
            ]

        check_outcome(
            held,
            target,
            lambda: records.load_accounts(users["admin"], target),
            stored_exactly,
            (InputError, AccountError),
        )

    attempt()


@pytest.fixture(scope="module")
def nlu():
    from matcher.embeddings import load_model

    shadowed = "tests/planner/ shadows the planner package: needs pythonpath = ['.'] in the pytest settings"
    NLU = pytest.importorskip("chat.nlu", reason=shadowed).NLU

    _, model = load_model()
    return NLU(model)


@pytest.mark.slow
def test_the_chat_understands_any_text_without_crashing(nlu, held):
    from chat.nlu import Context, Understanding  # importable: the nlu fixture checked

    catalog = held.catalog()
    student = held.student("stu-ana")
    context = Context.of(catalog.opportunities, catalog.competencies, catalog.calendar, student)
    before = snapshot(held)

    @settings(max_examples=40, deadline=None)
    @given(message=st.text(max_size=300) | st.text(alphabet="\x00\n\t ,.;!?-:0123456789amp", max_size=80))
    def attempt(message: str) -> None:
        understood = nlu.understand(message, context)
        assert isinstance(understood, Understanding)

    attempt()
    long = nlu.understand("horses " * 400, context)
    assert (long.too_long, long.error.startswith("That message is 2,800 characters long")) == (True, True)
    assert snapshot(held) == before


def test_the_accounts_module_hashes_nothing_it_refuses():
    with pytest.raises(AccountError, match="at least 10 characters"):
        accounts.hash_password("short")
