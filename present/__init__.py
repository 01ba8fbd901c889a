"""Readings of a plan for people: plain-language wording for families, what changed between two plans,
and the files a family takes home (PDF, iCalendar). Reads planner/ and core/, never the UI."""
