"""The catalog browser: search and filter opportunities and competencies, see details."""

from __future__ import annotations

import streamlit as st

from catalog import browse
from core.schema import Catalog, Opportunity, OpportunityKind
from ui.resources import load_catalog, search_by_meaning
from ui.safe_text import md, md_escape


def describe_prerequisites(opportunity: Opportunity, catalog: Catalog) -> list[str]:
    """Each prerequisite group as a sentence: 'one of: Biology, or proficiency in HS-LS1-1'."""
    titles = {o.id: o.title for o in catalog.opportunities}
    labels = {c.id: c.label for c in catalog.competencies}
    lines = []
    for group in opportunity.prerequisites:
        options = [titles.get(o, o) for o in group.any_of_opportunities]
        options += [f"proficiency in {labels.get(c, c)}" for c in group.any_of_competencies]
        lines.append(("one of: " if len(options) > 1 else "") + ", or ".join(options))
    return lines


def opportunity_details(opportunity: Opportunity, catalog: Catalog) -> None:
    competencies = catalog.competency_map()
    st.subheader(md_escape(opportunity.title))
    st.caption(
        md_escape(
            f"{opportunity.kind.value.replace('_', ' ')} · {opportunity.provider or 'district'} · "
            f"{opportunity.mode.value.replace('_', ' ')}"
            + (f" · {opportunity.location}" if opportunity.location else "")
        )
    )
    st.markdown(md_escape(opportunity.description or "No description."))
    left, right = st.columns(2)
    left.markdown(
        md("**Hours per week:** {:g}  \n", opportunity.hours_per_week)
        + md("**Length:** {} term(s)  \n", opportunity.length_terms)
        + md(
            "**Starts in:** {}",
            ", ".join(s.value for s in opportunity.seasons)
            + (f" (only {', '.join(opportunity.only_terms)})" if opportunity.only_terms else ""),
        )
    )
    right.markdown(
        md("**Schedule:** {}  \n", browse.schedule_text(opportunity))
        + md("**Grades:** {}-{}  \n", opportunity.min_grade, opportunity.max_grade)
        + md("**Seats:** {}  \n", "no limit" if opportunity.seats is None else str(opportunity.seats))
        + md("**Cost:** {}", "free" if not opportunity.cost else f"${opportunity.cost:,.0f}")
    )
    prerequisites = describe_prerequisites(opportunity, catalog)
    if prerequisites:
        st.markdown(md("**Before this:** {}", "; ".join(prerequisites)))
    st.markdown("**Competencies it lets a student demonstrate**")
    st.dataframe(
        [
            {
                "code": competencies[c].label,
                "subject": competencies[c].subject,
                "statement": competencies[c].statement,
            }
            for c in opportunity.competencies
            if c in competencies
        ],
        hide_index=True,
        width="stretch",
    )


# A search by meaning keeps the matcher's results scoring at least this share of the best one, and at
# least MIN_SCORE (a code such as HS-LS1-1 means nothing to the model: only its exact hits count).
SHARE_OF_BEST = 0.5
MIN_SCORE = 0.2


def with_meaning(
    catalog: Catalog,
    text: str,
    exact: list[Opportunity],
    kinds: list[OpportunityKind],
    subjects: list[str],
    modes: list[str],
    interdisciplinary: bool,
) -> list[Opportunity]:
    """The search as the matcher ranks it (the same ranking a student's interests get: "animals"
    finds the vet course and the animal shelter, not only titles containing the word), within the
    filters, then the exact hits it did not rank (codes, ids, words in a statement)."""
    allowed = {
        o.id: o for o in browse.find_opportunities(catalog, "", kinds, subjects, modes, interdisciplinary)
    }
    ranked = search_by_meaning(text)
    best = ranked[0][1] if ranked else 0.0
    close = [
        allowed[o] for o, score in ranked if o in allowed and score >= max(MIN_SCORE, SHARE_OF_BEST * best)
    ]
    shown = {o.id for o in close}
    return close + [o for o in exact if o.id not in shown]


def readable_rows(rows: list[browse.OpportunityRow]) -> list[dict[str, object]]:
    """The opportunity table as people read it: headers in words, no internal ids."""
    return [
        {name.replace("_", " "): value for name, value in row.model_dump().items() if name != "id"}
        for row in rows
    ]


def opportunities_tab(catalog: Catalog) -> None:
    subjects = sorted({c.subject for c in catalog.competencies if c.subject})
    text = st.text_input("Search opportunities", placeholder="e.g. robotics, animals, HS-LS1-1")
    c1, c2, c3 = st.columns(3)
    kinds = c1.multiselect("Kind", list(OpportunityKind), format_func=lambda k: k.value.replace("_", " "))
    chosen_subjects = c2.multiselect("Subject", subjects)
    modes = c3.multiselect(
        "Mode", ["in_person", "online", "hybrid"], format_func=lambda m: m.replace("_", " ")
    )
    interdisciplinary = st.checkbox("Only interdisciplinary (two or more subjects)")
    found = browse.find_opportunities(catalog, text, kinds, chosen_subjects, modes, interdisciplinary)
    if text.strip():
        found = with_meaning(catalog, text, found, kinds, chosen_subjects, modes, interdisciplinary)
    st.caption(
        f"{len(found)} of {len(catalog.opportunities)} opportunities"
        + (" (by meaning, the closest first; codes and exact words too)" if text.strip() else "")
    )
    st.dataframe(
        readable_rows(browse.opportunity_rows(catalog, found)),
        hide_index=True,
        width="stretch",
    )
    if found:
        by_id = {o.id: o for o in found}
        picked = st.selectbox(
            "Show details for", list(by_id), format_func=lambda o: by_id[o].title, key="catalog_opportunity"
        )
        if picked is not None:
            opportunity_details(by_id[picked], catalog)


def competencies_tab(catalog: Catalog) -> None:
    frameworks = {f.id: f.title for f in catalog.frameworks}
    text = st.text_input("Search competencies", placeholder="e.g. DNA, ratio, HS-LS1")
    c1, c2 = st.columns(2)
    subjects = c1.multiselect("Subject ", sorted({c.subject for c in catalog.competencies if c.subject}))
    chosen = c2.multiselect("Framework", list(frameworks), format_func=lambda f: frameworks[f])
    found = browse.find_competencies(catalog, text, subjects, chosen)
    st.caption(f"{len(found)} of {len(catalog.competencies)} competencies")
    st.dataframe(
        [
            {
                "code": c.label,
                "subject": c.subject,
                "statement": c.statement,
                "framework": frameworks.get(c.framework),
            }
            for c in found
        ],
        hide_index=True,
        width="stretch",
    )
    if found:
        picked = st.selectbox(
            "Where can a student demonstrate", found, format_func=lambda c: f"{c.label}: {c.statement[:80]}"
        )
        if picked is not None:
            earned = browse.earned_by(catalog, picked.id)
            if earned:
                st.dataframe(
                    readable_rows(browse.opportunity_rows(catalog, earned)),
                    hide_index=True,
                    width="stretch",
                )
            else:
                st.warning(md("No opportunity in the catalog earns {} yet.", picked.label))


def render() -> None:
    st.title("Catalog")
    catalog = load_catalog()
    if not catalog.competencies and not catalog.opportunities:
        st.info(
            "The catalog is empty. Load a district with `pathways setup` or `pathways import district DIR`."
        )
        return
    opportunities, competencies = st.tabs(["Opportunities", "Competencies"])
    with opportunities:
        opportunities_tab(catalog)
    with competencies:
        competencies_tab(catalog)


render()
