"""The language check: every message in the code has a checked Spanish and Vietnamese translation with
the same placeholders, the catalogs are not stale against the code, and the district's terms are
translated with the glossary's fixed words (data/glossary.json)."""

from __future__ import annotations

import ast
import json
import re

import pytest
from babel.messages.catalog import Catalog, Message

from core.i18n import LANGUAGES, SOURCE_LANGUAGE
from core.messages import ROOT, SOURCES, extract, read_catalog
from core.schema import OpportunityKind
from core.settings import DEFAULT_DATA_DIR
from present.glossary import glossary
from present.localized import KIND_WORDS, SUBJECT_NAMES

TRANSLATED = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def code_messages() -> Catalog:
    return extract()


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_holds_exactly_the_code_s_messages(code_messages, language):
    """Stale: a message in the code the catalog lacks, or one the code no longer has (python -m core.messages)."""
    in_code = {m.id for m in code_messages if m.id}
    in_catalog = {m.id for m in read_catalog(language) if m.id}
    assert sorted(map(str, in_code - in_catalog)) == [], f"{language}: run `make messages` and translate"
    assert sorted(map(str, in_catalog - in_code)) == [], f"{language}: messages the code no longer has"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_checked(language):
    missing = [
        str(m.id)
        for m in read_catalog(language)
        if m.id and (m.fuzzy or not all(s.strip() for s in _strings(m)))
    ]
    assert missing == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    """A dropped or added {placeholder} would lose a name or a number (or fail to format)."""
    wrong = []
    for m in read_catalog(language):
        if not m.id:
            continue
        wanted = placeholders(_ids(m)[-1])
        for form in _strings(m):
            if placeholders(form) != wanted:
                wrong.append((_ids(m)[0], form))
    assert wrong == []


def test_the_placeholder_check_catches_a_dropped_name():
    assert placeholders("{first} has shown {done}") != placeholders("{first} ha demostrado")
    assert placeholders("Página {page} de {pages}") == placeholders("Page {page} of {pages}")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_district_terms_use_the_glossary_words(language):
    """Wherever an English message says 'internship' (or 'competencies', 'credit', ...), its
    translation uses the glossary's one word for it, so a family meets one word for one thing."""
    off, seen = [], set()
    for name, term in glossary().items():
        word = term.languages[language].word.lower()
        forms = re.compile(r"\b(" + "|".join(map(re.escape, term.forms)) + r")\b", re.IGNORECASE)
        for m in read_catalog(language):
            if m.id and any(forms.search(i) for i in _ids(m)):
                seen.add(name)
                off += [(name, form) for form in _strings(m) if word not in form.lower()]
    assert off == []
    assert seen == {"competency", "credit", "internship", "dual enrollment", "CTE"}  # the others: data only


def test_the_glossary_fixes_every_district_term_in_every_language():
    expected = {"competency", "proficient", "credit", "internship", "dual enrollment", "ELO", "CTE"}
    assert set(glossary()) == expected
    for term in glossary().values():
        assert set(term.languages) == set(LANGUAGES)


def test_the_glossary_check_sees_a_term_inside_a_message():
    forms = re.compile(r"\b(internship|internships)\b", re.IGNORECASE)
    assert forms.search("Biotech Lab Internship")
    assert not forms.search("internshipping")


def test_every_subject_and_kind_has_a_word_to_translate():
    subjects = json.loads((DEFAULT_DATA_DIR / "subject_words.json").read_text(encoding="utf-8"))["subjects"]
    assert set(SUBJECT_NAMES) == {*subjects, ""}
    assert {kind: KIND_WORDS[kind] for kind in OpportunityKind} == {
        kind: kind.value.replace("_", " ") for kind in OpportunityKind
    }


def _calls_inside_f_strings(source: str) -> list[int]:
    """Lines where ``_``, ``N_`` or ``ngettext`` is called inside an f-string's braces: Babel's
    extractor does not look there, so such a message would never reach the catalogs or this check."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in {"_", "N_", "ngettext"}
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    found.append(inner.lineno)
    return found


def test_no_message_hides_inside_an_f_string():
    hidden = [
        f"{path.relative_to(ROOT)}:{line}"
        for source in SOURCES
        for path in ([ROOT / source] if (ROOT / source).is_file() else sorted((ROOT / source).rglob("*.py")))
        for line in _calls_inside_f_strings(path.read_text(encoding="utf-8"))
    ]
    assert hidden == []


def test_the_f_string_check_sees_a_hidden_message():
    assert _calls_inside_f_strings('x = f"{_(\'Hello\')} {name}"\ny = _("Fine")\n') == [1]
