"""Errors for bad input: each names the file, the place in it, the field and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (file, location such as 'row 12' or 'CFItems[3]'),
    which field, and what is wrong, in words a district staff member understands."""

    file: str
    location: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.location) if part)
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}" if where else what


@dataclass
class InputError(Exception):
    """Raised when an input cannot be imported. Nothing has been written when it is raised."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        head = self.problems[:20]
        lines = [str(p) for p in head]
        if len(self.problems) > len(head):
            lines.append(f"... and {len(self.problems) - len(head)} more problems")
        return "\n".join(lines)


class NotFoundError(LookupError):
    """An id that the store does not hold."""
