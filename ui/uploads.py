"""Where an uploaded file is kept while it is checked and imported: under a name we make, never the
name the browser sent (``..``, ``.``, an empty name or a path would point outside the folder or at it)."""

from __future__ import annotations

from pathlib import Path

UPLOAD_SUFFIXES = (".json", ".csv")
"""The file types the upload page takes; the stored name keeps the type (the importers read it)."""


def upload_path(folder: Path, sent_name: str) -> Path:
    """The file, inside ``folder``, that holds an upload the browser called ``sent_name``."""
    suffix = Path(sent_name.replace("\\", "/")).suffix.lower()
    return folder / ("upload" + (suffix if suffix in UPLOAD_SUFFIXES else ""))


def shown_name(sent_name: str) -> str:
    """The upload's name as the page shows it in messages (its last part; "the upload" when empty)."""
    name = Path(sent_name.replace("\\", "/")).name
    return name if name not in ("", ".", "..") else "the upload"
