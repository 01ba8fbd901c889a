"""CASE 1.1 translations: an item in another language, linked by isTranslationOf to an item of the same
package, becomes that competency's statement in its language (not a competency of its own)."""

from __future__ import annotations

import copy
import json
from typing import Any

from test_case_importer import association, happy, iid, parsed, warnings_of

from catalog import district
from core.i18n import use_language
from core.schema import LinkType
from core.store import Store
from present.localized import competency_statement

SPANISH = "Explicar cómo la estructura del ADN determina la estructura de las proteínas."
VIETNAMESE = "Giải thích cấu trúc của ADN quyết định cấu trúc của protein như thế nào."


def item(n: int, statement: str, language: str) -> dict[str, Any]:
    ident = iid(n)
    return {"identifier": ident, "uri": f"https://case.riverbend.example/ims/case/v1p1/CFItems/{ident}",
            "fullStatement": statement, "humanCodingScheme": f"RB.LS.1.{language}", "language": language,
            "lastChangeDateTime": "2025-01-15T09:30:00-05:00"}  # fmt: skip


def with_translations(*translations: tuple[int, str, str, bool]) -> dict[str, Any]:
    """The happy package with translated items of RB.LS.1 (item 12): (n, statement, language, whether the
    translation is the association's origin), each also placed beside its original."""
    data = copy.deepcopy(happy())
    for n, statement, language, origin in translations:
        data["CFItems"].append(item(n, statement, language))
        data["CFAssociations"].append(association("isChildOf", iid(n), iid(11)))
        ends = (iid(n), iid(12)) if origin else (iid(12), iid(n))
        data["CFAssociations"].append(association("isTranslationOf", *ends))
    return data


def test_a_translated_item_becomes_the_competency_s_statement_in_its_language():
    result = parsed(with_translations((31, SPANISH, "es-MX", True), (32, VIETNAMESE, "vi", False)))
    dna = next(c for c in result.competencies if c.id == iid(12))
    assert dna.translations == {"es": {"statement": SPANISH}, "vi": {"statement": VIETNAMESE}}
    assert [c.code for c in result.competencies] == [c.code for c in parsed(happy()).competencies]
    assert [link for link in result.links if link.type is LinkType.IS_TRANSLATION_OF] == []


def test_a_package_without_translations_imports_as_before():
    assert all(c.translations == {} for c in parsed(happy()).competencies)


def test_a_translation_in_the_same_language_stays_a_link():
    data = with_translations((31, "Explain DNA again.", "en", True))
    assert [w for w in warnings_of(data) if "isTranslationOf" in w] == [
        "pkg.json, CFItems[7]: language: isTranslationOf between two items in 'en'; kept as a link"
    ]
    result = parsed(data)
    assert [
        (link.origin, link.destination) for link in result.links if link.type is LinkType.IS_TRANSLATION_OF
    ] == [(iid(31), iid(12))]
    assert iid(31) in {c.id for c in result.competencies}


def test_a_second_translation_in_one_language_is_warned_about_and_the_first_kept():
    data = with_translations((31, SPANISH, "es", True), (32, "Otra traducción.", "es", True))
    dna = next(c for c in parsed(data).competencies if c.id == iid(12))
    assert dna.translations == {"es": {"statement": SPANISH}}
    assert [w for w in warnings_of(data) if "second" in w] == [
        "pkg.json, CFItems[8]: a second 'es' translation of the same item; the first is kept"
    ]


def test_the_store_keeps_the_translations_and_a_family_reads_them(isolated_db, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(with_translations((31, SPANISH, "es", True))), encoding="utf-8")
    store = Store.open(isolated_db)
    try:
        district.import_file(store, "case", path)
        dna = store.catalog().competency_map()[iid(12)]
    finally:
        store.close()
    assert dna.translations == {"es": {"statement": SPANISH}}
    with use_language("es"):
        assert competency_statement(dna) == SPANISH
    with use_language("vi"):
        assert competency_statement(dna) == (
            "Explain how the structure of DNA determines the structure of proteins. [bằng tiếng Anh]"
        )
