"""One LeadDesk per data directory: a second launch brings the first window to the front.

Two processes on one vault would fight over it (and over the passphrase change), so the
first instance holds a ``QLockFile`` in the data directory for its lifetime and listens on
a local socket (AF_UNIX, owner-only) named after the data directory. A second launch fails
to take the lock, connects, sends ``activate`` and exits.

Where Python has AF_UNIX (Linux, macOS) the socket is a plain ``socket`` watched by a
``QSocketNotifier``: QtNetwork (``QLocalServer``) costs ~2.7 MB resident for one socket
(issue 18, peak RSS). It does what ``QLocalServer`` with ``UserAccessOption`` did, on the
same path, so either side of the socket may be an older LeadDesk: the socket is bound in a
fresh private directory, made owner-only (0700) and renamed into place, so nobody else can
connect in between; ``release()`` removes it. Elsewhere (Windows: named pipes) QtNetwork's
``QLocalServer``/``QLocalSocket`` are used as before.

After a crash the lock file and the socket file stay behind. ``QLockFile`` sees that the
process named in the lock is gone and takes it over at once (no stale timeout), and the
new primary removes the dead socket before listening, so recovery needs no waiting.

Start-up takes the lock at once and may listen a moment later (``claim(listen=False)``, then
``listen()`` once the unlock dialog has painted): the socket and hashlib stay off the
launch figure. A second launch in that moment retries for a while (``notify_running``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal, Slot

if TYPE_CHECKING:
    import socket

    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtNetwork import QLocalServer
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500
RETRY_SECONDS = 0.1  # between attempts to reach a primary that is not listening yet
LOCK_FILENAME = "leaddesk.lock"
MAX_SOCKET_PATH = 100
SOCKET_MODE = 0o700  # what QLocalServer's UserAccessOption gives the socket file


def _has_unix_sockets() -> bool:
    import socket

    return hasattr(socket, "AF_UNIX")


def server_name(data_dir: Path) -> str:
    """A socket path private to this user and data directory."""
    import hashlib

    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    name = f"leaddesk-{uid}-{digest}"
    places = [os.environ.get("XDG_RUNTIME_DIR") or "", tempfile.gettempdir(), "/tmp"]
    for place in places:
        # AF_UNIX paths are limited to 108 bytes; the per-user runtime dir is preferred.
        candidate = str(Path(place) / f"{name}.sock")
        if place and Path(place).is_dir() and len(candidate.encode()) < MAX_SOCKET_PATH:
            return candidate
    return name  # Qt places a bare name in its temp directory


class _UnixServer(QObject):
    """The primary's AF_UNIX socket and its notifier: what ``QLocalServer`` did here, with
    Python's ``socket`` (see the module docstring). ``close()`` removes the socket file."""

    def __init__(self, path: str, on_message: Callable[[bytes], None], parent: QObject) -> None:
        super().__init__(parent)
        self.path = path
        self._on_message = on_message
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None

    def listen(self) -> bool:
        """Bind and listen, replacing a dead instance's socket file (the caller holds the
        lock, so a socket there is never a live primary's); False with a log if it fails."""
        import socket

        from PySide6.QtCore import QSocketNotifier

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)  # a dead instance's socket: recovered at once
            self._bind_private(sock)
            sock.listen(5)
            sock.setblocking(False)
        except OSError as exc:
            sock.close()
            log.warning("single-instance socket unavailable: %s", type(exc).__name__)
            return False
        self._sock = sock
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def _bind_private(self, sock: socket.socket) -> None:
        """Bind in a new owner-only directory beside the final path, make the socket file
        owner-only, then rename it into place: no other user can connect in between."""
        target = Path(self.path)
        staging = tempfile.mkdtemp(prefix=".leaddesk-", dir=target.parent)  # mode 0700
        try:
            staged = os.path.join(staging, "s")
            sock.bind(staged)
            os.chmod(staged, SOCKET_MODE)
            os.replace(staged, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(staging, "s"))
            os.rmdir(staging)

    @Slot()
    def _accept(self) -> None:
        """Read the one short message each waiting second launch sends, then drop it.

        The sender writes right after connecting, so a brief blocking read is enough (as
        ``QLocalSocket.waitForReadyRead`` did before).
        """
        if self._sock is None:
            return
        while True:
            try:
                conn, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.info("single-instance accept: %s", type(exc).__name__)
                return
            message = b""
            try:
                conn.settimeout(CONNECT_TIMEOUT_MS / 1000)
                while len(message) < len(ACTIVATE) and not message.endswith(b"\n"):
                    chunk = conn.recv(len(ACTIVATE) - len(message))
                    if not chunk:
                        break
                    message += chunk
            except OSError:
                pass  # a caller that sent nothing in time: not an activation
            finally:
                conn.close()
            self._on_message(message)

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class SingleInstance(QObject):
    """``claim()`` once at start-up: True means "you are the one", False means "exit now"."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self._name = ""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self.data_dir / LOCK_FILENAME))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: _UnixServer | QLocalServer | None = None

    @property
    def name(self) -> str:
        """The local socket's name (computed when first needed: it imports hashlib)."""
        if not self._name:
            self._name = server_name(self.data_dir)
        return self._name

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def _plain_socket(self) -> bool:
        """Python's AF_UNIX socket (True), or QtNetwork: where there is no AF_UNIX, or no
        directory for a path (``server_name`` then gives Qt a bare name to place)."""
        return _has_unix_sockets() and os.path.isabs(self.name)

    def claim(self, *, listen: bool = True) -> bool:
        """Become the primary instance, or ask the running one to come to the front.

        With ``listen=False`` the lock is taken but the socket waits for ``listen()``."""
        if self._lock.tryLock(0):
            if listen:
                self.listen()
            return True
        if self.notify_running():
            log.info("another LeadDesk is running on this data directory; handed over")
        else:
            log.warning("another LeadDesk holds the lock but did not answer")
        return False

    def listen(self) -> None:
        """Answer later launches (once, after ``claim(listen=False)`` took the lock)."""
        if self._server is not None or not self._lock.isLocked():
            return
        if self._plain_socket():
            server = _UnixServer(self.name, self._on_message, self)
            if server.listen():
                self._server = server
            return
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a dead instance's socket: recovered at once
        qt_server = QLocalServer(self)
        qt_server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not qt_server.listen(self.name):
            log.warning("single-instance socket unavailable: %s", qt_server.errorString())
            return
        qt_server.newConnection.connect(self._on_server_new_connection)
        self._server = qt_server

    def notify_running(self, attempts: int = 6) -> bool:
        """Send ``activate`` to the primary (retrying while it is still starting up)."""
        send = self._send_plain if self._plain_socket() else self._send_qt
        for attempt in range(attempts):
            if attempt:
                time.sleep(RETRY_SECONDS)  # a primary that has not begun listening yet
            if send():
                return True
        return False

    def _send_plain(self) -> bool:
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(CONNECT_TIMEOUT_MS / 1000)
            sock.connect(self.name)
            sock.sendall(ACTIVATE)
            return True
        except OSError:
            return False
        finally:
            sock.close()

    def _send_qt(self) -> bool:
        from PySide6.QtCore import QByteArray  # its type, ~2 M instructions: a 2nd launch only
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket(self)
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.write(QByteArray(ACTIVATE))
            socket.flush()
            socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
            socket.disconnectFromServer()
            socket.deleteLater()
            return True
        socket.deleteLater()
        return False

    def _on_message(self, message: bytes) -> None:
        if message.startswith(ACTIVATE.strip()):
            self.activation_requested.emit()

    @Slot()
    def _on_server_new_connection(self) -> None:
        """QtNetwork's server: read the one short message a second launch sends, then drop
        the connection (as ``_UnixServer._accept``)."""
        server = self._server
        assert server is not None and not isinstance(server, _UnixServer)
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            if socket is None:
                break
            if not socket.bytesAvailable():
                socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
            message = bytes(socket.readAll().data())
            socket.abort()
            socket.deleteLater()
            self._on_message(message)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()


def bring_to_front(window: QWidget) -> None:
    """What the primary does on ``activation_requested``: show, un-minimise, raise, focus."""
    if window.isMinimized():
        window.showNormal()
    else:
        window.show()
    window.raise_()
    window.activateWindow()
