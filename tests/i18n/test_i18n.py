"""core/i18n.py: one translator per language, the language of the text being made, and dates, times,
numbers and lists in each language's own style."""

from __future__ import annotations

import datetime as dt

from core.i18n import (
    _,
    date_text,
    join,
    language,
    ngettext,
    number,
    set_language,
    short_date,
    time_text,
    translator,
    use_language,
)

STEPS = ("{name}: {reached} of {total} step", "{name}: {reached} of {total} steps")


def test_english_is_the_source_and_other_languages_come_from_the_catalogs():
    assert _("Printable view") == "Printable view"
    with use_language("es"):
        assert _("Printable view") == "Vista para imprimir"
    with use_language("vi"):
        assert _("Printable view") == "Bản để in"
    assert translator("es") is translator("es")  # compiled once


def test_plural_forms_follow_each_language():
    assert [ngettext(*STEPS, n) for n in (1, 2)] == [
        "{name}: {reached} of {total} step",
        "{name}: {reached} of {total} steps",
    ]
    with use_language("es"):
        assert [ngettext(*STEPS, n) for n in (1, 2)] == [
            "{name}: {reached} de {total} paso",
            "{name}: {reached} de {total} pasos",
        ]
    with use_language("vi"):  # one form
        assert [ngettext(*STEPS, n) for n in (1, 2)] == ["{name}: {reached}/{total} bước"] * 2


def test_an_unknown_language_is_english_and_a_block_restores_the_language_before_it():
    assert set_language("fr") == "en"
    with use_language("es"):
        with use_language("vi"):
            assert language() == "vi"
        assert language() == "es"
    assert language() == "en"
    assert _("a message nobody translated") == "a message nobody translated"


def test_dates_times_numbers_and_lists_in_each_language():
    day = dt.date(2027, 3, 4)
    assert (date_text(day), short_date(day, with_year=True), number(7.5), join(["a", "b", "c"])) == (
        "March 4, 2027",
        "Mar 4, 2027",
        "7.5",
        "a, b and c",
    )
    with use_language("es"):
        assert (date_text(day), short_date(day, with_year=False), time_text(900), number(7.5)) == (
            "4 de marzo de 2027",
            "4 mar",
            "15:00",
            "7,5",
        )
        assert (join(["a", "b", "c"]), join(["a", "b"], "or")) == ("a, b y c", "a o b")
    with use_language("vi"):
        assert (date_text(day), short_date(day, with_year=True), time_text(570), number(6.0)) == (
            "4 tháng 3, 2027",
            "4 thg 3, 2027",
            "09:30",
            "6",
        )
        assert (join(["a", "b", "c"]), join(["a", "b"], "or")) == ("a, b và c", "a hoặc b")
