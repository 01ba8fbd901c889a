"""The family page in the family's language: the switch, the stored preference, the page's words, and
the other roles' pages left in English."""

from __future__ import annotations

from shown_text import rendered
from uikit import PASSWORD, open_app, widget_labels

from core.store import Store
from records import accounts
from ui.language import SWITCH_LABEL, lang_script

SPANISH_CONTROLS = [
    ("button", "Cerrar sesión"),
    ("button", "Enviar pregunta"),
    ("button", "He leído este plan (confirmar)"),
    ("selectbox", "Language · Idioma · Ngôn ngữ"),
    ("selectbox", "Período para el archivo de calendario"),
    ("text_area", "Su pregunta"),
    ("toggle", "Vista para imprimir"),
]


def choose(app, language: str):
    next(s for s in app.selectbox if s.label == SWITCH_LABEL).set_value(language).run()
    assert not app.exception, app.exception
    return app


def test_the_family_switches_to_spanish_and_the_account_keeps_it(records):
    app = choose(open_app(records, "fam.reyes"), "es")
    assert app.title[0].value == "Plan de aprendizaje de Ana Reyes"
    assert rendered(app.markdown[0].value) == "Ana ha demostrado 1 de las 4 competencias que pide el diploma."
    assert [s.value for s in app.subheader] == [
        "Primavera de 2027",
        "Verano de 2027",
        "Otoño de 2027",
        "Avance por materia",
        "Preguntas para el consejero",
    ]
    assert sorted(widget_labels(app)) == SPANISH_CONTROLS
    assert [b.label for b in app.download_button] == [
        "Descargar el plan (PDF)",
        "Descargar el expediente de dominio (PDF)",
        "Descargar el horario semanal (.ics)",
    ]
    assert records.authenticate("fam.reyes", PASSWORD).language == "es"
    again = open_app(records, "fam.reyes")  # a new visit: the stored preference
    assert again.title[0].value == "Plan de aprendizaje de Ana Reyes"
    assert rendered(again.sidebar.caption[0].value) == "Sesión iniciada como Marta Reyes (familia)"


def test_vietnamese_and_back_to_english(records):
    app = choose(open_app(records, "fam.reyes"), "vi")
    assert app.title[0].value == "Kế hoạch học tập của Ana Reyes"
    assert rendered(app.info[0].value).startswith("Mr. Lee đã phê duyệt kế hoạch này vào ")
    next(b for b in app.button if b.label == "Tôi đã đọc kế hoạch này (xác nhận)").click().run()
    assert "Xin cảm ơn. Cố vấn học tập có thể thấy quý vị đã đọc kế hoạch này." in [
        s.value for s in app.success
    ]
    choose(app, "en")
    assert app.title[0].value == "Learning plan for Ana Reyes"
    assert records.authenticate("fam.reyes", PASSWORD).language is None


def test_the_family_s_question_is_sent_as_written_in_its_language(records):
    app = choose(open_app(records, "fam.reyes"), "es")
    app.text_area[0].input("¿Puede Ana hacer la pasantía en verano?")
    next(b for b in app.button if b.label == "Enviar pregunta").click().run()
    assert "Enviada. El consejero la verá junto con el plan." in [s.value for s in app.success]
    family = records.authenticate("fam.reyes", PASSWORD)
    assert [c.body for c in records.comments(family, "stu-ana")] == [
        "¿Puede Ana hacer la pasantía en verano?"
    ]


def test_other_roles_read_english_whatever_was_chosen(records, ui_db):
    store = Store.open(ui_db)
    with store.transaction() as cur:
        accounts.set_language(cur, "adv.lee", "es")
    store.close()
    adviser = open_app(records, "adv.lee")
    assert not any(s.label == SWITCH_LABEL for s in adviser.selectbox)
    assert rendered(adviser.sidebar.caption[0].value) == "Signed in as Mr. Lee (advisor)"


def test_the_sign_in_page_speaks_the_chosen_language(records):
    app = choose(open_app(None, None, "ui/signin_page.py"), "vi")
    assert [h.value for h in app.subheader] == ["Đăng nhập vào Pathways"]
    assert [t.label for t in app.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    app.text_input[0].input("fam.reyes")
    app.text_input[1].input("not the password")
    next(b for b in app.button if b.label == "Đăng nhập").click().run()
    assert [rendered(e.value) for e in app.error] == ["Sai tên đăng nhập hoặc mật khẩu."]


def test_the_page_is_marked_with_its_language():
    assert lang_script("vi") == "<script>document.documentElement.lang = 'vi';</script>"
    assert lang_script("xx") == "<script>document.documentElement.lang = 'en';</script>"


def test_the_language_chosen_before_signing_in_stays_after(records):
    app = choose(open_app(None, None, "ui/signin_page.py"), "es")
    app.text_input[0].input("fam.reyes")
    app.text_input[1].input(PASSWORD)
    next(b for b in app.button if b.label == "Iniciar sesión").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Plan de aprendizaje de Ana Reyes"
