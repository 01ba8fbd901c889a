"""The student page: the chat beside the live plan. A message changes the plan on the spot; offered
answers become buttons; the plan is saved and sent to the advisor through the record service; the
plan views show an item's details, the week of a term and progress by subject."""

from __future__ import annotations

from shown_text import rendered, table_rows
from streamlit.testing.v1 import AppTest
from uikit import PASSWORD, open_app

from planner.edits import PlanEdits
from records.plans import PlanState

OPENING = (
    "Hi Ana!\n"
    'Here is what I know about you: you\'re into "biotech and chemistry", your goal is "lab scientist", '
    "you're busy on Saturdays 09:00-17:00, you can give up to 20 hours a week and you're on the standard "
    "pace, graduating by Fall 2027.\n"
    "Your plan stays the same.\n"
    "One more thing: Do you want to finish early, on time, or take it slower?"
)


def plan_rows(app: AppTest) -> list[tuple[str, str]]:
    rows = next(d for d in app.table if "locked" in d.value.columns).value
    return [(r["title"], r["starts"]) for r in rows.to_dict("records")]


def versions(app: AppTest) -> list[dict[str, object]]:
    return table_rows(next(d for d in app.table if "what changed" in d.value.columns))


def version_box(app: AppTest):
    return next(s for s in app.selectbox if s.label == "Version to look at")


def say(app: AppTest, message: str) -> str:
    app.chat_input[0].set_value(message).run()
    assert not app.exception, app.exception
    return app.text[-1].value


def test_the_chat_opens_with_what_the_record_says_beside_the_stored_plan(records):
    app = open_app(records, "ana")
    assert [m.name for m in app.chat_message] == ["assistant"]
    assert [t.value for t in app.text] == [OPENING]
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027"),
        ("Biology", "Spring 2027"),
        ("Chemistry Online", "Summer 2027"),
    ]
    assert app.caption[0].value == "Your plan: approved by your advisor"


def test_a_message_changes_the_plan(records):
    app = open_app(records, "ana")
    reply = say(app, "drop Chemistry Online")
    assert reply.splitlines()[:4] == [
        "I took Chemistry Online out and will keep it out.",
        "What changed:",
        "Added Biotech Lab Internship (Summer 2027).",
        "Removed Chemistry Online (Summer 2027).",
    ]
    assert [m.name for m in app.chat_message] == ["assistant", "user", "assistant"]
    assert app.text[1].value == "drop Chemistry Online"
    # Ana loves biotech: the internship she would choose takes Chemistry Online's place.
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027"),
        ("Biology", "Spring 2027"),
        ("Biotech Lab Internship", "Summer 2027"),
    ]
    assert app.caption[0].value == "Your plan: approved by your advisor · unsaved changes"


def test_offered_answers_are_buttons(records):
    app = open_app(records, "ana")
    say(app, "I can't do Thursdays")
    say(app, "drop Chemistry Online")
    reply = say(app, "drop the internship")
    assert reply.startswith(
        'I can\'t make a plan with that. Your wishes "no Thursdays", "not take Chemistry Online" and '
        '"not take Biotech Lab Internship" cannot all hold together.'
    )
    # The wish just asked for is not offered back: saying no does that.
    offered = ['free up "no Thursdays"', 'allow it again (instead of "not take Chemistry Online")']
    assert [rendered(b.label) for b in app.button if (b.key or "").startswith("chat-answer")][:2] == offered
    next(b for b in app.button if rendered(b.label) == offered[0]).click().run()
    assert not app.exception, app.exception
    assert [t.value for t in app.text][-2] == offered[0]
    assert [t.value for t in app.text][-1].splitlines()[:4] == [
        'OK: I\'ll free up "no Thursdays".',
        "What changed:",
        "Added Community Garden Science (Summer 2027).",
        "Removed Biotech Lab Internship (Summer 2027).",
    ]
    assert not [b for b in app.button if b.label in offered]
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027"),
        ("Biology", "Spring 2027"),
        ("Community Garden Science", "Summer 2027"),
    ]
    assert app.caption[0].value == "Your plan: approved by your advisor · unsaved changes"


def test_saving_and_sending_the_plan_to_the_advisor(records):
    app = open_app(records, "ana")
    say(app, "drop Chemistry Online")
    next(b for b in app.button if b.label == "Save my plan").click().run()
    assert app.caption[0].value == "Your plan: saved as a draft"
    assert next(rendered(s.value) for s in app.success) == "Saved as a draft (version 4)."
    ana = records.authenticate("ana", PASSWORD)
    head = records.plan(ana, "stu-ana")
    assert (head.version, head.state, head.edits.exclusions) == (4, PlanState.DRAFT, ["CHEM-ONLINE"])
    assert (
        head.summary
        == "added Biotech Lab Internship (2027-SU); removed Chemistry Online; excluded CHEM-ONLINE"
    )
    next(b for b in app.button if b.label == "Send to my advisor").click().run()
    assert app.caption[0].value == "Your plan: sent to your advisor"
    assert next(rendered(s.value) for s in app.success) == (
        "Sent to your advisor (version 5): they will look at it and approve it or write to you."
    )
    send = next(b for b in app.button if b.label == "Send to my advisor")
    assert send.disabled
    assert (
        send.help
        == "Your advisor has this plan already (sent to your advisor); change something to send again."
    )
    lee = open_app(records, "adv.lee")
    assert lee.table[0].value.to_dict("records")[0]["status"] == "needs approval"


def test_item_details_week_and_progress(records):
    app = open_app(records, "ana")
    next(s for s in app.selectbox if s.label == "Show details for").select("BIO-1").run()
    assert [s.value for s in app.subheader] == ["Biology", "Chat"]  # the plan comes first
    assert next(rendered(m.value) for m in app.markdown if m.value.startswith("**When:**")) == (
        "When: Spring 2027, about 5 hours a week\n"
        "Meets: Mondays and Wednesdays 8:00-9:30 am\n"
        "Schedule in the catalog: Mon 08:00-09:30, Wed 08:00-09:30"
    )
    dna = "Explain how the structure of DNA determines the structure of proteins."
    earns = table_rows(next(d for d in app.table if "what you learn" in d.value.columns))
    assert earns == [{"what you learn": dna, "subject": "Science", "counts for graduation": "yes"}]
    next(t for t in app.toggle if t.label == "Show the standards' codes").set_value(True).run()
    coded = table_rows(next(d for d in app.table if "what you learn" in d.value.columns))
    assert coded == [
        {"code": "HS-LS1-1", "what you learn": dna, "subject": "Science", "counts for graduation": "yes"}
    ]
    week = table_rows(next(d for d in app.table if "time" in d.value.columns))
    assert week == [
        {"time": "08:00", "Mon": "Biology", "Tue": "", "Wed": "Biology", "Thu": "", "Fri": "", "Sat": ""},
        {
            "time": "09:00",
            "Mon": "Biology",
            "Tue": "",
            "Wed": "Biology",
            "Thu": "",
            "Fri": "",
            "Sat": "busy (job)",
        },
    ]
    progress = table_rows(next(d for d in app.table if "missing" in d.value.columns))
    assert progress == [
        {"subject": "Mathematics", "demonstrated": 1, "planned": 1, "missing": 0},
        {"subject": "Science", "demonstrated": 0, "planned": 2, "missing": 0},
    ]
    assert rendered(app.success[0].value) == (
        "Ahead · target Fall 2027. The plan finishes in Summer 2027, 1 term before the target, Fall 2027."
    )


def open_versions(app: AppTest) -> AppTest:
    """The Versions expander opened (it is built only then)."""
    app.session_state["student-versions"] = True
    return app.run()


def test_the_student_restores_an_earlier_version_and_the_chat_goes_on_from_it(records):
    app = open_versions(open_app(records, "ana"))
    assert [(r["version"], r["state"], r["saved by"]) for r in versions(app)] == [
        (3, "approved", "Mr. Lee (advisor)"),
        (2, "proposed", "Mr. Lee (advisor)"),
        (1, "draft", "Mr. Lee (advisor)"),
    ]
    say(app, "drop Chemistry Online")
    next(b for b in app.button if b.label == "Save my plan").click().run()
    assert versions(app)[0]["what changed"] == (
        "added Biotech Lab Internship (2027-SU); removed Chemistry Online; excluded CHEM-ONLINE"
    )
    version_box(app).select(2).run()
    assert not app.exception, app.exception
    next(b for b in app.button if b.label == "Restore this version").click().run()
    assert not app.exception, app.exception
    assert app.caption[0].value == "Your plan: saved as a draft"
    assert app.text[-1].value == "Restored version 2 as version 5 (a draft)."
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027"),
        ("Biology", "Spring 2027"),
        ("Chemistry Online", "Summer 2027"),
    ]
    ana = records.authenticate("ana", PASSWORD)
    head = records.plan(ana, "stu-ana")
    assert (head.version, head.state, head.restored_from, head.author_id) == (5, PlanState.DRAFT, 2, "ana")
    assert (head.plan, head.edits) == (records.plan_version(ana, "stu-ana", 2).plan, PlanEdits())
    assert versions(app)[0]["what changed"] == "restored version 2"
    reply = say(app, "drop Chemistry Online")
    assert reply.splitlines()[0] == "I took Chemistry Online out and will keep it out."
    assert app.caption[0].value == "Your plan: saved as a draft · unsaved changes"


def test_unsaved_chat_changes_are_named_before_a_restore(records):
    app = open_versions(open_app(records, "ana"))
    say(app, "drop Chemistry Online")
    version_box(app).select(1).run()
    captions = [c.value for c in app.caption]
    assert "Restoring replaces the unsaved changes on this page." in captions
    assert next(b for b in app.button if b.label == "Restore this version")
