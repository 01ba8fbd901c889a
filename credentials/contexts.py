"""The JSON-LD contexts our credentials use, bundled in credentials/data/contexts, and a document loader
that serves only those: canonicalization never goes to the network, and a credential naming a context
we do not hold is refused by name.

| URL | file | from |
|---|---|---|
| https://www.w3.org/ns/credentials/v2 | credentials-v2.json | W3C vc-data-model, contexts/credentials/v2 |
| https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json | ob-context-3.0.3.json | 1EdTech openbadges-specification, ob_v3p0/context-3.0.3.json |
| https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json | clr-context-2.0.1.json | rebuilt term by term; reproduces the CLR 2.0 test vector |

See credentials/data/README.md for attribution and how each was checked.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyld import jsonld

DATA = Path(__file__).resolve().parent / "data"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

BUNDLED = {
    VC_V2: "credentials-v2.json",
    OB_V3: "ob-context-3.0.3.json",
    CLR_V2: "clr-context-2.0.1.json",
}

Loader = Callable[[str, Any], dict[str, Any]]


class UnknownContextError(Exception):
    """A credential names a JSON-LD context that is not bundled (we never fetch one)."""


@cache
def bundled_context(url: str) -> dict[str, Any]:
    return json.loads((DATA / "contexts" / BUNDLED[url]).read_text(encoding="utf-8"))


def offline_loader(extra: Mapping[str, dict[str, Any]] | None = None) -> Loader:
    """A pyld document loader over the bundled contexts (and ``extra`` ones, for tests); any other
    URL raises ``UnknownContextError`` instead of being fetched."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if extra and url in extra:
            return {"contextUrl": None, "documentUrl": url, "document": extra[url]}
        if url in BUNDLED:
            # 'static': pyld keeps the processed context for the process (it never changes), which
            # makes canonicalization several times faster; test-only extras are not kept.
            return {"contextUrl": None, "documentUrl": url, "document": bundled_context(url), "tag": "static"}
        raise UnknownContextError(f"the JSON-LD context {url} is not bundled (it is never fetched)")

    return load


OFFLINE = offline_loader()
"""The loader of the bundled contexts alone (one object, so results keyed by it can be cached)."""


MAX_KEPT_CONTEXTS = 4096
"""How many processed contexts a processor keeps (a few hundred for our credentials; the bound only
guards against documents that each bring their own inline context)."""


class KeepingProcessor(jsonld.JsonLdProcessor):
    """pyld's JSON-LD processor, keeping each processed context for the next document.

    pyld keeps a processed context per active context, but processing a type-scoped context (every
    Open Badges type has one, and they do not propagate) first makes a fresh copy of the active
    context, so that kept result is never found again: every node of every credential had its type's
    context processed anew, some 80% of canonicalizing a CLR. Processed contexts are immutable
    (pyld freezes them) and depend only on the active context (its ``_uuid``, unique per context),
    the local context and the processing options, so the result for one such key is kept and given
    back. Canonicalization itself is pyld's, unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[Any, ...], tuple[object, object, Any]] = {}

    def _process_context(  # type: ignore[override]
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set[str] | None = None,
    ) -> Any:
        uid = active_ctx.get("_uuid")
        if uid is None or cycles:  # a context being built, or a nested check of one: not kept
            return super()._process_context(
                active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
            )
        ident = _context_key(local_ctx)
        key = (
            uid,
            ident,
            override_protected,
            propagate,
            validate_scoped,
            options.get("base", ""),
            options.get("processingMode"),
            bool(options.get("safe")),
        )
        found = self.kept.get(key)
        if found is not None and (
            not isinstance(ident, int) or (found[0] is local_ctx and found[1] == local_ctx)
        ):
            return found[2]
        result = super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
        )
        if type(result) is not dict:  # frozen by pyld (a plain dict is a copy still to be changed)
            if len(self.kept) >= MAX_KEPT_CONTEXTS:
                self.kept.clear()
            snapshot = copy.deepcopy(local_ctx) if isinstance(ident, int) else None
            self.kept[key] = (local_ctx, snapshot, result)
        return result


def _context_key(local_ctx: Any) -> str | tuple[str, ...] | int:
    """A local context as part of a key: URLs by value, an inline context by identity, its ``id`` (the
    kept entry holds the object, so the id is not reused while kept, and a copy of it: a hit checks
    it is the same object, unchanged)."""
    if isinstance(local_ctx, str):
        return local_ctx
    if isinstance(local_ctx, list) and all(isinstance(c, str) for c in local_ctx):
        return tuple(local_ctx)
    return id(local_ctx)


@lru_cache(maxsize=8)
def keeping_processor(loader: Loader) -> KeepingProcessor:
    """One processor per document loader, so what it keeps was loaded by that loader."""
    return KeepingProcessor()


def canonical_nquads(document: dict[str, Any], loader: Loader) -> str:
    """The document's RDF dataset canonicalized (RDFC-1.0, which pyld calls URDNA2015) as N-Quads.
    ``safe`` mode: a term no context defines is an error, not silently dropped from what is signed."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader,
        "safe": True,
    }
    return str(keeping_processor(loader).normalize(document, options))
