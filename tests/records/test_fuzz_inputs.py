"""Property-based tests: random and malformed data at every importer, the sign-in form, the student-record
import, the accounts file and the chat's understanding. Each either succeeds or raises its documented
error type with a message; nothing else escapes, and a refused input leaves the database as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recordkit import ACCOUNTS, TINY_DISTRICT

from catalog import district
from core.errors import InputError
from core.store import Store
from records import accounts, transfer
from records.errors import AccountError, SignInError

CASE_FIXTURE = TINY_DISTRICT.parent / "case" / "happy_v11.json"
FUZZ = settings(
    max_examples=25,
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


def _mutate(data: Any, path: list[int], value: Any) -> Any:
    """Replace one value deep inside parsed JSON, choosing the way down with ``path``."""
    if not path or not isinstance(data, dict | list) or not data:
        return value
    if isinstance(data, list):
        i = path[0] % len(data)
        return [*data[:i], _mutate(data[i], path[1:], value), *data[i + 1 :]]
    key = sorted(data)[path[0] % len(data)]
    return {**data, key: _mutate(data[key], path[1:], value)}


def malformed(good: str, *, is_json: bool) -> st.SearchStrategy[bytes]:
    """Random bytes, the good file cut short, any JSON, or the good file with one value of a wrong type."""
    options = [
        st.binary(max_size=300),
        st.integers(min_value=0, max_value=len(good)).map(lambda n: good[:n].encode()),
        json_values.map(lambda v: json.dumps(v).encode()),
    ]
    if is_json:
        parsed = json.loads(good)
        options.append(
            st.tuples(st.lists(st.integers(0, 50), max_size=4), json_values).map(
                lambda pv: json.dumps(_mutate(parsed, pv[0], pv[1])).encode()
            )
        )
    else:
        lines = good.splitlines()
        options.append(
            st.tuples(st.integers(0, len(lines) - 1), st.text(max_size=40)).map(
                lambda iv: "\n".join([*lines[: iv[0]], iv[1], *lines[iv[0] + 1 :]]).encode()
            )
        )
    return st.one_of(options)


def _refused_leaves_nothing(
    store: Store, attempt: Callable[[], object], errors: tuple[type[Exception], ...]
) -> None:
    before = snapshot(store)
    try:
        attempt()
    except errors as exc:
        assert str(exc).strip()
        assert snapshot(store) == before


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
    pytest.param("case", CASE_FIXTURE, id="case"),
]


@pytest.mark.parametrize(("kind", "good"), KINDS)
def test_every_district_importer_refuses_bad_files_cleanly(held, tmp_path, kind, good):
    text = (
        good.read_text(encoding="utf-8")
        if good
        else '[{"origin": "HS-LS1-1", "type": "isRelatedTo", "destination": "MATH-ALG-1"}]'
    )
    suffix = ".csv" if kind == "competencies" else ".json"
    target = tmp_path / f"upload{suffix}"

    @FUZZ
    @given(content=malformed(text, is_json=suffix == ".json"))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)
        _refused_leaves_nothing(held, lambda: district.import_file(held, kind, target), (InputError,))

    attempt()


def test_the_opportunities_csv_importer_refuses_bad_files_cleanly(held, tmp_path):
    header = "id,title,kind,competencies,hours_per_week,seasons,meetings,prerequisites\n"
    good = header + 'BIO-2,Biology 2,course,HS-LS1-1,4,fall;spring,"Mon 08:00-09:00",BIO-1\n'
    target = tmp_path / "opportunities.csv"

    @FUZZ
    @given(content=malformed(good, is_json=False))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)
        _refused_leaves_nothing(
            held, lambda: district.import_file(held, "opportunities", target), (InputError,)
        )

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
        assert str(refused.value) in ("wrong user name or password", "enter your user name and password")
        assert snapshot(held) == before

    attempt()


def test_a_student_record_import_refuses_bad_files_cleanly(held, records, users, tmp_path):
    good = transfer.record_json(transfer.build_record(held, held.cursor(), "stu-bo"))
    target = tmp_path / "record.json"
    admin = users["admin"]

    @FUZZ
    @given(content=malformed(good, is_json=True))
    def attempt(content: bytes) -> None:
        target.write_bytes(content)

        def run() -> None:
            record = transfer.read_record_file(target)
            records.import_record(admin, record, replace=True, source=str(target))

        _refused_leaves_nothing(held, run, (InputError,))

    attempt()


def test_an_accounts_file_refuses_bad_files_cleanly(held, records, users, tmp_path):
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
        _refused_leaves_nothing(
            held, lambda: records.load_accounts(users["admin"], target), (InputError, AccountError)
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
