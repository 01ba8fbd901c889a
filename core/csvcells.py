"""CSV that a spreadsheet will not run: every CSV the product writes goes through ``write_csv``, and
every CSV it reads gives its cells back through ``restore``.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (``=cmd|' /C calc'!A0`` runs a program). As OWASP advises, such
a cell is written with a leading apostrophe, which a spreadsheet shows as text and hides. So that
reading the file back gives the original text, a text that already starts with an apostrophe followed
by one of those characters or by another apostrophe gets one more; any other apostrophe is left alone
("'Tis" is written and read as it is). Numbers are not text cells: a value given as a number (``-3``)
is written as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
MARK = "'"
_MARKED = tuple(MARK + start for start in (*FORMULA_STARTS, MARK))
"""Texts that already start the way a neutralized cell does: they get a mark of their own."""

Cell = str | int | float | bool | None


def neutralize(text: str) -> str:
    """A text as a CSV cell no spreadsheet runs (see the module's docstring)."""
    if text.startswith(FORMULA_STARTS) or text.startswith(_MARKED):
        return MARK + text
    return text


def restore(cell: str) -> str:
    """The text a cell written by ``neutralize`` stands for: ``restore(neutralize(t)) == t``."""
    if cell.startswith(MARK) and neutralize(cell[1:]) != cell[1:]:
        return cell[1:]
    return cell


def write_csv(path: Path, columns: list[str], rows: Iterable[Mapping[str, Cell]]) -> None:
    """A UTF-8 CSV file with a header row; text cells neutralized, numbers written as they are."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralize(v) if isinstance(v, str) else v for k, v in row.items()})
