"""Translations in a CASE package: CASE 1.1's ``isTranslationOf`` association between two items of the
package, in two languages (each item's ``language``, else the CFDocument's, else English).

The item in the other language than the document's is the translation (when both differ, the origin:
"origin is a translation of destination", read like every other association type); its
``fullStatement`` becomes the original competency's statement in that language
(``translations[lang]["statement"]``, shown to a family reading that language), and it is not imported
as a competency of its own. CASE 1.0 has no ``isTranslationOf`` and one language per document, so a
1.0 package carries no translations (docs/case-import.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from catalog.importers.lenient import Report
from core.schema import CompetencyLink, LinkType, Translations

SOURCE_LANGUAGE = "en"


class _Item(Protocol):
    location: str
    fields: dict[str, object]
    language: str


@dataclass
class Folded:
    """What the package's translations change: each original's translations, and the translation
    items that are not imported as competencies."""

    translations: dict[str, Translations] = field(default_factory=dict)
    items: set[str] = field(default_factory=set)


def primary_language(tag: str) -> str:
    """'es-MX' -> 'es', 'VI' -> 'vi': the product reads translations by the language alone."""
    return tag.strip().split("-")[0].split("_")[0].lower()


def fold_translations(
    items: Mapping[str, _Item],
    links: dict[tuple[str, str, str], CompetencyLink],
    parents: dict[str, str | None],
    document_language: str,
    r: Report,
) -> Folded:
    """The package's translations, taken out of ``links`` (the isTranslationOf links folded in)."""
    folded = Folded()
    document = primary_language(document_language) or SOURCE_LANGUAGE
    has_children = {up for up in parents.values() if up is not None}

    def language(ident: str) -> str:
        return primary_language(items[ident].language) or document

    for key, link in list(links.items()):
        origin, destination = link.origin, link.destination
        if link.type is not LinkType.IS_TRANSLATION_OF or destination not in items:
            continue
        where = items[origin].location
        if language(origin) == language(destination):
            r.warn(
                where,
                "language",
                f"isTranslationOf between two items in {language(origin)!r}; kept as a link",
            )
            continue
        translated, original = (
            (destination, origin) if language(origin) == document else (origin, destination)
        )
        lang = language(translated)
        if translated in has_children:
            r.warn(
                items[translated].location, "", "a translation with items under it; imported as a competency"
            )
            continue
        kept = folded.translations.setdefault(original, {})
        if lang in kept:
            r.warn(
                items[translated].location,
                "",
                f"a second {lang!r} translation of the same item; the first is kept",
            )
            continue
        kept[lang] = {"statement": str(items[translated].fields["statement"])}
        folded.items.add(translated)
        del links[key]
    for key in [k for k in links if k[0] in folded.items]:
        del links[key]
    return folded
