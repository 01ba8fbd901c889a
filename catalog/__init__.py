"""The catalog: schema, DuckDB store, importers and the semantic matcher. Knows nothing of planner/."""
