"""The core: settings, the pydantic schema, the DuckDB store with its migrations, and short-lived
connections to the database file. Everything else builds on it; it imports none of the other packages."""
