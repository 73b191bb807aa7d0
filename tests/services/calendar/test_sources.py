"""Calendar subscriptions: files, vdir folders and https addresses, on a real vault.

The address tests run a real HTTPS server on 127.0.0.1 with a test certificate authority
(``trustme``) and record every socket connection the process makes (an audit hook), so they
show that LeadDesk connects only to the configured host, verifies certificates, sends
conditional requests and keeps the last good copy when the server is gone.
"""

from __future__ import annotations

import http.server
import logging
import ssl
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.services.calendar.sources import check_url
from tests.calendar_text import ics

WEEK = date(2026, 11, 16)
FIXTURES = Path(__file__).parents[2] / "fixtures" / "ics" / "producers"


def meeting(uid: str, day: int, title: str, more: str = "") -> str:
    return (
        f"UID:{uid}\r\nDTSTART:202611{day:02d}T090000Z\r\nDTEND:202611{day:02d}T100000Z\r\n"
        f"SUMMARY:{title}\r\n{more}"
    )


def titles(services) -> list[str]:
    return sorted(b.title for b in services.blocks.week(WEEK))


# -- files and folders -------------------------------------------------------------------------
def test_a_file_source_is_read_and_replaced_as_a_set(services, tmp_path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Sync"), meeting("b", 18, "Gone soon")))
    source = services.calendar_sources.add("file", str(path), "Work")
    services.calendar_sources.refresh(source.id)
    assert titles(services) == ["Gone soon", "Sync"]
    assert all(b.read_only for b in services.blocks.week(WEEK))
    path.write_bytes(ics(meeting("a", 17, "Sync")))
    result = services.calendar_sources.refresh(source.id)
    assert result is not None and result.removed == 1
    assert titles(services) == ["Sync"]
    assert services.calendar_sources.get(source.id).status.startswith("Read:")


def test_a_manual_import_with_the_same_uids_leaves_the_subscription_alone(
    services, tmp_path
) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Sync")))
    source = services.calendar_sources.add("file", str(path))
    services.calendar_sources.refresh(source.id)
    services.calendar.import_ics(ics(meeting("other", 19, "Manual")))
    assert titles(services) == ["Manual", "Sync"]


def test_a_vdir_folder_is_read_file_by_file(services, tmp_path) -> None:
    folder = tmp_path / "vdir"
    folder.mkdir()
    (folder / "one.ics").write_bytes(ics(meeting("1", 17, "One")))
    (folder / "two.ics").write_bytes(ics(meeting("2", 18, "Two")))
    (folder / "broken.ics").write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    (folder / "notes.txt").write_text("not a calendar")
    source = services.calendar_sources.add("folder", str(folder))
    services.calendar_sources.refresh(source.id)
    assert titles(services) == ["One", "Two"]
    (folder / "two.ics").unlink()
    services.calendar_sources.refresh(source.id)
    assert titles(services) == ["One"]


def test_removing_a_source_removes_its_meetings_only(services, tmp_path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Subscribed")))
    source = services.calendar_sources.add("file", str(path))
    services.calendar_sources.refresh(source.id)
    services.calendar.import_ics(ics(meeting("m", 18, "Imported by hand")))
    assert services.calendar_sources.remove(source.id) == 1
    assert titles(services) == ["Imported by hand"]
    assert services.calendar_sources.sources() == []


def test_declined_meetings_are_left_out(services, tmp_path) -> None:
    declined = "ATTENDEE;PARTSTAT=DECLINED;CN=Me:mailto:Dana.Lead@example.com"
    accepted = "ATTENDEE;PARTSTAT=ACCEPTED;CN=Me:mailto:dana.lead@example.com"
    path = tmp_path / "work.ics"
    path.write_bytes(
        ics(meeting("a", 17, "Declined", declined), meeting("b", 18, "Going", accepted))
    )
    source = services.calendar_sources.add("file", str(path))
    services.calendar_sources.refresh(source.id)
    assert titles(services) == ["Declined", "Going"]  # address not set yet: shown
    services.calendar_sources.set_my_addresses("dana.lead@example.com")
    services.calendar_sources.refresh(source.id)
    assert titles(services) == ["Going"]


def test_bad_sources_are_refused_with_plain_words(services, tmp_path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        services.calendar_sources.add("file", str(tmp_path / "missing.ics"))
    with pytest.raises(ValidationError, match="https"):
        services.calendar_sources.add("url", "http://calendar.example.com/secret.ics")
    with pytest.raises(ValidationError, match="https"):
        services.calendar_sources.add("url", "ftp://calendar.example.com/x.ics")
    assert check_url("webcal://calendar.example.com/a.ics").startswith("https://")
    assert check_url("http://127.0.0.1:8080/a.ics") == "http://127.0.0.1:8080/a.ics"


def test_a_vanished_file_keeps_the_meetings_and_says_so(services, tmp_path, caplog) -> None:
    path = tmp_path / "secret-project-calendar.ics"
    path.write_bytes(ics(meeting("a", 17, "Sync")))
    source = services.calendar_sources.add("file", str(path))
    services.calendar_sources.refresh(source.id)
    path.unlink()
    with caplog.at_level(logging.DEBUG):
        services.calendar_sources.refresh(source.id)
    assert titles(services) == ["Sync"]
    status = services.calendar_sources.get(source.id).status
    assert "could not be read" in status and "as of 10:00" in status
    assert "secret-project" not in status and "secret-project" not in caplog.text


# -- https addresses ---------------------------------------------------------------------------
class _Server:
    def __init__(self, context: ssl.SSLContext) -> None:
        self.body = ics(meeting("u1", 17, "From the server"))
        self.etag = '"v1"'
        self.requests: list[dict[str, str]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(dict(self.headers))
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:9/cal.ics")
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == outer.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("ETag", outer.etag)
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tls() -> Iterator[tuple[_Server, ssl.SSLContext]]:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    server = _Server(server_context)
    yield server, client_context
    server.stop()


@pytest.fixture
def connections() -> Iterator[list[tuple[str, int]]]:
    """Every socket.connect of this process while the test runs (audit hook)."""
    seen: list[tuple[str, int]] = []
    active = [True]

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect" and active[0]:
            address = args[1]
            if isinstance(address, tuple):
                seen.append((str(address[0]), int(address[1])))

    sys.addaudithook(hook)
    yield seen
    active[0] = False  # audit hooks cannot be removed; this one goes quiet


def test_an_address_is_fetched_only_from_its_host_with_conditional_requests(
    services, tls, connections
) -> None:
    server, context = tls
    url = f"https://127.0.0.1:{server.port}/calendar/secret-token.ics"
    source = services.calendar_sources.add("url", url, "Work")
    services.calendar_sources.refresh(source.id, ssl_context=context)
    assert titles(services) == ["From the server"]
    assert set(connections) == {("127.0.0.1", server.port)}
    # the second fetch is conditional: the server answers 304 and nothing changes
    services.calendar_sources.refresh(source.id, ssl_context=context)
    assert server.requests[-1].get("If-None-Match") == '"v1"'
    assert titles(services) == ["From the server"]
    assert set(connections) == {("127.0.0.1", server.port)}


def test_an_unverified_certificate_is_refused(services, tls) -> None:
    server, _ = tls
    source = services.calendar_sources.add("url", f"https://127.0.0.1:{server.port}/c.ics")
    services.calendar_sources.refresh(source.id)  # the system's CAs do not know the test CA
    assert titles(services) == []
    assert "certificate" in services.calendar_sources.get(source.id).status


def test_a_redirect_to_http_is_refused(services, tls, connections) -> None:
    server, context = tls
    source = services.calendar_sources.add("url", f"https://127.0.0.1:{server.port}/redirect")
    services.calendar_sources.refresh(source.id, ssl_context=context)
    assert titles(services) == []
    assert ("127.0.0.1", 9) not in connections


def test_offline_keeps_the_last_good_copy_and_says_as_of(services, tls, clock) -> None:
    server, context = tls
    url = f"https://127.0.0.1:{server.port}/secret-token.ics"
    source = services.calendar_sources.add("url", url)
    services.calendar_sources.refresh(source.id, ssl_context=context)
    assert services.calendar_sources.last_good_copy(source.id) == server.body
    server.stop()
    clock.advance(minutes=15)
    services.calendar_sources.refresh(source.id, ssl_context=context, timeout=2)
    assert titles(services) == ["From the server"]
    status = services.calendar_sources.get(source.id).status
    assert "as of 10:00" in status and "secret-token" not in status


def test_file_sources_open_no_socket(services, tmp_path, connections) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Sync")))
    source = services.calendar_sources.add("file", str(path))
    services.calendar_sources.refresh(source.id)
    assert connections == []
    assert not services.calendar_sources.has_address_sources()


def test_a_source_removed_while_it_was_read_does_not_come_back(services, tmp_path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Sync")))
    source = services.calendar_sources.add("file", str(path))
    fetched = services.calendar_sources.fetch(source)  # on the worker thread
    services.calendar_sources.remove(source.id)  # meanwhile, in Preferences
    assert services.calendar_sources.store(fetched) is None
    assert titles(services) == []


def test_the_http_client_is_loaded_only_when_an_address_is_fetched() -> None:
    """urllib.request (http.client, email) is ~3 MB of a session that never fetches an
    address: every LeadDesk module loads without it, and a fetch loads it (tests above)."""
    import subprocess

    script = (
        "import importlib, pkgutil, sys, leaddesk\n"
        "for m in pkgutil.walk_packages(leaddesk.__path__, 'leaddesk.'):\n"
        "    if m.name.endswith(('.download', '.env', '__main__')):\n"
        "        continue\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in ('urllib.request', 'http.client') if n in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
