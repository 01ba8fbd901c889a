"""A plan's saved versions on a page: the table in the browser's time zone, one version shown, and
restoring it as a new draft (through the workspace and the record service)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from planner.domain import has_plan
from records.accounts import User
from records.errors import ConflictError
from records.plans import VersionInfo
from ui.login import get_records
from ui.plan_views import timeline_table
from ui.safe_text import md, md_escape, table
from ui.workspace import Workspace, conflict_notice, may_restore, restore

VERSION_COLUMNS = ["version", "state", "saved by", "when", "what changed"]


def local_time(when: dt.datetime, zone: str | None) -> str:
    """A stored (UTC) time in the reader's time zone when the browser names it, else in UTC:
    "2026-11-03 11:45 EST"."""
    try:
        tz: dt.tzinfo = ZoneInfo(zone) if zone else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    local = when.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def browser_zone() -> str | None:
    """The time zone the browser reports (None when it does not, e.g. in headless tests)."""
    return st.context.timezone


def version_rows(history: list[VersionInfo], zone: str | None) -> list[dict[str, object]]:
    """One row per stored version, as the history gives them (newest first)."""
    return [
        {
            "version": v.version,
            "state": v.state.value,
            "saved by": f"{v.author_name} ({v.author_role})",
            "when": local_time(v.saved_at, zone),
            "what changed": v.summary,
        }
        for v in history
    ]


def version_label(v: VersionInfo, zone: str | None) -> str:
    return f"Version {v.version} · {v.state.value} · {v.author_name}, {local_time(v.saved_at, zone)}"


def version_history(user: User, ws: Workspace, key: str) -> Workspace | None:
    """Every stored version as a table, newest first; pick one to see its plan, and restore it when the
    user may edit the plan. Returns the workspace after a restore (the page reruns), else None."""
    records = get_records()
    history = records.history(user, ws.student_id)
    if not history:
        st.info("No saved versions yet.")
        return None
    zone = browser_zone()
    table(pd.DataFrame(version_rows(history, zone), columns=VERSION_COLUMNS), hide_index=True)
    infos = {v.version: v for v in history}
    picked = st.selectbox(
        "Version to look at",
        list(infos),
        format_func=lambda n: version_label(infos[n], zone),
        index=None,
        placeholder="Choose a version",
        key=f"{key}-version",
    )
    if picked is None:
        return None
    shown = records.plan_version(user, ws.student_id, picked)
    st.caption(md("The plan of version {} ({}):", picked, shown.summary))
    if has_plan(shown.plan):
        table(timeline_table(shown.plan), hide_index=True)
    else:
        st.warning(
            md_escape(shown.plan.message or f"Version {picked} has no plan: {shown.plan.status.value}.")
        )
    if not may_restore(user, ws.student_id):
        return None
    if picked == ws.version:
        st.caption("This is the version on this page.")
        return None
    if ws.unsaved:
        st.caption("Restoring replaces the unsaved changes on this page.")
    if st.button("Restore this version", key=f"{key}-restore"):
        try:
            return restore(user, ws, picked)
        except ConflictError as exc:
            conflict_notice(user, ws, exc, key=f"{key}-reload")
    return None
