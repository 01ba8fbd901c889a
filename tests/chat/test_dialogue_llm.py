"""The optional rephrasing endpoint, against a fake OpenAI-compatible server on 127.0.0.1, and the
`pathways chat` command, scripted through standard input."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from test_dialogue_world import plain_engine, sam, shared_nlu, starts, world
from typer.testing import CliRunner

from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from chat.llm import Rephraser
from core.settings import Settings
from core.store import Store
from pathways.cli import app

PROMPT = "Say it nicely."
NAMES = ["Biology", "Chemistry", "Fall 2026"]
REPLY = "Biology (Fall 2026) is in your plan because it earns BIO-1 in 4 hours a week."


class FakeLLM(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions the way the test sets in ``mode``; remembers what it was sent."""

    mode: ClassVar[str] = "friendly"
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeLLM.received.append({"path": self.path, "body": body})
        text = body["messages"][1]["content"]
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        answers = {
            "friendly": f"Sure thing! {text}",
            "drops a name": "Your plan has a science course in it.",
            "adds a name": f"{text} You should also take Chemistry.",
            "changes a number": text.replace("4 hours", "5 hours"),
        }
        payload = (
            b"not json"
            if self.mode == "garbage"
            else json.dumps(
                {"choices": [{"message": {"role": "assistant", "content": answers[self.mode]}}]}
            ).encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the server prints nothing."""


@pytest.fixture
def server() -> Iterator[str]:
    FakeLLM.mode, FakeLLM.received = "friendly", []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def rephraser(url: str) -> Rephraser:
    settings = Settings(llm_url=url, llm_model="district-model", llm_timeout=5)
    made = Rephraser.from_settings(settings, PROMPT, NAMES)
    assert made is not None
    return made


def test_off_by_default() -> None:
    assert Settings().llm_url == ""
    assert Rephraser.from_settings(Settings(), PROMPT, NAMES) is None
    assert plain_engine().rephraser is None


def test_a_friendly_rephrasing_is_used_and_the_request_is_openai_shaped(server: str) -> None:
    assert rephraser(server).rephrase(REPLY) == f"Sure thing! {REPLY}"
    (sent,) = FakeLLM.received
    assert sent["path"] == "/v1/chat/completions"
    assert sent["body"] == {
        "model": "district-model",
        "temperature": 0,
        "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": REPLY}],
    }


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("drops a name", "RephraseError: the answer drops a catalog name"),
        ("adds a name", "RephraseError: the answer names something the reply did not"),
        ("changes a number", "RephraseError: the answer changes the numbers"),
        ("error", "HTTPError (HTTP 500)"),
        ("garbage", "JSONDecodeError"),
    ],
)
def test_any_failure_keeps_our_wording_and_logs_only_its_kind(
    server: str, mode: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    FakeLLM.mode = mode
    with caplog.at_level(logging.WARNING, logger="chat.llm"):
        assert rephraser(server).rephrase(REPLY) == REPLY
    assert [r.getMessage() for r in caplog.records] == [
        f"reply rephrasing failed, {reason}; kept our own wording"
    ]
    assert "Biology" not in caplog.text


def test_an_endpoint_that_is_down_keeps_our_wording(caplog: pytest.LogCaptureFixture) -> None:
    # A port nobody listens on: the listening socket is closed before the call.
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeLLM)
    port = httpd.server_address[1]
    httpd.server_close()
    with caplog.at_level(logging.WARNING, logger="chat.llm"):
        assert rephraser(f"http://127.0.0.1:{port}/v1").rephrase(REPLY) == REPLY
    assert caplog.records[0].getMessage().startswith("reply rephrasing failed, URLError")


def test_only_http_addresses_are_used(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="chat.llm"):
        assert Rephraser.from_settings(Settings(llm_url="file:///etc/passwd"), PROMPT, NAMES) is None
    assert "not an http(s) address" in caplog.text


def test_the_chat_replies_through_the_endpoint(server: str) -> None:
    settings = Settings(solver_workers=1, llm_url=server, llm_model="district-model")
    engine = ChatEngine(world(), shared_nlu(), settings=settings)
    session = ChatSession.start(engine, sam())
    session.opening()
    reply = session.reply("why is Chemistry in my plan?")
    assert reply.text == f"Sure thing! {session.state.plan.item('SCI-CHEM').why}"  # type: ignore[union-attr]


# --- pathways chat -------------------------------------------------------------------------------


@pytest.fixture
def world_db(isolated_db: Path) -> Path:
    """The test world and Sam in the database that PATHWAYS_DB names."""
    catalog = world()
    store = Store.open(isolated_db)
    with store.transaction() as cur:
        store.put_frameworks(cur, catalog.frameworks)
        store.put_competencies(cur, catalog.competencies)
        store.put_opportunities(cur, catalog.opportunities)
        store.put_requirement_sets(cur, catalog.requirement_sets)
        assert catalog.calendar is not None
        store.put_calendar(cur, catalog.calendar)
        store.put_students(cur, [sam()])
    store.close()
    return isolated_db


def test_pathways_chat_reads_messages_line_by_line(world_db: Path, cli_as) -> None:
    result = CliRunner().invoke(
        app,
        ["chat", "--student", "stu-sam", "--no-interests", *cli_as()],
        input="I can't do Tuesdays\nundo\n",
    )
    assert result.exit_code == 0, result.output
    replies = result.output.split("\n\n")
    assert replies[0].startswith("Hi Sam!\nHere is what I know about you:")
    assert replies[1].startswith(
        "Got it: you're busy on Tuesdays.\nWhat changed:\n"
        "Added Biology Online (Fall 2026) and Algebra II Online (Spring 2027)."
    )
    assert replies[2].startswith("Undone (you're busy on Tuesdays).")


def test_pathways_chat_json_lines(world_db: Path, cli_as) -> None:
    result = CliRunner().invoke(
        app,
        ["chat", "--student", "stu-sam", "--no-interests", "--json", "--with-plan", *cli_as()],
        input="undo\n",
    )
    assert result.exit_code == 0, result.output
    opening, undone = (json.loads(line) for line in result.output.splitlines())
    assert starts(ChatSession.start(plain_engine(), sam()).opening().plan) == {
        i["opportunity"]: i["start_term"] for t in opening["plan"]["terms"] for i in t["items"]
    }
    # Undo right after the opening keeps the first plan: it is where the conversation starts.
    assert (undone["plan"], undone["text"]) == (opening["plan"], "There's nothing to undo yet.")


def test_pathways_chat_unknown_student(world_db: Path, cli_as) -> None:
    result = CliRunner().invoke(app, ["chat", "--student", "stu-nobody", *cli_as()], input="")
    assert result.exit_code == 1
    assert "stu-nobody" in result.output
