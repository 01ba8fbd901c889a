"""The optional machine translation of a district's own text, against a fake OpenAI-compatible server
on 127.0.0.1: off by default, labelled when on, the English (marked) on any failure."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from core.i18n import use_language
from core.schema import Opportunity
from core.settings import get_settings
from present.localized import opportunity_title
from present.machine_translation import machine_translation

LAB = Opportunity(
    id="INT-LAB",
    title="Biotech Lab Internship, 6 hours",
    kind="internship",
    competencies=["BIO-1"],
    hours_per_week=6,
    seasons=["fall"],
)


class FakeTranslator(BaseHTTPRequestHandler):
    answer: ClassVar[str | None] = "Pasantía en el laboratorio de biotecnología, 6 horas"
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        FakeTranslator.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        if self.answer is None:
            self.send_response(503)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"choices": [{"message": {"content": self.answer}}]}).encode())

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    FakeTranslator.answer = "Pasantía en el laboratorio de biotecnología, 6 horas"
    FakeTranslator.received = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeTranslator)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PATHWAYS_MT_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
    monkeypatch.setenv("PATHWAYS_MT_MODEL", "district-model")
    get_settings.cache_clear()
    machine_translation.cache_clear()
    yield "on"
    httpd.shutdown()
    httpd.server_close()
    thread.join()
    get_settings.cache_clear()
    machine_translation.cache_clear()


def test_off_by_default_the_english_is_shown_marked():
    machine_translation.cache_clear()
    with use_language("es"):
        assert opportunity_title(LAB) == "Biotech Lab Internship, 6 hours [en inglés]"


def test_a_configured_endpoint_s_translation_is_labelled_and_asked_once(endpoint):
    with use_language("es"):
        assert (
            opportunity_title(LAB)
            == "Pasantía en el laboratorio de biotecnología, 6 horas [traducción automática]"
        )
        assert (
            opportunity_title(LAB)
            == "Pasantía en el laboratorio de biotecnología, 6 horas [traducción automática]"
        )
    (sent,) = FakeTranslator.received
    assert sent["model"] == "district-model"
    assert sent["messages"][0]["content"].startswith("Translate the user's text from English into Spanish")
    assert sent["messages"][1]["content"] == "Biotech Lab Internship, 6 hours"


def test_the_district_s_own_translation_comes_first(endpoint):
    lab = LAB.model_copy(update={"translations": {"es": {"title": "Pasantía de laboratorio"}}})
    with use_language("es"):
        assert opportunity_title(lab) == "Pasantía de laboratorio"
    assert FakeTranslator.received == []


@pytest.mark.parametrize(
    "answer",
    [None, "", "Pasantía de laboratorio, 8 horas", "Pasantía " * 40],
    ids=["error", "empty", "number", "long"],
)
def test_a_failed_or_untrustworthy_answer_shows_the_english_marked(endpoint, answer, caplog):
    FakeTranslator.answer = answer
    with use_language("es"):
        assert opportunity_title(LAB) == "Biotech Lab Internship, 6 hours [en inglés]"
    assert "Biotech" not in caplog.text  # failures are logged by kind, never with the text
    assert "machine translation failed" in caplog.text
