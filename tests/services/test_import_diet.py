"""The start-up preload leaves ``ssl`` out (services/import_diet.py, issue 18's peak RSS),
and TLS still works when a calendar address is downloaded afterwards; the session does
without the standard library's ``sqlite3``.

Each test runs in a fresh interpreter: what matters is which modules a clean process loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def run(script: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


PRELOAD = """
    import sys
    from leaddesk.cli import use_builtin_hashes
    assert use_builtin_hashes(), "hashlib was loaded before the desktop app's start"
    from PySide6.QtWidgets import QApplication
    app = QApplication(["leaddesk"])
    from leaddesk import bootstrap
    from leaddesk.ui import pyside_import_hook
    pyside_import_hook.lighten()
    bootstrap._preload_services("")
    assert "leaddesk.ui.main_window" in sys.modules, "the preload failed"
    assert "sqlalchemy.orm" in sys.modules and "asyncio" in sys.modules
"""


def test_the_preload_imports_sqlalchemy_without_ssl() -> None:
    out = run(
        PRELOAD
        + """
    import importlib
    from leaddesk.ui.area import AREAS
    for spec in AREAS:  # every area's module too: the whole session before a download
        importlib.import_module(spec.target.partition(":")[0])
    print("ssl" in sys.modules, "_ssl" in sys.modules)
    """
    )
    assert out == "False False"


def test_the_session_does_not_load_the_standard_library_sqlite3() -> None:
    """SQLCipher is the driver; the stdlib's sqlite3 (and the system's libsqlite3, ~1 MB
    resident) was loaded only for an ``except`` clause (storage/driver_errors.py)."""
    out = run(
        PRELOAD
        + """
    import importlib
    from leaddesk.ui.area import AREAS
    for spec in AREAS:
        importlib.import_module(spec.target.partition(":")[0])
    print(sorted(n for n in ("sqlite3", "_sqlite3") if n in sys.modules))
    """
    )
    assert out == "[]"


def test_a_standard_library_sqlite3_error_is_still_translated() -> None:
    """The clause that no longer imports sqlite3 still turns its errors into plain words."""
    import sqlite3

    from leaddesk.domain.errors import VaultDamagedError, VaultLockedError
    from leaddesk.storage.driver_errors import translate_errors

    with pytest.raises(VaultDamagedError), translate_errors():
        raise sqlite3.DatabaseError("database disk image is malformed")
    with pytest.raises(VaultLockedError), translate_errors():
        raise sqlite3.OperationalError("database is locked")
    with pytest.raises(KeyError), translate_errors():  # anything else passes through
        raise KeyError("x")


def test_an_https_download_after_the_preload_has_tls(tmp_path) -> None:
    """A real fetch over https from a local server (test CA from ``trustme``), after the
    preload: the download module loads ``ssl``, verifies the certificate with the trusted
    context, and the default context (the system's CAs) refuses the test certificate."""
    pytest.importorskip("trustme")
    out = run(
        PRELOAD
        + """
    assert "ssl" not in sys.modules
    import http.server, ssl, threading, trustme
    from leaddesk.services.calendar.download import get

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"BEGIN:VCALENDAR"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{httpd.server_address[1]}/c.ics"
    trusted = ssl.create_default_context()
    ca.configure_trust(trusted)
    args = dict(etag="", last_modified="", timeout=10, limit=1000, source_id=1)
    print(get(url, ssl_context=trusted, **args).data.decode())
    print(get(url, ssl_context=None, **args).failure)
    httpd.shutdown()
    """
    )
    assert out.splitlines() == [
        "BEGIN:VCALENDAR",
        "The certificate of the calendar server could not be verified.",
    ]


def test_only_asyncio_is_refused_ssl_and_only_inside_the_block() -> None:
    out = run(
        """
    import sys
    from leaddesk.services.import_diet import no_ssl_for_asyncio
    finders = list(sys.meta_path)
    with no_ssl_for_asyncio():
        import asyncio.sslproto
        print(asyncio.sslproto.ssl is None, "ssl" in sys.modules)
        import ssl  # not asyncio asking: the real module
        print(ssl.create_default_context().verify_mode == ssl.CERT_REQUIRED)
    print(sys.meta_path == finders)
    """
    )
    assert out.splitlines() == ["True False", "True", "True"]


def test_sqlalchemy_imported_first_elsewhere_keeps_ssl_for_asyncio() -> None:
    """The command line and the tests import SQLAlchemy without the block: unchanged."""
    out = run(
        """
    import sys
    import sqlalchemy.orm
    import asyncio.sslproto
    print(asyncio.sslproto.ssl is sys.modules.get("ssl") is not None)
    """
    )
    assert out == "True"


def test_the_session_maps_no_openssl_and_hashes_the_same(tmp_path) -> None:
    """The desktop process hashes with Python's own code (cli.use_builtin_hashes):
    OpenSSL's libcrypto is never mapped before a download, and every digest LeadDesk takes
    equals OpenSSL's (this test process's ``hashlib`` has ``_hashlib``)."""
    import hashlib

    out = run(
        PRELOAD
        + """
    import hashlib, importlib
    from leaddesk.ui.area import AREAS
    for spec in AREAS:
        importlib.import_module(spec.target.partition(":")[0])
    with open("/proc/self/maps") as maps:
        print(any("libcrypto" in line for line in maps), sys.modules.get("_hashlib") is not None)
    data = b"Ana's one-on-one" * 1000
    print(hashlib.sha256(data).hexdigest(), hashlib.blake2b(data, digest_size=16).hexdigest())
    """
    )
    data = b"Ana's one-on-one" * 1000
    assert out.splitlines() == [
        "False False",
        f"{hashlib.sha256(data).hexdigest()} {hashlib.blake2b(data, digest_size=16).hexdigest()}",
    ]


def test_the_desktop_start_path_imports_no_hash_module_before_the_policy() -> None:
    """``cli._run_gui`` sets the policy first; it only works if nothing before it (the
    command line, bootstrap, the unlock dialog's modules, private files) imported hashlib,
    hmac or secrets, which is what loaded libcrypto at start-up before."""
    out = run(
        """
    import sys
    import leaddesk.cli, leaddesk.bootstrap, leaddesk.private_files
    from leaddesk.ui.dialogs import unlock
    print(sorted(n for n in ("hashlib", "_hashlib", "hmac", "secrets") if n in sys.modules))
    from leaddesk.cli import use_builtin_hashes
    print(use_builtin_hashes(), use_builtin_hashes())
    """
    )
    assert out.splitlines() == ["[]", "True False"]
