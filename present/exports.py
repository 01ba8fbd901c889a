"""Files a family takes home: the plan as a PDF, and a term's weekly schedule as an iCalendar file.

The PDF is drawn with fpdf2 (pure Python, maintained by the py-pdf organisation, no system libraries
to install, Unicode TrueType fonts, automatic page breaks): it renders the same lines as the printable
view (``present.family``). The calendar uses the icalendar package: one weekly recurring event per
meeting time, from the term's first such weekday to its last day, in the school's local time.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF
from icalendar import Calendar as ICalendar
from icalendar import Event, vRecur
from slugify import slugify

from core.i18n import _, language
from core.schema import Catalog, Term
from planner.domain import PlanItem, PlanResult
from present.family import FamilySummary, activity_lines, counts_toward, item_title, plan_title
from present.localized import kind_name, term_name

# --- PDF ----------------------------------------------------------------------------------------

UNICODE_FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
"""DejaVu Sans, shipped with the package (present/fonts, its licence beside it) so a fresh machine has
it: every accent a name may hold, Vietnamese included. Without it the PDF falls back to the built-in
Helvetica, which covers Latin-1 only."""

UNICODE_BOLD_FONT = UNICODE_FONT.with_name("DejaVuSans-Bold.ttf")
FALLBACK_FONT = "helvetica"

PAGE_MARGIN_MM = 18
LINE_MM = 5.5
"""Height of one line of body text, in millimetres (11 pt text with a little leading)."""

TITLE_PT, HEADING_PT, BODY_PT, SMALL_PT = 17, 13, 11, 9
INDENT_MM = 6
PROGRESS_KEEP_MM = 40
"""Room the progress heading needs under it (its header row and the first subjects) to stay on the
page; with less, the section starts on the next page."""

_ASCII_PUNCTUATION = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def latin1(text: str) -> str:
    """Text the built-in PDF fonts can draw: typographic punctuation made plain, accents outside
    Latin-1 dropped ('ầ' -> 'a'), anything else replaced by '?'."""
    out = []
    for char in text.translate(_ASCII_PUNCTUATION):
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def _as_is(text: str) -> str:
    return text


class _PlanPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(size=SMALL_PT)
        self.cell(0, 6, _("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}"), align="C")


Write = Callable[..., None]
"""``write(text, size=BODY_PT, style="", indent=0)``: a paragraph in the document's font."""


def start_pdf(
    title: str, *, font: Path | None, created: dt.datetime | None, compress: bool
) -> tuple[FPDF, Write, Callable[[str], str]]:
    """A letter-size PDF with its first page, the function that writes a paragraph, and the one that
    makes text drawable in the chosen font. ``font``: a TrueType font (its '-Bold' sibling is used for
    bold when present), or None for the built-in Helvetica (Latin-1 only)."""
    pdf = _PlanPDF(format="letter")
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    pdf.set_auto_page_break(True, margin=PAGE_MARGIN_MM)
    pdf.set_compression(compress)
    pdf.set_title(title)
    pdf.set_lang(language())
    pdf.set_creator("Pathways")
    if created is not None:
        pdf.set_creation_date(created)
    if font is not None and font.exists():
        pdf.add_font("body", "", str(font))
        bold = font.with_name(font.stem + "-Bold" + font.suffix)
        pdf.add_font("body", "B", str(bold if bold.exists() else font))
        family, clean = "body", _as_is
    else:
        family, clean = FALLBACK_FONT, latin1
    pdf.add_page()

    def write(text: str, size: int = BODY_PT, style: str = "", indent: float = 0) -> None:
        pdf.set_font(family, style, size)
        pdf.set_x(PAGE_MARGIN_MM + indent)
        pdf.multi_cell(0, LINE_MM * size / BODY_PT, clean(text), new_x="LMARGIN", new_y="NEXT")

    return pdf, write, clean


def plan_pdf(
    summary: FamilySummary,
    *,
    font: Path | None = UNICODE_FONT,
    created: dt.datetime | None = None,
    compress: bool = True,
) -> bytes:
    """The family summary as a letter-size PDF, in the current language (``core.i18n``; the summary is
    made in the same one). ``font``: a TrueType font (its '-Bold' sibling is used for headings when
    present), or None for the built-in Helvetica. ``created`` fixes the document date (tests);
    ``compress=False`` leaves the page text readable in the bytes."""
    title = plan_title(summary.student_name)
    pdf, write, clean = start_pdf(title, font=font, created=created, compress=compress)
    write(title, TITLE_PT, "B")
    pdf.ln(2)
    write(summary.headline)
    if summary.summary:
        pdf.ln(1)
        write(summary.summary)
    for line in summary.pathway:
        pdf.ln(1)
        write(line)
    for note in (summary.state_note, summary.plan_message):
        if note:
            pdf.ln(1)
            write(note)
    for term in summary.terms:
        pdf.ln(4)
        write(f"{term.name} ({term.dates}): {term.load}", HEADING_PT, "B")
        for activity in term.activities:
            first, *rest = activity_lines(activity)
            pdf.ln(1)
            write(first, style="B", indent=INDENT_MM)
            for line in rest:
                write(line, indent=2 * INDENT_MM)
    pdf.ln(4)
    if pdf.will_page_break(PROGRESS_KEEP_MM):  # the heading never stays alone at a page's foot
        pdf.add_page()
    write(_("Progress by subject"), HEADING_PT, "B")
    pdf.set_font(size=BODY_PT, style="")
    with pdf.table(col_widths=(2, 1, 1, 1), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")) as table:
        table.row([clean(h) for h in (_("Subject"), _("Demonstrated"), _("Planned"), _("Still missing"))])
        for p in summary.progress:
            table.row([clean(p.label), str(p.demonstrated), str(p.planned), str(p.missing)])
    return bytes(pdf.output())


# --- iCalendar ------------------------------------------------------------------------------------

END_OF_DAY = dt.time(23, 59, 59)


def first_meeting_day(term: Term, weekday: int) -> dt.date:
    """The first date on or after the term's start that falls on ``weekday`` (0 = Monday)."""
    return term.start + dt.timedelta(days=(weekday - term.start.weekday()) % 7)


def running_items(plan: PlanResult, term_id: str) -> list[PlanItem]:
    """Items that start in the term, then those started earlier and still running in it."""
    for term_plan in plan.terms:
        if term_plan.term == term_id:
            by_id = {i.opportunity: i for i in plan.items()}
            return [by_id[o] for o in term_plan.continuing if o in by_id] + term_plan.items
    return []


def term_ics(
    plan: PlanResult,
    catalog: Catalog,
    term_id: str,
    *,
    student_name: str,
    stamp: dt.datetime | None = None,
) -> str:
    """A term's weekly meetings as iCalendar text: one event per meeting time, repeating every week
    until the term's last day. Times are the school's local (floating) times. Self-paced items have
    no meeting times and are not in the file. ``stamp``: the DTSTAMP (now, in UTC, by default)."""
    terms = {t.id: t for t in catalog.calendar.terms} if catalog.calendar else {}
    if term_id not in terms:
        raise ValueError(f"term {term_id!r} is not in the calendar")
    term = terms[term_id]
    opportunities = catalog.opportunity_map()
    stamp = stamp or dt.datetime.now(dt.UTC)
    cal = ICalendar()
    cal.add("prodid", "-//Pathways//Learning plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{student_name}: {term_name(term)}")
    for item in running_items(plan, term_id):
        opp = opportunities.get(item.opportunity)
        for block in item.meetings:
            day = first_meeting_day(term, block.day.index)
            if day > term.end:
                continue
            start = dt.datetime.combine(day, dt.time(block.start // 60, block.start % 60))
            end = start + dt.timedelta(minutes=block.end - block.start)
            event = Event()
            event.add(
                "uid", f"{plan.student}-{term_id}-{item.opportunity}-{block.day}-{block.start}@pathways"
            )
            event.add("dtstamp", stamp)
            event.add("summary", item_title(item, catalog))
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("rrule", vRecur(freq="WEEKLY", until=dt.datetime.combine(term.end, END_OF_DAY)))
            if opp is not None and opp.location:
                event.add("location", opp.location)
            event.add(
                "description",
                _("{kind}; counts toward {what}").format(
                    kind=kind_name(item.kind), what=counts_toward(item, catalog)
                ),
            )
            cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def slug(text: str) -> str:
    """'Sofía Herrera, Spring 2027' -> 'sofia-herrera-spring-2027' (safe in any file system; python-slugify
    transliterates, so 'Łukasz' keeps its L; an apostrophe joins: "D'Andre" -> 'dandre')."""
    return slugify(text, replacements=[["'", ""], ["’", ""]])


def ics_filename(student_name: str, term: Term) -> str:
    return f"{slug(student_name)}-{slug(term.name)}.ics"


def pdf_filename(student_name: str) -> str:
    return f"{slug(student_name)}-learning-plan.pdf"
