"""One LeadDesk per data directory: a second launch brings the first window to the front.

Two processes on one vault would fight over it (and over the passphrase change), so the
first instance holds a ``QLockFile`` in the data directory for its lifetime and listens on
a local socket (``QLocalServer``, AF_UNIX, owner-only) named after the data directory. A
second launch fails to take the lock, connects, sends ``activate`` and exits.

After a crash the lock file and the socket file stay behind. ``QLockFile`` sees that the
process named in the lock is gone and takes it over at once (no stale timeout), and the
new primary removes the dead socket before listening, so recovery needs no waiting.

Start-up takes the lock at once and may listen a moment later (``claim(listen=False)``, then
``listen()`` once the unlock dialog has painted): QtNetwork and hashlib cost ~7 ms of the
launch figure. A second launch in that moment retries for a while (``notify_running``).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 500
RETRY_SECONDS = 0.1  # between attempts to reach a primary that is not listening yet
LOCK_FILENAME = "leaddesk.lock"
MAX_SOCKET_PATH = 100


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
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        """The local socket's name (computed when first needed: it imports hashlib)."""
        if not self._name:
            self._name = server_name(self.data_dir)
        return self._name

    @property
    def is_primary(self) -> bool:
        return self._server is not None

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
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a dead instance's socket: recovered at once
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("single-instance socket unavailable: %s", server.errorString())
            return
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server

    def notify_running(self, attempts: int = 6) -> bool:
        """Send ``activate`` to the primary (retrying while it is still starting up)."""
        from PySide6.QtCore import QByteArray  # its type, ~2 M instructions: a 2nd launch only
        from PySide6.QtNetwork import QLocalSocket

        for attempt in range(attempts):
            if attempt:
                time.sleep(RETRY_SECONDS)  # a primary that has not begun listening yet
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

    @Slot()
    def _on_server_new_connection(self) -> None:
        """Read the one short message a second launch sends, then drop the connection.

        The sender writes right after connecting, so a brief blocking read is enough and
        keeps the socket's lifetime inside this slot (no per-socket signal wiring).
        """
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            if not socket.bytesAvailable():
                socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
            message = bytes(socket.readAll().data())
            socket.abort()
            socket.deleteLater()
            if message.startswith(ACTIVATE.strip()):
                self.activation_requested.emit()

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
