"""One language toolkit for everything that reads what a student types (the matcher and the chat).

- ``language.text``: untrusted text made plain (``clean``), folded (lower case, no accents, stretched
  words squeezed, texting shorthand written out: ``normalize``);
- ``language.words``: the shared word lists of ``data/language/words.json`` (shorthand, school-subject
  abbreviations, stop words), how any word file is read, and the phrase ``Rewriter`` that applies a list;
- ``language.speller``: spelling correction against a vocabulary ("biolgy" -> "biology");
- ``language.stem``: the Snowball English stemmer (PyStemmer) for BM25.

Each side keeps only what is its own: the matcher its interest phrasing (``matcher/interests.py``),
the chat its intents and slots (``chat/``). Nothing here needs the model.
"""

from language.speller import Speller, english_words, general_words, model_words
from language.stem import stem_words
from language.text import clean, fold, normalize, squeeze
from language.words import Rewriter, WordLists, alternation, load_words, read_word_file

__all__ = [
    "Rewriter",
    "Speller",
    "WordLists",
    "alternation",
    "clean",
    "english_words",
    "fold",
    "general_words",
    "load_words",
    "model_words",
    "normalize",
    "read_word_file",
    "squeeze",
    "stem_words",
]
