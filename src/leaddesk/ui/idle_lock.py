"""Lock the vault after a period without user input, and when the session locks or sleeps.

KeePassXC's model: an application-wide event filter notes the time of the last keyboard,
mouse, wheel or touch input (a time stamp, not a timer restart, so mouse moves stay cheap);
a coarse check timer compares it with ``security/idle_lock_minutes`` (0 = never). Besides,
the lock callback runs when Qt reports the application suspended, and, where a D-Bus
session is available, when the desktop's screen saver/lock activates or the machine is
about to sleep (org.freedesktop.ScreenSaver ActiveChanged, login1 PrepareForSleep and the
session's Lock signal). All of that is best effort: no D-Bus, no harm.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QInputEvent, QInputMethodEvent

from .settings import AppSettings

log = logging.getLogger(__name__)

IDLE_KEY = "security/idle_lock_minutes"

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
        QEvent.Type.ShortcutOverride,
    }
)


# The classes every event of ACTIVITY_EVENTS arrives as (keys, mouse, wheel, touch and
# tablet events are input events; an input method's is not).
_INPUT_EVENTS = (QInputEvent, QInputMethodEvent)


class IdleLock(QObject):
    """Calls ``lock`` once the user has been idle for the configured time.

    ``is_unlocked`` keeps it from locking a vault that is already locked (then the timer
    does nothing); ``clock`` is injectable so tests need not wait minutes.
    """

    def __init__(
        self,
        app: QGuiApplication,
        settings: AppSettings,
        lock: Callable[[], None],
        *,
        is_unlocked: Callable[[], bool] = lambda: True,
        clock: Callable[[], float] = time.monotonic,
        watch_desktop: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else app)
        self._app = app
        self._settings = settings
        self._lock = lock
        self._is_unlocked = is_unlocked
        self._clock = clock
        self._last_activity = clock()
        self._timeout_seconds = 0.0
        self._check_timer = QTimer(self)
        self._check_timer.timeout.connect(self.check)
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._on_app_state_changed)
        settings.changed.connect(self._on_settings_changed)
        self._apply_setting()
        self.desktop_signals = (
            _DesktopLockSignals(self._on_desktop_lock, self) if watch_desktop else None
        )

    # -- configuration ------------------------------------------------------------------
    @property
    def timeout_seconds(self) -> float:
        return self._timeout_seconds

    def set_timeout_seconds(self, seconds: float) -> None:
        """0 switches idle locking off. The check runs every tenth of the timeout (≤ 15 s)."""
        self._timeout_seconds = max(0.0, float(seconds))
        if self._timeout_seconds <= 0:
            self._check_timer.stop()
            return
        interval = min(15_000, max(50, int(self._timeout_seconds * 100)))
        self._check_timer.start(interval)

    def _apply_setting(self) -> None:
        minutes = self._settings.get(IDLE_KEY)
        try:
            minutes = max(0, int(minutes))
        except (TypeError, ValueError):
            minutes = 10
        self.set_timeout_seconds(minutes * 60)

    @Slot(str)
    def _on_settings_changed(self, key: str) -> None:
        if key == IDLE_KEY:
            self._apply_setting()

    # -- activity -----------------------------------------------------------------------
    def note_activity(self) -> None:
        self._last_activity = self._clock()

    def idle_seconds(self) -> float:
        return self._clock() - self._last_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the app passes here: the class test first (PySide6 hands each input
        # event over as its subclass), as ``type()`` makes a Python enum (~0.8 us an event;
        # showing the main window alone sends ~800 events).
        if isinstance(event, _INPUT_EVENTS) and event.type() in ACTIVITY_EVENTS:
            self._last_activity = self._clock()
        return False  # never swallow the event

    @Slot()
    def check(self) -> None:
        """Lock if idle for longer than the timeout (called by the timer; public for tests)."""
        if self._timeout_seconds <= 0 or not self._is_unlocked():
            return
        if self.idle_seconds() >= self._timeout_seconds:
            self._fire("idle")

    # -- platform signals ---------------------------------------------------------------
    def _on_app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self._fire("suspended")

    def _on_desktop_lock(self, reason: str) -> None:
        self._fire(reason)

    def _fire(self, reason: str) -> None:
        if not self._is_unlocked():
            return
        log.info("auto-lock: %s", reason)
        self._last_activity = self._clock()  # after unlocking, the full timeout again
        self._lock()

    def stop(self) -> None:
        self._check_timer.stop()
        self._app.removeEventFilter(self)


class _DesktopLockSignals(QObject):
    """Screen lock / sleep notifications over D-Bus (Linux desktops); silent where absent."""

    def __init__(self, on_lock: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_lock = on_lock
        self.connected: list[str] = []
        try:
            self._connect()
        except Exception as exc:  # pragma: no cover - depends on the desktop
            log.debug("no desktop lock signals: %s", type(exc).__name__)

    def _connect(self) -> None:
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection

        session = QDBusConnection.sessionBus()
        if session.isConnected():
            for service, path in (
                ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
                ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
            ):
                interface = service
                if session.connect(
                    service, path, interface, "ActiveChanged", self, SLOT("_on_active(bool)")
                ):
                    self.connected.append(interface)
        system = QDBusConnection.systemBus()
        if system.isConnected():
            if system.connect(
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                self,
                SLOT("_on_sleep(bool)"),
            ):
                self.connected.append("login1.PrepareForSleep")
            if system.connect(
                "org.freedesktop.login1",
                "",
                "org.freedesktop.login1.Session",
                "Lock",
                self,
                SLOT("_on_session_lock()"),
            ):
                self.connected.append("login1.Session.Lock")

    @Slot(bool)
    def _on_active(self, active: bool) -> None:
        if active:
            self._on_lock("screen locked")

    @Slot(bool)
    def _on_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self._on_lock("sleep")

    @Slot()
    def _on_session_lock(self) -> None:
        self._on_lock("session locked")
