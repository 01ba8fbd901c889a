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

import json
from collections.abc import Callable, Mapping
from functools import cache
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


def canonical_nquads(document: dict[str, Any], loader: Loader) -> str:
    """The document's RDF dataset canonicalized (RDFC-1.0, which pyld calls URDNA2015) as N-Quads.
    ``safe`` mode: a term no context defines is an error, not silently dropped from what is signed."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": loader,
        "safe": True,
    }
    return str(jsonld.normalize(document, options))
