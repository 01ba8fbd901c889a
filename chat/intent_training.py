"""Training the learned intent layer (``chat/intent_model.py``): a build step, never run by the chat.

    make chat-model              # python -m chat.intent_training: rewrites data/chat/intent_model.npz

The classifier is trained on every exemplar and on the clauses of the development sets in
``TRAINING_SETS``. The held-out sets (``HELDOUT_SETS``) are never trained on (tested). The weights are
stored with ``source``, the digest of everything they were trained on, which a test recomputes, so a
changed exemplar, word list or dev message fails the test until the weights are rebuilt. scikit-learn is
needed only here.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from chat.intent_model import INVERSE_REGULARIZATION, MODEL_FILE, IntentModel, fingerprint, model_name
from core.settings import PROJECT_ROOT
from matcher.embeddings import encode

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from chat.intents import Lexicon

EVAL_DIR = PROJECT_ROOT / "data" / "eval"
TRAINING_SETS = ("chat_eval.json", "chat_dev2.json", "chat_dev3.json")
"""Development sets whose clauses train the classifier."""
HELDOUT_SETS = ("chat_heldout.json", "chat_heldout2.json")
"""Never trained on: the first held-out set (a development set since session 5, still kept out of
training) and the held-out set of session 5."""

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
    """Everything the weights were trained on: the shipped fingerprint and the training sets."""
    h = hashlib.sha256(fingerprint(lexicon, model_name).encode())
    for name in TRAINING_SETS if sets is None else sets:
        h.update((EVAL_DIR / name).read_bytes())
    return h.hexdigest()


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
    name = model_name(model)
    return IntentModel(
        intents, trained.weights, trained.bias, digest(lexicon, name), fingerprint(lexicon, name)
    )


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
