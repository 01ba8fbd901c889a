"""Sentences the program writes now and a person reads later, in the reader's language.

The solver explains itself when it plans (why a pathway step is missing, why no plan exists), but the
plan is read later, by a family in Spanish or a student in English. So such a sentence is kept as a
``Phrase``: its English message (a catalog message id, marked ``N_`` where it is made) and its
parameters. ``render`` writes it in the current language (``core.i18n``) when it is shown; the
English text the plan also keeps (``PlanResult.message``, ``StepProgress.why_not``) is the same
rendering in English (``in_english``), so each sentence has one wording, one place.

A parameter is another phrase, a ``Listing`` of parameters ('a, b and c'), a ``Ref`` to one of the
district's things (a term, an opportunity, a competency, a subject, a day: named at display time in
the reader's language by the ``Namer`` the page gives, else by the English name kept in the ref), a
number (written the language's way) or a string (the student's own words, shown as written).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.i18n import N_, _, join, number, use_language

RefKind = Literal["term", "opportunity", "competency", "subject", "day", "pace"]

SEPARATORS = {"; ": "; ", " ": " ", ", or ": N_(", or "), " or ": N_(" or ")}
"""Separators of a listing other than the language's own lists ('and', 'or'): the sentences of a
message, the details of a reason, and alternatives said one after another."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def __hash__(self) -> int:  # equal phrases are one reason (planner/explain.py counts them)
        return hash(self.model_dump_json())


class Ref(_Model):
    """One of the district's things: what it is, its id, and its English name when the phrase was made."""

    ref: RefKind
    id: str
    name: str

    @classmethod
    def to(cls, ref: RefKind, id: str, name: str) -> Ref:
        """The reference, unchecked (see ``Phrase.of``)."""
        return cls.model_construct(ref=ref, id=id, name=name)


class Listing(_Model):
    """Several parameters said together: 'a, b and c' (``and``), 'a, b or c' (``or``), or joined by
    one of ``SEPARATORS``; ``quoted`` puts each between quotation marks."""

    items: list[Arg]
    sep: Literal["and", "or", "; ", " ", ", or ", " or "] = "and"
    quoted: bool = False


class Phrase(_Model):
    """A message (English, with named placeholders) and its parameters."""

    message: str = Field(description="The English message: the catalog's message id.")
    args: dict[str, Arg] = Field(default_factory=dict)
    capital: bool = Field(default=False, description="Start with a capital letter (a sentence's start).")

    @classmethod
    def of(cls, message: str, **args: Arg) -> Phrase:
        """The phrase, unchecked: the solver makes many (a reason per start it rules out) from typed values."""
        return cls.model_construct(message=message, args=args, capital=False)


Arg = Phrase | Ref | Listing | int | float | str
Namer = Callable[[Ref], str | None]
"""A thing's name in the reader's language (None: not known here, the ref's English name is shown)."""

Listing.model_rebuild()
Phrase.model_rebuild()


def render(arg: Arg, name: Namer | None = None) -> str:
    """The phrase (or parameter) in the current language."""
    if isinstance(arg, Phrase):
        text = _(arg.message).format(**{key: render(value, name) for key, value in arg.args.items()})
        return text[:1].upper() + text[1:] if arg.capital else text
    if isinstance(arg, Ref):
        return (name(arg) if name is not None else None) or arg.name
    if isinstance(arg, Listing):
        parts = [render(item, name) for item in arg.items]
        parts = [f'"{p}"' if arg.quoted else p for p in parts]
        if arg.sep in ("and", "or"):
            return join(parts, arg.sep)
        return _(SEPARATORS[arg.sep]).join(parts)
    if isinstance(arg, bool):
        return str(arg)
    if isinstance(arg, int | float):
        return number(arg)
    return arg


def in_english(arg: Arg) -> str:
    """The phrase in English, with the names it was made with (what the plan keeps as text)."""
    with use_language(None):
        return render(arg)
