"""The embedding index kept in DuckDB: one vector per opportunity and per competency.

Each row stores the model name and the sha256 of the text that was embedded, so ``build_index`` only
embeds rows whose text or model changed and deletes the vectors of rows that are gone. The matcher
reads the vectors back with ``load_vectors`` (anything stale is embedded in memory, never silently
skipped). Tables: ``core/migrations/002_embeddings.sql``.
"""

from __future__ import annotations

import copy
import hashlib
import os
import queue
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel
from tqdm import tqdm

from core.schema import Catalog, Competency, Opportunity
from core.settings import get_settings
from matcher.embeddings import ModelRef, encode, load_model
from matcher.onet import Occupation, load_occupations, title_vectors

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from core.store import Cursor, Store

LoadedModel = tuple[ModelRef, "SentenceTransformer"]

OPPORTUNITY = "opportunity"
COMPETENCY = "competency"
OCCUPATION = "occupation"
"""An O*NET occupation title (career goals to jobs): stored by `pathways setup`, not by ``build_index``,
since the titles ship with the product and do not change with the district's catalog."""

BATCH_SIZE = 16
"""Texts per forward pass. On a CPU, small batches of texts of about the same length waste least on
padding and stay in the caches: 25 ms of CPU per district text at 16 against 40 ms at 64."""

PARALLEL_FROM = 4 * BATCH_SIZE
"""From this many texts, ``_embed`` shares the batches among one thread per core (fewer: one thread,
since copying the model costs more than it saves)."""

BFLOAT16_FROM = 1000
"""From this many texts (a district's catalog, not the sample's 461 or a test's handful), on a CPU that
multiplies bfloat16 natively (AMX or AVX-512 BF16), ``_embed`` runs the model in bfloat16: 2.4 times
less CPU per text, each vector within 3e-5 of its float32 twin in cosine (measured on 256 district
texts). ``PATHWAYS_INDEX_BFLOAT16=false`` keeps float32 always."""


def opportunity_text(opportunity: Opportunity, competencies: dict[str, Competency]) -> str:
    """What the index embeds for an opportunity: what it is first, then what it earns."""
    kind = opportunity.kind.value.replace("_", " ")
    mode = opportunity.mode.value.replace("_", " ")
    about = ", ".join(part for part in (kind, mode, opportunity.provider) if part)
    statements = [competencies[c].statement for c in opportunity.competencies if c in competencies]
    text = f"{opportunity.title}. {opportunity.description} ({about})."
    if statements:
        text += " Competencies: " + "; ".join(statements)
    return text


def competency_text(competency: Competency) -> str:
    subject = competency.subject.replace("_", " ")
    return f"{subject}: {competency.statement}" if subject else competency.statement


def documents(catalog: Catalog) -> list[tuple[str, str, str]]:
    """Every text the index holds, as (item kind, item id, text)."""
    comps = catalog.competency_map()
    docs = [(OPPORTUNITY, o.id, opportunity_text(o, comps)) for o in catalog.opportunities]
    docs += [(COMPETENCY, c.id, competency_text(c)) for c in catalog.competencies]
    return docs


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class IndexStats(BaseModel):
    """What one ``build_index`` run did."""

    model: str
    embedded: int
    unchanged: int
    deleted: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.embedded} embedded, {self.unchanged} unchanged, {self.deleted} removed "
            f"({self.model}, {self.seconds:.1f} s)"
        )


_PARALLEL = threading.Lock()


def _embed(model: SentenceTransformer, texts: Sequence[str], progress: bool) -> np.ndarray:
    """Unit vectors for ``texts``, one row per text in their order.

    Each distinct text is embedded once. The texts are sorted by length into batches of
    ``BATCH_SIZE``; from ``PARALLEL_FROM`` texts on, the batches are shared among one thread per
    core, each with its own copy of the model (the tokenizer is not safe to share) running one torch
    thread: torch's own threads spin-wait between the many small operations of a batch, which on the
    2-core machine cost 60% more CPU per text than one thread per batch. The rows equal those of one ``encode`` call over
    all the texts (to float rounding, 1e-6)."""
    import torch

    distinct = list(dict.fromkeys(texts))
    if not distinct:
        return np.zeros((0, 0), dtype=np.float32)
    order = sorted(range(len(distinct)), key=lambda i: len(distinct[i]))
    batches = [order[i : i + BATCH_SIZE] for i in range(0, len(order), BATCH_SIZE)]
    workers = min(_cores(), len(batches)) if len(distinct) >= PARALLEL_FROM else 1
    half = len(distinct) >= BFLOAT16_FROM and get_settings().index_bfloat16 and _native_bfloat16()
    vectors = np.zeros((len(distinct), int(model.get_embedding_dimension() or 0)), dtype=np.float32)
    pending: queue.SimpleQueue[list[int]] = queue.SimpleQueue()
    for batch in batches:
        pending.put(batch)
    bar = tqdm(total=len(distinct), desc="embedding", unit="text", disable=not progress, file=sys.stderr)
    shown = threading.Lock()

    def work(encoder: SentenceTransformer) -> None:
        while True:
            try:
                batch = pending.get_nowait()
            except queue.Empty:
                return
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=half):
                part = encode(encoder, [distinct[i] for i in batch], BATCH_SIZE)
            vectors[batch] = part / np.linalg.norm(part, axis=1, keepdims=True) if half else part
            with shown:
                bar.update(len(batch))

    if workers == 1:  # a few texts: in this thread, with torch's own threads
        with bar:
            work(model)
    else:
        with _PARALLEL:  # torch's thread count is the process's: one parallel build at a time
            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                with bar, ThreadPoolExecutor(workers) as pool:
                    copies = [model] + [copy.deepcopy(model) for _ in range(workers - 1)]
                    for done in [pool.submit(work, encoder) for encoder in copies]:
                        done.result()
            finally:
                torch.set_num_threads(threads)
    row = {text: i for i, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]


def _native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices in hardware (else bfloat16 is slower)."""
    import torch

    checks = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def _cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _put_vectors(cur: Cursor, rows: Sequence[tuple[str, str, str, str, np.ndarray]]) -> None:
    """Store (item kind, item id, model, text hash, vector) rows, each replacing the item's row, in
    one delete and one insert for all of them (a statement per row took 7 s for 1,600 rows)."""
    if not rows:
        return
    for kind in sorted({row[0] for row in rows}):
        cur.execute(
            "DELETE FROM embeddings WHERE item_kind = ? AND list_contains(?, item_id)",
            [kind, [row[1] for row in rows if row[0] == kind]],
        )
    columns = [list(column) for column in zip(*rows, strict=True)]
    columns[4] = np.vstack(columns[4]).tolist()
    cur.execute(
        "INSERT INTO embeddings (item_kind, item_id, model, text_hash, vector) "
        "SELECT * FROM (SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5))",
        columns,
    )


def build_index(store: Store, model: LoadedModel | None = None, progress: bool = False) -> IndexStats:
    """Bring the stored vectors up to date with the catalog: embed new or changed rows (or all rows
    when the model changed), delete the vectors of rows that are gone."""
    started = time.perf_counter()
    ref, encoder = model if model is not None else load_model()
    docs, stale, gone = _index_changes(store, ref.name)
    vectors = _embed(encoder, [text for _, _, text in stale], progress)
    with store.transaction() as cur:
        for kind in sorted({kind for kind, _ in gone}):
            cur.execute(
                "DELETE FROM embeddings WHERE item_kind = ? AND list_contains(?, item_id)",
                [kind, [item for k, item in gone if k == kind]],
            )
        _put_vectors(
            cur,
            [
                (kind, item, ref.name, text_hash(text), vector)
                for (kind, item, text), vector in zip(stale, vectors, strict=True)
            ],
        )
    return IndexStats(
        model=ref.name,
        embedded=len(stale),
        unchanged=len(docs) - len(stale),
        deleted=len(gone),
        seconds=round(time.perf_counter() - started, 3),
    )


def _index_changes(
    store: Store, model_name: str
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The catalog's documents, those to embed (new, changed, or stored for another model) and the
    stored rows of items that are gone."""
    docs = documents(store.catalog())
    stored = {
        (kind, item): (name, digest)
        for kind, item, name, digest in store.cursor()
        .execute(
            "SELECT item_kind, item_id, model, text_hash FROM embeddings WHERE item_kind <> ?", [OCCUPATION]
        )
        .fetchall()
    }
    current = {(kind, item) for kind, item, _ in docs}
    stale = [
        (kind, item, text)
        for kind, item, text in docs
        if stored.get((kind, item)) != (model_name, text_hash(text))
    ]
    gone = [key for key in stored if key not in current]
    return docs, stale, gone


def _occupations_current(store: Store, model_name: str) -> bool:
    stored = {
        item: (name, digest)
        for item, name, digest in store.cursor()
        .execute("SELECT item_id, model, text_hash FROM embeddings WHERE item_kind = ?", [OCCUPATION])
        .fetchall()
    }
    return all(stored.get(o.code) == (model_name, text_hash(o.title)) for o in load_occupations())


def index_current(store: Store, model_name: str) -> bool:
    """True when the search index and the occupation titles' vectors are up to date for the model of
    that name (``build_index`` and ``store_occupation_vectors`` would change nothing): checked without
    loading the model, so that `pathways setup` on a set-up database takes a second, not the ten a
    model load takes."""
    _, stale, gone = _index_changes(store, model_name)
    return not stale and not gone and _occupations_current(store, model_name)


@dataclass
class VectorIndex:
    """The vectors the matcher searches, in memory, rows in catalog order."""

    model: str
    opportunity_ids: list[str]
    opportunities: np.ndarray  # (opportunities, dim), unit rows
    competency_ids: list[str]
    competencies: np.ndarray  # (competencies, dim), unit rows
    stale: int = 0  # rows that were missing or out of date in the store and embedded in memory
    occupations: np.ndarray | None = None  # O*NET title vectors, when the store holds all of them


def embed_catalog(catalog: Catalog, model: LoadedModel) -> VectorIndex:
    """Vectors for a catalog held only in memory (tests, benchmarks, a catalog not in a store)."""
    return _assemble(catalog, model, {})


def load_vectors(store: Store, catalog: Catalog, model: LoadedModel) -> VectorIndex:
    """The stored vectors for ``catalog``; rows the index lacks or holds for other text or another
    model are embedded now, in memory (run ``build_index`` to store them)."""
    ref, _ = model
    rows = (
        store.cursor()
        .execute("SELECT item_kind, item_id, text_hash, vector FROM embeddings WHERE model = ?", [ref.name])
        .fetchall()
    )
    found = {(kind, item): (digest, vector) for kind, item, digest, vector in rows}
    index = _assemble(catalog, model, found)
    index.occupations = _stored_titles(load_occupations(), found)
    return index


def _stored_titles(
    occupations: tuple[Occupation, ...], found: dict[tuple[str, str], tuple[str, list[float]]]
) -> np.ndarray | None:
    """Every occupation's title vector in list order, or None when one is missing or stale (then the
    matcher embeds the titles the first time a career goal needs them)."""
    rows = []
    for occupation in occupations:
        hit = found.get((OCCUPATION, occupation.code))
        if not hit or hit[0] != text_hash(occupation.title):
            return None
        rows.append(hit[1])
    return np.asarray(rows, dtype=np.float32) if rows else None


def store_occupation_vectors(store: Store, model: LoadedModel) -> int:
    """Store the O*NET title vectors for ``model`` (`pathways setup` does, so that no student's first
    plan waits for about a thousand titles to be embedded); returns how many rows were written (0 when
    they are up to date)."""
    ref, encoder = model
    if _occupations_current(store, ref.name):
        return 0
    occupations = load_occupations()
    vectors = title_vectors(encoder, occupations)
    with store.transaction() as cur:
        cur.execute("DELETE FROM embeddings WHERE item_kind = ?", [OCCUPATION])
        _put_vectors(
            cur,
            [
                (OCCUPATION, o.code, ref.name, text_hash(o.title), vector)
                for o, vector in zip(occupations, vectors, strict=True)
            ],
        )
    return len(occupations)


def _assemble(
    catalog: Catalog, model: LoadedModel, found: dict[tuple[str, str], tuple[str, list[float]]]
) -> VectorIndex:
    ref, encoder = model
    docs = documents(catalog)
    vectors: list[np.ndarray | None] = []
    missing: list[int] = []
    for i, (kind, item, text) in enumerate(docs):
        hit = found.get((kind, item))
        if hit and hit[0] == text_hash(text):
            vectors.append(np.asarray(hit[1], dtype=np.float32))
        else:
            vectors.append(None)
            missing.append(i)
    if missing:
        fresh = _embed(encoder, [docs[i][2] for i in missing], progress=False)
        for i, vector in zip(missing, fresh, strict=True):
            vectors[i] = vector
    dim = int(encoder.get_embedding_dimension() or 0)
    n_opp = len(catalog.opportunities)

    def stack(part: list[np.ndarray | None]) -> np.ndarray:
        rows = [v for v in part if v is not None]
        return np.vstack(rows) if rows else np.zeros((0, dim), dtype=np.float32)

    return VectorIndex(
        model=ref.name,
        opportunity_ids=[item for _, item, _ in docs[:n_opp]],
        opportunities=stack(vectors[:n_opp]),
        competency_ids=[item for _, item, _ in docs[n_opp:]],
        competencies=stack(vectors[n_opp:]),
        stale=len(missing),
    )
