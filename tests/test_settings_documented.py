"""Every setting is documented in the README, under its environment variable name."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`PATHWAYS_{name.upper()}`" not in text]
    assert missing == []


def test_settings_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PATHWAYS_DB", str(tmp_path / "x.duckdb"))
    monkeypatch.setenv("PATHWAYS_SOLVER_TIME_LIMIT", "2.5")
    settings = Settings()
    assert (settings.db, settings.solver_time_limit) == (tmp_path / "x.duckdb", 2.5)
