"""District cohort planning: every selected student planned in one run, with shared seats, the demand
the district sees, students off track, and what-ifs (see docs/cohort.md)."""
