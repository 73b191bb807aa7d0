"""The single-instance socket without QtNetwork where AF_UNIX exists (issue 18, peak RSS).

The behaviour is the one ``tests/security/test_single_instance.py`` checks (a second launch
raises the first, a crash's lock and socket are recovered at once); these tests add what
the plain socket must keep from ``QLocalServer``: the same owner-only path, its removal on
release, the same bytes on the wire (an older LeadDesk on either side still understands),
junk connections ignored, two real processes, and QtNetwork never loaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from leaddesk.ui import single_instance
from leaddesk.ui.single_instance import ACTIVATE, SingleInstance, server_name

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="AF_UNIX only")


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR, so the socket's directory holds only what we make (short:
    pytest's tmp_path is too long for an AF_UNIX path, the socket would go to /tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="ld-run-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_socket_is_owner_only_in_its_place_and_removed_on_release(
    qapp, runtime_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(tmp_path / "data")
    try:
        assert first.claim()
        path = Path(server_name(tmp_path / "data"))
        assert path.parent == runtime_dir
        mode = os.stat(path).st_mode
        assert stat.S_ISSOCK(mode)
        assert stat.S_IMODE(mode) == 0o700  # as QLocalServer's UserAccessOption made it
        assert os.listdir(runtime_dir) == [path.name]  # no staging directory left behind
    finally:
        first.release()
    assert os.listdir(runtime_dir) == []


def test_a_second_process_raises_the_first(tmp_path: Path) -> None:
    child = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QCoreApplication, QTimer
        from leaddesk.ui.single_instance import SingleInstance
        app = QCoreApplication([])
        instance = SingleInstance(sys.argv[1])
        instance.activation_requested.connect(lambda: (print("activated", flush=True), app.quit()))
        print("claimed" if instance.claim() else "refused", flush=True)
        QTimer.singleShot(30000, app.quit)
        app.exec()
        instance.release()
        print("QtNetwork loaded:", "PySide6.QtNetwork" in sys.modules, flush=True)
        """
    )
    primary = subprocess.Popen(
        [sys.executable, "-c", child, str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    try:
        assert primary.stdout is not None
        assert primary.stdout.readline().strip() == "claimed"
        second = SingleInstance(tmp_path / "data")
        try:
            assert second.claim() is False
        finally:
            second.release()
        out, _ = primary.communicate(timeout=60)
    finally:
        if primary.poll() is None:
            primary.kill()
            primary.wait()
    assert out.splitlines() == ["activated", "QtNetwork loaded: False"]
    assert not Path(server_name(tmp_path / "data")).exists()


def test_junk_connections_do_not_activate_and_the_socket_keeps_answering(
    qtbot, runtime_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = SingleInstance(tmp_path / "data")
    seen: list[bool] = []
    first.activation_requested.connect(lambda: seen.append(True))
    try:
        assert first.claim()
        for junk in (b"", b"hello\n", b"act"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.connect(first.name)
                sock.sendall(junk)
            qtbot.wait(50)
        assert seen == []
        with qtbot.waitSignal(first.activation_requested, timeout=3000):
            assert SingleInstance(tmp_path / "data").notify_running()
    finally:
        first.release()


def test_an_older_leaddesk_on_either_side_understands(
    qtbot, runtime_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """QtNetwork's QLocalSocket reaches the plain server, and the plain client reaches a
    QLocalServer: the same path and bytes as before."""
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    first = SingleInstance(tmp_path / "data")
    try:
        assert first.claim()
        with qtbot.waitSignal(first.activation_requested, timeout=3000):
            client = QLocalSocket()
            client.connectToServer(first.name)
            assert client.waitForConnected(1000)
            client.write(ACTIVATE)
            client.flush()
            client.waitForBytesWritten(1000)
            client.disconnectFromServer()
    finally:
        first.release()

    old = QLocalServer()
    old.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    assert old.listen(server_name(tmp_path / "data"))
    try:
        assert SingleInstance(tmp_path / "data").notify_running()
        qtbot.waitUntil(old.hasPendingConnections, timeout=3000)
        conn = old.nextPendingConnection()
        if not conn.bytesAvailable():
            conn.waitForReadyRead(1000)
        assert bytes(conn.readAll().data()) == ACTIVATE
    finally:
        old.close()


def test_without_af_unix_qtnetwork_serves_as_before(
    qtbot, monkeypatch: pytest.MonkeyPatch, runtime_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Where Python has no AF_UNIX (Windows) the QLocalServer path is still the one used."""
    monkeypatch.setattr(single_instance, "_has_unix_sockets", lambda: False)
    first = SingleInstance(tmp_path / "data")
    second = SingleInstance(tmp_path / "data")
    try:
        assert first.claim()
        assert "PySide6.QtNetwork" in sys.modules
        with qtbot.waitSignal(first.activation_requested, timeout=3000):
            assert second.claim() is False
    finally:
        second.release()
        first.release()
    assert not Path(server_name(tmp_path / "data")).exists()
