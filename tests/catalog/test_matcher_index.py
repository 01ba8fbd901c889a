"""The embedding index in DuckDB: built once, then only what changed; a new model rebuilds it all."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from catalog import district
from matcher import Matcher, default_model
from matcher.index import LoadedModel, build_index, load_vectors, store_occupation_vectors
from matcher.onet import load_occupations, title_vectors


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return default_model()


@pytest.fixture
def loaded(store, tiny_district):
    district.import_district(store, tiny_district)
    return store


def stored(store) -> dict[tuple[str, str], tuple[str, str]]:
    rows = store.cursor().execute("SELECT item_kind, item_id, model, text_hash FROM embeddings").fetchall()
    return {(kind, item): (name, digest) for kind, item, name, digest in rows}


def test_first_build_embeds_every_opportunity_and_competency(loaded, model):
    stats = build_index(loaded, model)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (8, 0, 0)
    assert stats.model == "bundled:all-MiniLM-L6-v2"
    keys = set(stored(loaded))
    assert ("opportunity", "INT-BIOTECH") in keys and ("competency", "HS-LS1-1") in keys
    assert len(keys) == 8


def test_second_build_embeds_nothing(loaded, model):
    build_index(loaded, model)
    before = stored(loaded)
    stats = build_index(loaded, model)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (0, 8, 0)
    assert stored(loaded) == before


def test_only_changed_rows_are_embedded_again(loaded, model):
    build_index(loaded, model)
    before = stored(loaded)
    algebra = loaded.opportunity("ALG-ONLINE")
    with loaded.transaction() as cur:
        loaded.put_opportunities(cur, [algebra.model_copy(update={"description": "Algebra with a tutor."})])
    stats = build_index(loaded, model)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (1, 7, 0)
    after = stored(loaded)
    assert after[("opportunity", "ALG-ONLINE")] != before[("opportunity", "ALG-ONLINE")]
    assert {k: v for k, v in after.items() if k[1] != "ALG-ONLINE"} == {
        k: v for k, v in before.items() if k[1] != "ALG-ONLINE"
    }


def test_a_changed_competency_statement_re_embeds_the_opportunities_that_earn_it(loaded, model):
    build_index(loaded, model)
    dna = next(c for c in loaded.competencies() if c.id == "HS-LS1-1")
    with loaded.transaction() as cur:
        loaded.put_competencies(
            cur, [dna.model_copy(update={"statement": "Explain how DNA codes proteins."})]
        )
    stats = build_index(loaded, model)
    # The competency itself, and Biology and the biotech internship, whose texts include its statement.
    assert (stats.embedded, stats.unchanged, stats.deleted) == (3, 5, 0)


def test_removed_rows_lose_their_vectors(loaded, model):
    build_index(loaded, model)
    with loaded.transaction() as cur:
        cur.execute("DELETE FROM opportunities WHERE id = 'ALG-ONLINE'")
    stats = build_index(loaded, model)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (0, 7, 1)
    assert ("opportunity", "ALG-ONLINE") not in stored(loaded)


def test_a_changed_model_name_forces_a_full_rebuild(loaded, model):
    build_index(loaded, model)
    ref, encoder = model
    other = (dataclasses.replace(ref, name="another-model"), encoder)
    stats = build_index(loaded, other)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (8, 0, 0)
    assert {name for name, _ in stored(loaded).values()} == {"another-model"}


def test_stored_vectors_are_the_ones_the_matcher_uses(loaded, model):
    build_index(loaded, model)
    catalog = loaded.catalog()
    vectors = load_vectors(loaded, catalog, model)
    assert vectors.stale == 0
    assert vectors.opportunity_ids == ["BIO-1", "INT-BIOTECH", "ALG-ONLINE"]
    assert vectors.opportunities.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors.opportunities, axis=1), 1.0, atol=1e-5)
    assert [m.opportunity_id for m in Matcher.from_store(loaded, model).match("algebra", top=1)] == [
        "ALG-ONLINE"
    ]


def test_a_stale_index_is_filled_in_memory_not_skipped(loaded, model):
    vectors = load_vectors(loaded, loaded.catalog(), model)
    assert vectors.stale == 8
    assert vectors.opportunities.shape == (3, 384)
    assert stored(loaded) == {}


def test_occupation_titles_are_stored_once_and_read_by_the_matcher(loaded, model):
    occupations = load_occupations()
    assert load_vectors(loaded, loaded.catalog(), model).occupations is None
    assert store_occupation_vectors(loaded, model) == len(occupations) == 1016
    assert store_occupation_vectors(loaded, model) == 0
    build_index(loaded, model)  # the catalog's index leaves the titles alone
    vectors = load_vectors(loaded, loaded.catalog(), model)
    assert vectors.occupations is not None
    assert np.allclose(vectors.occupations, title_vectors(model[1], occupations), atol=1e-6)
    assert ("occupation", "29-1131.00") in stored(loaded)
    matcher = Matcher.from_store(loaded, model)
    found = matcher.occupations.find("building video games")
    assert (found.how, found.occupation.title) == ("embedding", "Video Game Designers")


def embedded_texts(monkeypatch) -> list[str]:
    """Every text ``matcher.index`` hands to the model from now on."""
    import matcher.index as index

    seen: list[str] = []
    real = index.encode

    def counting(model, texts, batch_size=64):
        seen.extend(texts)
        return real(model, texts, batch_size)

    monkeypatch.setattr(index, "encode", counting)
    return seen


def test_reimporting_an_unchanged_district_embeds_nothing(loaded, model, tiny_district, monkeypatch):
    build_index(loaded, model)
    before = stored(loaded)
    seen = embedded_texts(monkeypatch)
    district.import_district(loaded, tiny_district)
    stats = build_index(loaded, model)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (0, 8, 0)
    assert seen == []
    assert stored(loaded) == before


def test_a_description_changed_in_the_file_re_embeds_only_that_text(
    loaded, model, tiny_district, tmp_path, monkeypatch
):
    import json
    import shutil

    build_index(loaded, model)
    before = stored(loaded)
    folder = tmp_path / "district"
    shutil.copytree(tiny_district, folder)
    path = folder / "opportunities.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    algebra = next(row for row in rows if row["id"] == "ALG-ONLINE")
    algebra["description"] = "Algebra with a tutor, at your own pace."
    path.write_text(json.dumps(rows), encoding="utf-8")
    seen = embedded_texts(monkeypatch)
    district.import_district(loaded, folder)
    stats = build_index(loaded, model)
    assert (stats.embedded, stats.unchanged, stats.deleted) == (1, 7, 0)
    assert len(seen) == 1 and seen[0].startswith("Algebra Online. Algebra with a tutor, at your own pace.")
    after = stored(loaded)
    assert after[("opportunity", "ALG-ONLINE")] != before[("opportunity", "ALG-ONLINE")]
    assert {k: v for k, v in after.items() if k[1] != "ALG-ONLINE"} == {
        k: v for k, v in before.items() if k[1] != "ALG-ONLINE"
    }


def test_many_texts_are_embedded_once_each_in_parallel_batches_in_their_order(model, monkeypatch):
    from matcher.embeddings import encode
    from matcher.index import BATCH_SIZE, PARALLEL_FROM, _embed

    texts = [f"Project {i}: {'robots ' * (i % 7)}and gardens" for i in range(PARALLEL_FROM + 5)]
    texts += texts[:10]  # ten texts asked twice
    seen = embedded_texts(monkeypatch)
    vectors = _embed(model[1], texts, progress=False)
    assert sorted(seen) == sorted(set(texts))  # each distinct text once
    assert vectors.shape == (len(texts), 384)
    assert np.array_equal(vectors[-10:], vectors[:10])
    alone = encode(model[1], texts[: PARALLEL_FROM + 5], batch_size=BATCH_SIZE)
    assert np.allclose(vectors[: PARALLEL_FROM + 5], alone, atol=1e-5)


def test_a_district_sized_build_runs_in_bfloat16_when_the_cpu_does_it_natively(model, monkeypatch):
    import matcher.index as index
    from core.settings import get_settings
    from matcher.embeddings import encode

    texts = [f"Internship {i}: {'lab work and field trips ' * (i % 5)}with a mentor" for i in range(40)]
    full = encode(model[1], texts, batch_size=index.BATCH_SIZE)
    monkeypatch.setattr(index, "BFLOAT16_FROM", 10)
    monkeypatch.setattr(index, "_native_bfloat16", lambda: True)
    half = index._embed(model[1], texts, progress=False)
    assert np.allclose(np.linalg.norm(half, axis=1), 1.0, atol=1e-5)
    cosines = (half * full).sum(axis=1)
    assert cosines.min() > 0.9995 and not np.allclose(half, full, atol=1e-6)
    monkeypatch.setenv("PATHWAYS_INDEX_BFLOAT16", "false")
    get_settings.cache_clear()
    try:
        assert np.allclose(index._embed(model[1], texts, progress=False), full, atol=1e-5)
    finally:
        get_settings.cache_clear()
