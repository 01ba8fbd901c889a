"""An upload is kept under a name we make: a browser-sent name such as `..` never points at the folder
or outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.uploads import shown_name, upload_path


@pytest.mark.parametrize(
    ("sent", "stored", "shown"),
    [
        ("..", "upload", "the upload"),
        (".", "upload", "the upload"),
        ("", "upload", "the upload"),
        ("../../etc/passwd", "upload", "passwd"),
        ("..\\..\\students.JSON", "upload.json", "students.JSON"),
        ("opportunities.csv", "upload.csv", "opportunities.csv"),
    ],
)
def test_an_upload_is_stored_under_a_name_we_make(tmp_path, sent, stored, shown):
    path = upload_path(tmp_path, sent)
    assert (path, shown_name(sent)) == (tmp_path / stored, shown)
    path.write_text("[]", encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [stored]
    assert path.is_file() and path.parent == tmp_path


def test_the_stored_name_is_a_file_inside_the_folder_whatever_was_sent(tmp_path):
    for sent in ["..", ".", "", "/", "//", "a/", "../x/..", "\\", "..json"]:
        path = upload_path(tmp_path, sent)
        assert path.parent == tmp_path and path.name.startswith("upload") and path.name not in ("", ".", "..")
        assert Path(str(path)).resolve().parent == tmp_path.resolve()
