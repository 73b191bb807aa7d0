"""Idle lock, lock on suspend, and the clipboard that cleans up after itself."""

from __future__ import annotations

import pytest
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


# -- every copy of private text is marked secret (issue 19, item 11) -----------------------
def _secret_copy_made(qtbot, widget, copy) -> None:  # type: ignore[no-untyped-def]
    """Focus ``widget``, select its text, ``copy()`` it; the clipboard must then hold it
    marked secret for clipboard managers, with clearing scheduled."""
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    window = widget.window()
    window.show()
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    widget.selectAll()
    copy()
    data = clipboard.mimeData()
    assert clipboard.text() != ""
    assert bytes(data.data(SECRET_HINT_FORMAT).data()) == b"secret"


def test_every_editor_copy_is_marked_secret_and_cleared(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from leaddesk.domain.model import BlockKind
    from leaddesk.ui.matrix.editor import TaskEditor
    from leaddesk.ui.people.area import PeopleArea
    from leaddesk.ui.people.page.common import FEEDBACK, NOTES
    from leaddesk.ui.week.editor import BlockEditor

    ctx.settings.set("security/clipboard_clear_seconds", 30)
    guard = guard_for(ctx)
    guard.watch_app_copies()
    ana = ctx.services.people.add("Ana Pérez")
    note = ctx.services.notes.add_note(ana.id, body="Dana is thinking about leaving")
    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.open_person(ana.id, note.id)
    page = area.person_page
    page.tabs.setCurrentIndex(NOTES)
    page.notes.start_editing()
    ctrl = Qt.KeyboardModifier.ControlModifier
    editor = page.notes.note_editor
    # the editor's own Ctrl+C, its context menu's Copy (the copy() slot) and Cut
    _secret_copy_made(qtbot, editor, lambda: qtbot.keyClick(editor, Qt.Key.Key_C, ctrl))
    _secret_copy_made(qtbot, editor, editor.copy)
    page.tabs.setCurrentIndex(FEEDBACK)
    situation = page.feedback.fb_fields["situation"]
    situation.setPlainText("Sprint demo")
    _secret_copy_made(qtbot, situation, lambda: qtbot.keyClick(situation, Qt.Key.Key_X, ctrl))

    task = ctx.services.tasks.capture("Talk to Sam about the offer", requester="Sam")
    ctx.services.tasks.update(task.id, notes="Salary band")
    task_editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(task_editor)
    for field in (task_editor.notes_edit, task_editor.title_edit, task_editor.requester_edit):
        _secret_copy_made(qtbot, field, field.copy)
    task_editor.reject()

    start = ctx.clock.now().replace(hour=9, minute=0)
    block = ctx.services.blocks.create(
        "1:1 Anna", BlockKind.ONE_ON_ONE, start, start.replace(hour=10)
    )
    block_editor = BlockEditor(ctx.clock.tz, ctx.services.blocks.get(block.created_ids[0]))
    qtbot.addWidget(block_editor)
    title = block_editor.title_edit
    _secret_copy_made(qtbot, title, lambda: qtbot.keyClick(title, Qt.Key.Key_C, ctrl))
    block_editor.reject()
    assert guard.pending
    ctx.lock()
    assert QGuiApplication.clipboard().text() == ""


@pytest.mark.e2e
def test_the_x11_selection_is_cleared_on_the_clipboard_timer(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """Text merely selected in a note (PRIMARY, pasted with the middle button) goes on the
    same timer as a copy, not only at lock. Needs a window server with a selection."""
    import os

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit

    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        pytest.skip("needs a real window server: QT_QPA_PLATFORM=xcb xvfb-run -a ...")
    clipboard = QGuiApplication.clipboard()
    assert clipboard.supportsSelection()
    ctx.settings.set("security/clipboard_clear_seconds", 1)
    guard_for(ctx).watch_app_copies()
    editor = QPlainTextEdit("Private: Dana is thinking about leaving")
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=5000)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    if not clipboard.ownsSelection():  # the widget sets PRIMARY itself on some versions only
        clipboard.setText(editor.textCursor().selectedText(), QClipboard.Mode.Selection)
    assert clipboard.text(QClipboard.Mode.Selection) == "Private: Dana is thinking about leaving"
    qtbot.waitUntil(lambda: clipboard.text(QClipboard.Mode.Selection) == "", timeout=4000)


def test_every_kind_of_input_counts_as_activity_and_nothing_else(qapp, qtbot, app_settings) -> None:  # type: ignore[no-untyped-def]
    """The filter tests an event's class before its type (cheaper for the many events that
    are no input): keys, shortcuts, clicks, moves, the wheel and an input method still
    count; paints, layout, hover and focus do not."""
    from PySide6.QtCore import QObject, QPoint, QRect
    from PySide6.QtGui import QFocusEvent, QHoverEvent, QInputMethodEvent, QPaintEvent, QWheelEvent

    lock, clock, _calls = _idle_lock(qapp, app_settings, minutes=10)
    field = QLineEdit()
    qtbot.addWidget(field)
    no_key = Qt.KeyboardModifier.NoModifier
    no_button = Qt.MouseButton.NoButton

    def mouse(kind):  # type: ignore[no-untyped-def]
        return QMouseEvent(
            kind,
            QPointF(3, 3),
            QPointF(3, 3),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            no_key,
        )

    counted = [
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, no_key, "a"),
        QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_A, no_key, "a"),
        QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
        mouse(QEvent.Type.MouseButtonPress),
        mouse(QEvent.Type.MouseButtonRelease),
        mouse(QEvent.Type.MouseButtonDblClick),
        QMouseEvent(
            QEvent.Type.MouseMove, QPointF(4, 4), QPointF(4, 4), no_button, no_button, no_key
        ),
        QWheelEvent(
            QPointF(1, 1),
            QPointF(1, 1),
            QPoint(0, 0),
            QPoint(0, 120),
            no_button,
            no_key,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        ),
        QInputMethodEvent("é", []),
    ]
    ignored = [
        QPaintEvent(QRect(0, 0, 5, 5)),
        QEvent(QEvent.Type.LayoutRequest),
        QHoverEvent(QEvent.Type.HoverMove, QPointF(2, 2), QPointF(2, 2), QPointF(1, 1)),
        QFocusEvent(QEvent.Type.FocusIn),
    ]
    try:
        for event in counted:
            clock.now += 60
            QApplication.sendEvent(field, event)
            assert lock.idle_seconds() == 0, event.type()
        bystander = QObject()  # no widget: a paint or hover sent to one would really run
        for event in ignored:
            clock.now += 60
            QApplication.sendEvent(bystander, event)
            assert lock.idle_seconds() >= 60, event.type()
    finally:
        lock.stop()
