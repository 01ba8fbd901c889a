"""The DuckDB repository: migrations, short parameterized reads that return schema models, and
transactional writes. No SQL here is built from user input; values always travel as parameters.

A DuckDB connection is not thread-safe: every caller (a Streamlit session, a CLI command) asks for its
own cursor with ``store.cursor()``; writes go through ``with store.transaction() as cur:``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
from pydantic import TypeAdapter

from core.errors import NotFoundError
from core.schema import (
    Calendar,
    Catalog,
    Competency,
    CompetencyLink,
    Evidence,
    Framework,
    Opportunity,
    PaceLoad,
    Pathway,
    PathwayStep,
    PerformanceScale,
    Prerequisite,
    RequirementSet,
    Student,
    SubjectMinimum,
    Term,
    TimeBlock,
    Translations,
)
from core.settings import get_settings

Cursor = duckdb.DuckDBPyConnection

_blocks = TypeAdapter(list[TimeBlock])
_prereqs = TypeAdapter(list[Prerequisite])
_minimums = TypeAdapter(list[SubjectMinimum])
_loads = TypeAdapter(dict[str, PaceLoad])
_steps = TypeAdapter(list[PathwayStep])
_translations = TypeAdapter(Translations)


class StoreBusyError(RuntimeError):
    """Another process holds the database file open for writing."""


PRIVATE_UMASK = 0o077
"""Added to the process's umask before the first database file is opened: the DuckDB file, its
write-ahead log (``.wal``, created and removed by DuckDB as it writes), the waiting markers and the
exports this process writes are readable and writable by their owner only (0600)."""
_umask_lock = threading.Lock()
_umask_set = False


def _current_umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o077)  # no /proc: read it by setting it (briefly) to the strictest value we need
    os.umask(old)
    return old


def keep_private(target: str) -> None:
    """Make the files of the database at ``target`` (and everything this process creates from now on)
    readable by their owner only; a file or log created earlier with wider modes is narrowed to 0600."""
    global _umask_set
    if not _umask_set:
        with _umask_lock:
            mask = _current_umask()
            if mask & PRIVATE_UMASK != PRIVATE_UMASK:
                os.umask(mask | PRIVATE_UMASK)
            _umask_set = True
    for path in (target, target + ".wal"):
        try:
            info = os.stat(path)
            if info.st_mode & 0o077 and info.st_uid == os.getuid():
                os.chmod(path, 0o600)
        except OSError:
            continue  # not there (yet), or not ours to change


@cache
def _migrations() -> tuple[tuple[int, str, str], ...]:
    """The numbered SQL files in core/migrations, in order: (version, name, sql). Read once a process."""
    found = []
    for entry in resources.files("core.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


_migrated: set[str] = set()
"""The database files this process has brought up to date (absolute paths): opening one of them again
checks the schema version with one read instead of running the migrations (core/db.py opens the file
for every service call)."""
_migrated_lock = threading.Lock()


class Store:
    """The product's database. Open it with ``Store.open()``; it migrates itself on open."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str) -> None:
        self._connection = connection
        self.path = path
        self._rehearsing = False

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open (creating when needed) the DuckDB file and bring its schema up to date."""
        target = str(path if path is not None else get_settings().db)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            keep_private(target)
        try:
            connection = duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the database {target} is in use by another Pathways process; try again when it is done"
                ) from exc
            raise
        store = cls(connection, target)
        if not read_only:
            store.migrate_once()
        return store

    def migrate_once(self) -> None:
        """Migrate unless this process already did for this file and its schema is still the newest
        (one read: a file replaced since, e.g. by `pathways setup --reset`, is migrated again)."""
        key = self.path if self.path == ":memory:" else os.path.abspath(self.path)
        if key in _migrated and key != ":memory:":
            try:
                if self.schema_version() == _migrations()[-1][0]:
                    return
            except duckdb.CatalogException:
                pass  # no schema_migrations table: a new file at the same path
        with _migrated_lock:
            self.migrate()
            _migrated.add(key)

    def close(self) -> None:
        self._connection.close()

    def cursor(self) -> Cursor:
        """A cursor of its own for the calling thread or session."""
        return self._connection.cursor()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """All or nothing: commit when the block ends, roll back if it raises (or in a rehearsal)."""
        cur = self.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("ROLLBACK" if self._rehearsing else "COMMIT")
        finally:
            cur.close()

    @contextmanager
    def rehearsal(self) -> Iterator[None]:
        """Every transaction of this store that ends in this block rolls back instead of committing:
        a write (an import) runs all of its checks and leaves the database as it was."""
        self._rehearsing = True
        try:
            yield
        finally:
            self._rehearsing = False

    def migrate(self) -> list[str]:
        """Apply every migration not yet applied, each in its own transaction. Returns their names."""
        cur = self.cursor()
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT now())"
        )
        done = {row[0] for row in cur.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, name, sql in _migrations():
            if version in done:
                continue
            with self.transaction() as tx:
                tx.execute(sql)
                tx.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            applied.append(name)
        return applied

    def schema_version(self) -> int:
        row = self.cursor().execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # --- reads ---------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = (), cur: Cursor | None = None) -> list[dict[str, Any]]:
        cursor = cur or self.cursor()
        result = cursor.execute(sql, list(params))
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def frameworks(self, cur: Cursor | None = None) -> list[Framework]:
        rows = self._rows("SELECT * FROM frameworks ORDER BY id", cur=cur)
        return [Framework(**row) for row in rows]

    def competencies(self, cur: Cursor | None = None) -> list[Competency]:
        rows = self._rows("SELECT * EXCLUDE (position) FROM competencies ORDER BY position, id", cur=cur)
        for row in rows:
            row["translations"] = _translations.validate_json(row["translations"])
        return [Competency(**row) for row in rows]

    def links(self, cur: Cursor | None = None) -> list[CompetencyLink]:
        rows = self._rows(
            "SELECT * EXCLUDE (framework) FROM competency_links ORDER BY origin, type, destination", cur=cur
        )
        return [CompetencyLink(**row) for row in rows]

    def opportunities(self, cur: Cursor | None = None) -> list[Opportunity]:
        rows = self._rows("SELECT * EXCLUDE (position) FROM opportunities ORDER BY position, id", cur=cur)
        for row in rows:
            row["meetings"] = _blocks.validate_json(row["meetings"])
            row["prerequisites"] = _prereqs.validate_json(row["prerequisites"])
            row["translations"] = _translations.validate_json(row["translations"])
        return [Opportunity(**row) for row in rows]

    def opportunity(self, opportunity_id: str, cur: Cursor | None = None) -> Opportunity:
        for opportunity in self.opportunities(cur):
            if opportunity.id == opportunity_id:
                return opportunity
        raise NotFoundError(f"no opportunity with id {opportunity_id!r}")

    def requirement_sets(self, cur: Cursor | None = None) -> list[RequirementSet]:
        rows = self._rows("SELECT * FROM requirement_sets ORDER BY id", cur=cur)
        for row in rows:
            row["subject_minimums"] = _minimums.validate_json(row["subject_minimums"])
            row["pace_loads"] = _loads.validate_json(row["pace_loads"])
            scale = row.pop("scale")  # NULL in sets stored before the learning record: the four levels
            if scale:
                row["scale"] = PerformanceScale.model_validate_json(scale)
        return [RequirementSet(**row) for row in rows]

    def calendar(self, cur: Cursor | None = None) -> Calendar | None:
        meta = self._rows("SELECT current_school_year, first_plannable_term FROM calendar_settings", cur=cur)
        if not meta:
            return None
        terms = [
            Term(
                id=row["id"],
                name=row["name"],
                season=row["season"],
                school_year=row["school_year"],
                start=row["start_date"],
                end=row["end_date"],
                translations=_translations.validate_json(row["translations"]),
            )
            for row in self._rows("SELECT * FROM terms ORDER BY start_date", cur=cur)
        ]
        return Calendar(terms=terms, **meta[0])

    def pathways(self, cur: Cursor | None = None) -> list[Pathway]:
        """The pathways the district declared, in the order they were imported."""
        rows = self._rows("SELECT * EXCLUDE (position) FROM pathways ORDER BY position, id", cur=cur)
        for row in rows:
            row["steps"] = _steps.validate_json(row["steps"])
            row["translations"] = _translations.validate_json(row["translations"])
        return [Pathway(**row) for row in rows]

    def students(self, cur: Cursor | None = None, ids: Sequence[str] | None = None) -> list[Student]:
        if ids is None:
            rows = self._rows("SELECT * EXCLUDE (position) FROM students ORDER BY position, id", cur=cur)
            evidence = self._rows("SELECT * FROM evidence ORDER BY student, position", cur=cur)
        else:
            wanted = list(ids)
            rows = self._rows(
                "SELECT * EXCLUDE (position) FROM students WHERE list_contains(?, id) ORDER BY position, id",
                [wanted],
                cur=cur,
            )
            evidence = self._rows(
                "SELECT * FROM evidence WHERE list_contains(?, student) ORDER BY student, position",
                [wanted],
                cur=cur,
            )
        by_student: dict[str, list[Evidence]] = {}
        for row in evidence:
            by_student.setdefault(row["student"], []).append(
                Evidence(
                    competency=row["competency"],
                    level=row["level"],
                    date=row["evidence_date"],
                    source=row["source"],
                    assessor=row["assessor"],
                )
            )
        students = []
        for row in rows:
            row["unavailable"] = _blocks.validate_json(row["unavailable"])
            students.append(Student(**row, evidence=by_student.get(row["id"], [])))
        return students

    def student(self, student_id: str, cur: Cursor | None = None) -> Student:
        found = self.students(cur, ids=[student_id])
        if not found:
            raise NotFoundError(f"no student with id {student_id!r}")
        return found[0]

    def catalog(self, cur: Cursor | None = None) -> Catalog:
        """A consistent snapshot of the whole catalog (one cursor, one read)."""
        cursor = cur or self.cursor()
        return Catalog(
            frameworks=self.frameworks(cursor),
            competencies=self.competencies(cursor),
            links=self.links(cursor),
            opportunities=self.opportunities(cursor),
            requirement_sets=self.requirement_sets(cursor),
            calendar=self.calendar(cursor),
            pathways=self.pathways(cursor),
        )

    def counts(self, cur: Cursor | None = None) -> dict[str, Any]:
        """How many of each thing the database holds (opportunities also by kind)."""
        cursor = cur or self.cursor()
        tables = (
            "frameworks",
            "competencies",
            "competency_links",
            "opportunities",
            "students",
            "terms",
            "pathways",
        )
        counts: dict[str, Any] = {}
        for table in tables:
            # Table names come from the fixed tuple above, never from input.
            row = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
        counts["requirement_sets"] = len(self.requirement_sets(cursor))
        counts["evidence"] = int(cursor.execute("SELECT count(*) FROM evidence").fetchone()[0])  # type: ignore[index]
        kinds = cursor.execute(
            "SELECT kind, count(*) FROM opportunities GROUP BY kind ORDER BY kind"
        ).fetchall()
        counts["opportunities_by_kind"] = {kind: int(n) for kind, n in kinds}
        return counts

    # --- writes (call inside ``transaction()``) ---------------------------------------------------

    @staticmethod
    def _next_position(cur: Cursor, table: str) -> int:
        row = cur.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _insert_rows(cur: Cursor, table: str, columns: str, rows: list[list[Any]]) -> None:
        """Insert many rows in one statement, one list parameter per column (``executemany`` runs one
        statement per row: 8 s for 40,000 competencies against 0.4 s). ``columns`` names the rows'
        columns in order (space-separated), so a column a migration adds can go anywhere."""
        names = columns.split()
        if rows:
            if len(rows[0]) != len(names):
                raise ValueError(f"{table}: {len(rows[0])} values for {len(names)} columns ({columns})")
            values = ", ".join(f"unnest(${i + 1})" for i in range(len(names)))
            cur.execute(
                f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM (SELECT {values})",
                [list(c) for c in zip(*rows, strict=True)],
            )

    def put_frameworks(self, cur: Cursor, frameworks: Sequence[Framework]) -> None:
        for f in frameworks:
            cur.execute("DELETE FROM frameworks WHERE id = ?", [f.id])
            cur.execute(
                "INSERT INTO frameworks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    f.id,
                    f.title,
                    f.creator,
                    f.publisher,
                    f.version,
                    f.adoption_status,
                    f.subjects,
                    f.source_uri,
                    f.last_changed,
                ],
            )

    def put_competencies(self, cur: Cursor, competencies: Sequence[Competency]) -> None:
        if not competencies:
            return
        start = self._next_position(cur, "competencies")
        cur.execute("DELETE FROM competencies WHERE list_contains(?, id)", [[c.id for c in competencies]])
        self._insert_rows(
            cur,
            "competencies",
            "id code statement subject education_levels framework parent item_type source_uri is_heading precedes position translations",
            [
                [
                    c.id,
                    c.code,
                    c.statement,
                    c.subject,
                    c.education_levels,
                    c.framework,
                    c.parent,
                    c.item_type,
                    c.source_uri,
                    c.is_heading,
                    c.precedes,
                    start + i,
                    _translations.dump_json(c.translations).decode(),
                ]
                for i, c in enumerate(competencies)
            ],
        )

    def replace_framework_items(
        self,
        cur: Cursor,
        framework_id: str,
        competencies: Sequence[Competency],
        links: Sequence[CompetencyLink],
    ) -> None:
        """A framework re-imported replaces all of its items and links."""
        cur.execute("DELETE FROM competencies WHERE framework = ?", [framework_id])
        cur.execute("DELETE FROM competency_links WHERE framework = ?", [framework_id])
        self.put_competencies(cur, competencies)
        if links:
            self._insert_rows(
                cur,
                "competency_links",
                "origin type destination destination_uri destination_title framework",
                [
                    [
                        k.origin,
                        k.type.value,
                        k.destination,
                        k.destination_uri,
                        k.destination_title,
                        framework_id,
                    ]
                    for k in links
                ],
            )

    def put_links(self, cur: Cursor, links: Sequence[CompetencyLink]) -> None:
        """Add links (replacing identical ones); each belongs to its origin competency's framework."""
        for k in links:
            cur.execute(
                "DELETE FROM competency_links WHERE origin = ? AND type = ? AND destination = ?",
                [k.origin, k.type.value, k.destination],
            )
            cur.execute(
                "INSERT INTO competency_links SELECT ?, ?, ?, ?, ?, "
                "coalesce((SELECT framework FROM competencies WHERE id = ?), '')",
                [k.origin, k.type.value, k.destination, k.destination_uri, k.destination_title, k.origin],
            )

    def put_opportunities(self, cur: Cursor, opportunities: Sequence[Opportunity]) -> None:
        if not opportunities:
            return
        start = self._next_position(cur, "opportunities")
        cur.execute("DELETE FROM opportunities WHERE list_contains(?, id)", [[o.id for o in opportunities]])
        self._insert_rows(
            cur,
            "opportunities",
            "id title description kind provider mode location competencies hours_per_week length_terms seasons only_terms meetings prerequisites seats min_grade max_grade cost position translations",
            [
                [
                    o.id,
                    o.title,
                    o.description,
                    o.kind.value,
                    o.provider,
                    o.mode.value,
                    o.location,
                    o.competencies,
                    o.hours_per_week,
                    o.length_terms,
                    [s.value for s in o.seasons],
                    o.only_terms,
                    _blocks.dump_json(o.meetings).decode(),
                    _prereqs.dump_json(o.prerequisites).decode(),
                    o.seats,
                    o.min_grade,
                    o.max_grade,
                    o.cost,
                    start + i,
                    _translations.dump_json(o.translations).decode(),
                ]
                for i, o in enumerate(opportunities)
            ],
        )

    def put_requirement_sets(self, cur: Cursor, sets: Sequence[RequirementSet]) -> None:
        for rs in sets:
            cur.execute("DELETE FROM requirement_sets WHERE id = ?", [rs.id])
            cur.execute(
                "INSERT INTO requirement_sets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    rs.id,
                    rs.name,
                    rs.required,
                    _minimums.dump_json(rs.subject_minimums).decode(),
                    rs.proficiency_share,
                    json.dumps({k.value: v.model_dump() for k, v in rs.pace_loads.items()}),
                    rs.scale.model_dump_json(),
                    rs.credit_per_term,
                ],
            )

    def put_pathways(self, cur: Cursor, pathways: Sequence[Pathway]) -> None:
        """Declared pathways, each replacing the one of the same id."""
        if not pathways:
            return
        start = self._next_position(cur, "pathways")
        cur.execute("DELETE FROM pathways WHERE list_contains(?, id)", [[p.id for p in pathways]])
        self._insert_rows(
            cur,
            "pathways",
            "id name description occupations steps position translations",
            [
                [
                    p.id,
                    p.name,
                    p.description,
                    p.occupations,
                    _steps.dump_json(p.steps).decode(),
                    start + i,
                    _translations.dump_json(p.translations).decode(),
                ]
                for i, p in enumerate(pathways)
            ],
        )

    def put_calendar(self, cur: Cursor, calendar: Calendar) -> None:
        """The calendar is replaced whole."""
        cur.execute("DELETE FROM terms")
        cur.execute("DELETE FROM calendar_settings")
        cur.executemany(
            "INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    t.id,
                    t.name,
                    t.season.value,
                    t.school_year,
                    t.start,
                    t.end,
                    _translations.dump_json(t.translations).decode(),
                ]
                for t in calendar.terms
            ],
        )
        cur.execute(
            "INSERT INTO calendar_settings VALUES (TRUE, ?, ?)",
            [calendar.current_school_year, calendar.first_plannable_term],
        )

    def put_students(self, cur: Cursor, students: Sequence[Student]) -> None:
        if not students:
            return
        start = self._next_position(cur, "students")
        ids = [s.id for s in students]
        cur.execute("DELETE FROM students WHERE list_contains(?, id)", [ids])
        cur.execute("DELETE FROM evidence WHERE list_contains(?, student)", [ids])
        self._insert_rows(
            cur,
            "students",
            "id name grade target_graduation_term requirement_set interests career_goals unavailable max_hours_per_week pace allowed_modes preferred_modes completed_opportunities position school",
            [
                [
                    s.id,
                    s.name,
                    s.grade,
                    s.target_graduation_term,
                    s.requirement_set,
                    s.interests,
                    s.career_goals,
                    _blocks.dump_json(s.unavailable).decode(),
                    s.max_hours_per_week,
                    s.pace.value,
                    [m.value for m in s.allowed_modes],
                    [m.value for m in s.preferred_modes],
                    s.completed_opportunities,
                    start + i,
                    s.school,
                ]
                for i, s in enumerate(students)
            ],
        )
        evidence = [
            [s.id, e.competency, e.level.value, e.date, e.source, e.assessor, i]
            for s in students
            for i, e in enumerate(s.evidence)
        ]
        if evidence:
            self._insert_rows(
                cur, "evidence", "student competency level evidence_date source assessor position", evidence
            )
