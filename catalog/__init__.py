"""The district's catalog: importers (CASE packages and district files), browsing, O*NET occupations and
subject words. Builds on core/; knows nothing of the matcher, the planner or the UI."""
