"""Keeping the message catalogs in step with the code (``make messages``, docs/languages.md).

``extract`` reads the product's messages from the code (calls of ``_``, ``N_`` and ``ngettext``,
through Babel's Python extractor, as ``pybabel extract`` would); ``update`` writes the template
``core/locale/pathways.pot`` and merges it into each language's ``.po``: a new message comes in
untranslated, a changed one is marked fuzzy (and shown in English until a translator checks it), a
message gone from the code is dropped. tests/i18n runs ``extract`` and fails while any language is
stale or incomplete.

    python -m core.messages          # after changing the product's words
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from core.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, catalog_path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app.py", "core", "catalog", "planner", "present", "records", "ui")
"""Where the product's messages are (the packages whose words a family reads)."""
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
COMMENT_TAGS = ("Translators:",)
WIDTH = 110


def extract(root: Path = ROOT) -> Catalog:
    """Every message in the code, with the translators' comments written beside it."""
    template = Catalog(project="Pathways", domain=DOMAIN, fuzzy=False)
    for source in SOURCES:
        path = root / source
        if path.is_file():
            found = [
                (path.name, line, message, comments, context)
                for line, message, comments, context in extract_from_file(
                    "python", path, keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS
                )
            ]
        else:
            found = list(
                extract_from_dir(
                    path, [("**.py", "python")], keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS
                )
            )
        for _, _, message, comments, context in found:
            template.add(message, None, auto_comments=comments, context=context)
    return template


def read_catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def update() -> list[str]:
    """Write the template and merge it into every language's catalog. Returns one line per language."""
    template = extract()
    with TEMPLATE.open("wb") as out:
        write_po(out, template, width=WIDTH, no_location=True, sort_output=True)
    report = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        catalog = read_catalog(language)
        catalog.update(template)
        with catalog_path(language).open("wb") as out:
            write_po(out, catalog, width=WIDTH, no_location=True, sort_output=True, ignore_obsolete=True)
        untranslated = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
        report.append(f"{language}: {len(template)} messages, {untranslated} to translate")
    return report


if __name__ == "__main__":
    print("\n".join(update()))
