"""A learned intent layer: a logistic regression over the clause's sentence embedding.

The exemplar similarity in ``intents.py`` compares a clause with a dozen phrases per intent; this
classifier was trained on every exemplar *and* on the clauses of the development sets (never a held-out
set), so it has seen several hundred ways of saying each intent. Its probability is added to the
exemplar score with a fixed weight (``PROBABILITY_WEIGHT`` in ``intents.py``), chosen by leaving one
development set out at a time (docs/chat-nlu.md).

At run time the chat only *loads* the weights shipped in ``data/chat/intent_model.npz``: it never reads
an evaluation file (``data/eval/``). The file carries two fingerprints: ``source``, the digest of
everything it was trained on (exemplars, word lists, dev sets, model), which a test recomputes; and
``fingerprint``, the part the chat can check without the dev sets (exemplars, word lists, model). When
the fingerprint differs the chat logs that the weights are stale and still uses them; rebuild them with
``make chat-model`` (``python -m chat.intent_training``). The weights are plain arrays (no pickle).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.settings import PROJECT_ROOT
from language.words import WORDS_PATH

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from chat.intents import Lexicon

log = logging.getLogger(__name__)

MODEL_FILE = PROJECT_ROOT / "data" / "chat" / "intent_model.npz"
INVERSE_REGULARIZATION = 100.0
"""scikit-learn's C: weak regularization did best when one dev set at a time was left out (1, 10, 100 tried)."""


class IntentModel:
    """``probabilities(vectors)[i, k]``: the chance that clause i has intent ``intents[k]`` (a softmax)."""

    def __init__(
        self,
        intents: list[str],
        weights: np.ndarray,
        bias: np.ndarray,
        source: str = "",
        fingerprint: str = "",
    ) -> None:
        self.intents = intents
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.source = source
        self.fingerprint = fingerprint

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.weights.T + self.bias
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))

    def save(self, path: Path) -> None:
        np.savez(path, intents=np.asarray(self.intents), weights=self.weights, bias=self.bias,
                 source=np.asarray(self.source), fingerprint=np.asarray(self.fingerprint))  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            fingerprint = str(data["fingerprint"]) if "fingerprint" in data else ""
            return cls(
                [str(i) for i in data["intents"]],
                data["weights"],
                data["bias"],
                str(data["source"]),
                fingerprint,
            )


def fingerprint(lexicon: Lexicon, model_name: str) -> str:
    """What the weights depend on that ships with the product: the lexicon, the word lists and the model."""
    h = hashlib.sha256(f"{model_name}|{INVERSE_REGULARIZATION}|{lexicon.model_dump_json()}".encode())
    h.update(WORDS_PATH.read_bytes())
    return h.hexdigest()


def load(
    model: SentenceTransformer, lexicon: Lexicon, intents: list[str], path: Path = MODEL_FILE
) -> IntentModel:
    """The shipped weights. Stale weights (the lexicon, word lists or model changed since training) are
    used with a warning; weights for other intents, or no file, are an error naming the file."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: the learned intent weights are missing; run `make chat-model`")
    stored = IntentModel.load(path)
    if stored.intents != intents:
        raise ValueError(
            f"{path}: trained for the intents {', '.join(stored.intents)}, not {', '.join(intents)}; "
            "run `make chat-model`"
        )
    if stored.fingerprint != fingerprint(lexicon, model_name(model)):
        log.warning("%s is stale (exemplars, word lists or model changed): run `make chat-model`", path.name)
    return stored


def model_name(model: SentenceTransformer) -> str:
    """The embedding model's name, part of the fingerprint (other vectors need other weights)."""
    card = getattr(model, "model_card_data", None)
    return str(getattr(card, "base_model", None) or getattr(card, "model_id", None) or type(model).__name__)
