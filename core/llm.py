"""One request to an OpenAI-compatible chat-completions endpoint (a district's own server), for the
optional features that use one: the chat's rephrasing (chat/llm.py) and the machine translation of a
district's own text (present/machine_translation.py). Both are off by default and keep the product's
own text on any failure, so this raises and never logs the text it was given."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlparse

ANSWER_ERRORS = (OSError, ValueError, KeyError, IndexError, TypeError)
"""What ``chat_completion`` raises when there is no usable answer (no connection, an HTTP error, a
timeout, an answer that is not the expected JSON)."""


def completions_endpoint(url: str) -> str | None:
    """``{url}/chat/completions`` for an http(s) base address (``http://127.0.0.1:8000/v1``), else None."""
    url = url.strip()
    if not url or urlparse(url).scheme not in ("http", "https"):
        return None
    return url.rstrip("/") + "/chat/completions"


def chat_completion(endpoint: str, model: str, timeout: float, system: str, user: str) -> str:
    """The endpoint's answer to ``user`` under the ``system`` instruction, at temperature 0."""
    body = {
        "model": model,
        "temperature": 0,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
    }
    request = urllib.request.Request(
        endpoint,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        payload = json.loads(response.read().decode("utf-8"))
    content = payload["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise TypeError("the answer has no text")
    return content.strip()
