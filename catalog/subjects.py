"""Our subject vocabulary, and which subject a framework title or a CASE subject names.

The words and phrases live in data/subject_words.json (data, not code).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from core.settings import DEFAULT_DATA_DIR

SUBJECT_WORDS_FILE = DEFAULT_DATA_DIR / "subject_words.json"

SHORT_WORD = 3
"""Subject words this short are initialisms and are written in capitals: 'cte' -> 'CTE'."""


def subject_label(subject: str) -> str:
    """'social_studies' -> 'Social studies', 'health_pe' -> 'Health PE', '' -> 'Other'."""
    if not subject:
        return "Other"
    words = [w.upper() if len(w) <= SHORT_WORD else w for w in subject.split("_")]
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


PROPER_SUBJECTS = frozenset({"english"})
"""Subjects that are proper nouns, capitalised inside a sentence too."""


def subject_in_sentence(subject: str) -> str:
    """The subject inside a sentence: 'science', 'social studies', 'CTE', 'health PE', 'English'."""
    label = subject_label(subject)
    if label.split()[0].isupper() or subject.split("_")[0] in PROPER_SUBJECTS:
        return label
    return label[:1].lower() + label[1:]


@lru_cache(maxsize=1)
def subject_words() -> dict[str, str]:
    """Each phrase (lower case) to the subject it names."""
    data = json.loads(SUBJECT_WORDS_FILE.read_text(encoding="utf-8"))
    return {phrase: subject for subject, phrases in data["subjects"].items() for phrase in phrases}


def infer_subject(text: str) -> str:
    """The one subject that the words of ``text`` name, or "" (none, or several).

    The longest phrase wins: "computer science" is cte, "english language arts" is english.
    """
    words_to_subject = subject_words()
    longest = max(len(phrase.split()) for phrase in words_to_subject)
    words = re.findall(r"[a-z]+", text.lower())
    found: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            subject = words_to_subject.get(" ".join(words[i : i + n]))
            if subject:
                found.add(subject)
                i += n
                break
        else:
            i += 1
    return found.pop() if len(found) == 1 else ""
