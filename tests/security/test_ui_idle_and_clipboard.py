"""Idle lock, lock on suspend, and the clipboard that cleans up after itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QClipboard, QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from leaddesk.ui.clipboard import SECRET_HINT_FORMAT, ClipboardGuard, copy_private_text, guard_for
from leaddesk.ui.idle_lock import IdleLock


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _idle_lock(qapp, app_settings, minutes: int = 10, unlocked=lambda: True):  # type: ignore[no-untyped-def]
    app_settings.set("security/idle_lock_minutes", minutes)
    clock = FakeClock()
    calls: list[str] = []
    lock = IdleLock(
        qapp,
        app_settings,
        lambda: calls.append("lock"),
        is_unlocked=unlocked,
        clock=clock,
        watch_desktop=False,
    )
    return lock, clock, calls


def test_locks_after_the_idle_time_and_input_postpones_it(qapp, qtbot, app_settings) -> None:  # type: ignore[no-untyped-def]
    lock, clock, calls = _idle_lock(qapp, app_settings, minutes=10)
    field = QLineEdit()
    qtbot.addWidget(field)
    try:
        clock.now += 9 * 60
        lock.check()
        assert calls == []
        QApplication.sendEvent(
            field,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"),
        )
        clock.now += 9 * 60  # 18 minutes since start, 9 since the key press
        lock.check()
        assert calls == []
        QApplication.sendEvent(
            field,
            QMouseEvent(
                QEvent.Type.MouseMove,
                QPointF(3, 3),
                QPointF(3, 3),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        )
        clock.now += 10 * 60 + 1
        lock.check()
        assert calls == ["lock"]
        lock.check()  # the clock restarted at the lock: no second call at once
        assert calls == ["lock"]
    finally:
        lock.stop()


def test_zero_minutes_means_never_and_setting_changes_apply(qapp, app_settings) -> None:  # type: ignore[no-untyped-def]
    lock, clock, calls = _idle_lock(qapp, app_settings, minutes=0)
    try:
        clock.now += 24 * 3600
        lock.check()
        assert calls == []
        app_settings.set("security/idle_lock_minutes", 1)  # takes effect without restart
        assert lock.timeout_seconds == 60
        lock.check()
        assert calls == ["lock"]
    finally:
        lock.stop()


def test_locked_vault_is_not_locked_again(qapp, app_settings) -> None:  # type: ignore[no-untyped-def]
    lock, clock, calls = _idle_lock(qapp, app_settings, minutes=1, unlocked=lambda: False)
    try:
        clock.now += 3600
        lock.check()
        qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
        assert calls == []
    finally:
        lock.stop()


def test_suspend_locks_at_once(qapp, app_settings) -> None:  # type: ignore[no-untyped-def]
    lock, _clock, calls = _idle_lock(qapp, app_settings, minutes=10)
    try:
        qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
        assert calls == []  # switching to another window is not a reason to lock
        qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
        assert calls == ["lock"]
    finally:
        lock.stop()


def test_real_timer_fires(qapp, qtbot, app_settings) -> None:  # type: ignore[no-untyped-def]
    app_settings.set("security/idle_lock_minutes", 10)
    calls: list[str] = []
    lock = IdleLock(qapp, app_settings, lambda: calls.append("lock"), watch_desktop=False)
    try:
        lock.set_timeout_seconds(0.3)
        qtbot.waitUntil(lambda: calls == ["lock"], timeout=3000)
    finally:
        lock.stop()


def test_idle_lock_locks_the_context(qapp, ctx) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    lock = IdleLock(
        qapp,
        ctx.settings,
        ctx.lock,
        is_unlocked=lambda: ctx.is_unlocked,
        clock=clock,
        watch_desktop=False,
    )
    try:
        copy_private_text(ctx, "what Ada said in confidence")
        clock.now += 11 * 60
        lock.check()
        assert not ctx.is_unlocked
        assert QGuiApplication.clipboard().text() == ""  # cleared on lock
    finally:
        lock.stop()


# -- clipboard ------------------------------------------------------------------------
def test_copy_is_cleared_after_the_timeout(qapp, qtbot, app_settings) -> None:  # type: ignore[no-untyped-def]
    app_settings.set("security/clipboard_clear_seconds", 1)
    guard = ClipboardGuard(app_settings)
    guard.copy("private note text")
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "private note text"
    assert bytes(clipboard.mimeData().data(SECRET_HINT_FORMAT).data()) == b"secret"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)
    assert not guard.pending


def test_clipboard_changed_by_the_user_is_left_alone(qapp, app_settings) -> None:  # type: ignore[no-untyped-def]
    guard = ClipboardGuard(app_settings)
    guard.copy("private note text")
    QGuiApplication.clipboard().setText("something the user copied elsewhere")
    assert guard.clear_if_ours() is False
    assert QGuiApplication.clipboard().text() == "something the user copied elsewhere"
    QGuiApplication.clipboard().clear()


def test_clear_if_ours_clears_immediately(qapp, app_settings) -> None:  # type: ignore[no-untyped-def]
    app_settings.set("security/clipboard_clear_seconds", 0)  # never by time...
    guard = ClipboardGuard(app_settings)
    guard.copy("private")
    assert guard.pending
    assert guard.clear_if_ours() is True  # ...but always on lock
    assert QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard) == ""
    assert guard.clear_if_ours() is False


def test_one_guard_per_context_cleared_on_lock(ctx) -> None:  # type: ignore[no-untyped-def]
    assert guard_for(ctx) is guard_for(ctx)
    copy_private_text(ctx, "note body")
    ctx.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_desktop_signals_are_optional(qapp, app_settings) -> None:  # type: ignore[no-untyped-def]
    """With or without a D-Bus session (CI has none), constructing it is quiet and safe."""
    lock = IdleLock(qapp, app_settings, lambda: None)
    try:
        assert lock.desktop_signals is not None
        assert isinstance(lock.desktop_signals.connected, list)
    finally:
        lock.stop()


def test_ctrl_c_in_a_note_editor_is_cleared_after_the_timeout(qtbot, ctx) -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QPlainTextEdit

    from leaddesk.ui.clipboard import guard_for

    ctx.settings.set("security/clipboard_clear_seconds", 1)
    guard = guard_for(ctx)
    guard.watch_app_copies()
    editor = QPlainTextEdit("Private: Dana is thinking about leaving")
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    editor.selectAll()
    editor.copy()  # the editor's own Ctrl+C, not LeadDesk's copy helper
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "Private: Dana is thinking about leaving"
    assert guard.pending
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)
