"""A learned intent layer: a logistic regression over the clause's sentence embedding.

The exemplar similarity in ``intents.py`` compares a clause with a dozen phrases per intent; this
classifier is trained on every exemplar *and* on the clauses of the development sets in
``TRAINING_SETS`` (never the held-out set), so it has seen several hundred ways of saying each intent.
Its probability is added to the exemplar score with a fixed weight (``PROBABILITY_WEIGHT`` in
``intents.py``), chosen by leaving one development set out at a time (docs/chat-nlu.md).

Training encodes about a thousand clauses, so the weights are kept in ``data/chat/intent_model.npz``
with a digest of everything they were trained on. When the digest differs (an exemplar, a word list or
a dev message changed), the NLU trains in memory and logs that the file is stale; rebuild it with
``python -m chat.intent_model``. The weights are plain arrays (no pickle); scikit-learn is needed only
to train.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.settings import PROJECT_ROOT
from language.words import WORDS_PATH
from matcher.embeddings import encode

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from chat.intents import Lexicon

log = logging.getLogger(__name__)

MODEL_FILE = PROJECT_ROOT / "data" / "chat" / "intent_model.npz"
EVAL_DIR = PROJECT_ROOT / "data" / "eval"
TRAINING_SETS = ("chat_eval.json", "chat_dev2.json", "chat_dev3.json")
"""Development sets whose clauses train the classifier. The held-out set is never one of them."""
INVERSE_REGULARIZATION = 100.0
"""scikit-learn's C: weak regularization did best when one dev set at a time was left out (1, 10, 100 tried)."""

Splitter = Callable[[str], list[str]]
"""A message to its clauses, as the NLU reads them."""


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


def training_examples(
    lexicon: Lexicon, split: Splitter, sets: tuple[str, ...] | None = None
) -> list[Example]:
    """The exemplars, and each dev message's clauses when they pair one to one with its expected intents
    (in order); messages whose clauses do not pair up are left out rather than guessed."""
    examples = [
        Example(text=e.lower(), intent=intent.value)
        for intent, spec in lexicon.intents.items()
        for e in spec.exemplars
    ]
    for name in TRAINING_SETS if sets is None else sets:
        spec = json.loads((EVAL_DIR / name).read_text(encoding="utf-8"))
        for item in spec["items"]:
            clauses = split(item["text"])
            wanted = [want["intent"] for want in item["expect"]]
            if len(clauses) == len(wanted):
                examples += [Example(text=c, intent=w) for c, w in zip(clauses, wanted, strict=True)]
    return examples


def digest(lexicon: Lexicon, model_name: str, sets: tuple[str, ...] | None = None) -> str:
    """What the weights depend on: the lexicon, the word lists, the training sets and the embedding model."""
    h = hashlib.sha256(f"{model_name}|{INVERSE_REGULARIZATION}|{lexicon.model_dump_json()}".encode())
    for path in [WORDS_PATH, *(EVAL_DIR / name for name in (TRAINING_SETS if sets is None else sets))]:
        h.update(path.read_bytes())
    return h.hexdigest()


class IntentModel:
    """``probabilities(vectors)[i, k]``: the chance that clause i has intent ``intents[k]`` (a softmax)."""

    def __init__(self, intents: list[str], weights: np.ndarray, bias: np.ndarray, source: str = "") -> None:
        self.intents = intents
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.source = source

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.weights.T + self.bias
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))

    def save(self, path: Path) -> None:
        np.savez(path, intents=np.asarray(self.intents), weights=self.weights, bias=self.bias,
                 source=np.asarray(self.source))  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            return cls([str(i) for i in data["intents"]], data["weights"], data["bias"], str(data["source"]))


def fit(vectors: np.ndarray, labels: list[str], intents: list[str]) -> IntentModel:
    """A multinomial logistic regression (scikit-learn, L-BFGS; deterministic), as plain arrays in
    ``intents`` order (an intent with no example gets a bias that never wins)."""
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=INVERSE_REGULARIZATION, max_iter=5000).fit(vectors, labels)
    classes = [str(c) for c in fitted.classes_]
    coef, intercept = fitted.coef_, fitted.intercept_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: the same softmax as two halves
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
    weights = np.zeros((len(intents), vectors.shape[1]), dtype=np.float32)
    bias = np.full(len(intents), -1e4, dtype=np.float32)
    for k, name in enumerate(intents):
        if name in classes:
            weights[k], bias[k] = coef[classes.index(name)], intercept[classes.index(name)]
    return IntentModel(intents, weights, bias)


def train(model: SentenceTransformer, lexicon: Lexicon, split: Splitter, intents: list[str]) -> IntentModel:
    examples = training_examples(lexicon, split)
    vectors = encode(model, [e.text for e in examples])
    trained = fit(vectors, [e.intent for e in examples], intents)
    return IntentModel(intents, trained.weights, trained.bias, digest(lexicon, model_name(model)))


def load_or_train(
    model: SentenceTransformer, lexicon: Lexicon, split: Splitter, intents: list[str], path: Path = MODEL_FILE
) -> IntentModel:
    """The stored weights when they were trained on exactly the current files; else trained now."""
    if path.exists():
        stored = IntentModel.load(path)
        if stored.source == digest(lexicon, model_name(model)) and stored.intents == intents:
            return stored
        log.warning("%s is stale (exemplars, word lists or dev sets changed): training in memory", path.name)
    return train(model, lexicon, split, intents)


def model_name(model: SentenceTransformer) -> str:
    """The embedding model's name, part of the digest (other vectors need other weights)."""
    card = getattr(model, "model_card_data", None)
    return str(getattr(card, "base_model", None) or getattr(card, "model_id", None) or type(model).__name__)


def main() -> int:
    """Rebuild data/chat/intent_model.npz from the exemplars and the dev sets."""
    from chat.intents import Intent
    from chat.nlu import NLU
    from matcher.embeddings import load_model

    _, model = load_model()
    nlu = NLU(model, learned=False)
    trained = train(model, nlu.lexicon, nlu.training_clauses, [i.value for i in Intent])
    trained.save(MODEL_FILE)
    count = len(training_examples(nlu.lexicon, nlu.training_clauses))
    print(f"wrote {MODEL_FILE.relative_to(PROJECT_ROOT)}: {count} clauses, {len(trained.intents)} intents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
