"""Accessibility walker: every focusable control has a name and Tab reaches all of them.

``assert_accessible(widget)`` is the reusable check. It is applied here to the main window
with every area page created (so each area is covered automatically as soon as it lands in
``ui/area.py:AREAS``) and to the shell's dialogs. Area tests may import it too::

    from tests.ui.test_accessibility import assert_accessible
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

from tests.conftest import PASSPHRASE


def _represented_by(widget: QWidget) -> QWidget:
    """The widget a user perceives: a spin box rather than its inner line edit."""
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return parent
    while parent is not None and parent.focusProxy() is widget:
        widget, parent = parent, parent.parentWidget()
    return widget


def _is_internal(widget: QWidget) -> bool:
    """Qt's own sub-widgets (named ``qt_*``) or a focus proxy of a parent control."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return True  # Tab lands on the view itself, which carries the name
    return _represented_by(widget) is not widget


def focusable_widgets(root: QWidget) -> list[QWidget]:
    """Visible, enabled widgets inside ``root`` that Tab can land on."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isWindow() and widget is not root.window():
            continue
        if widget.window() is not root.window():
            continue
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if _is_internal(widget):
            continue
        found.append(widget)
    return found


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces: accessibleName, a buddy label, or Qt's own name."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text().replace("&", "").strip():
            return label.text().replace("&", "").strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is not None:
        return (interface.text(QAccessible.Text.Name) or "").strip()
    return ""


def _describe(widget: QWidget) -> str:
    path = []
    current: QWidget | None = widget
    while current is not None and len(path) < 4:
        path.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return f"{type(widget).__name__} ({' < '.join(path)})"


def tab_walk(root: QWidget) -> list[QWidget]:
    """Press Tab (``focusNextChild``) from the first focusable widget until back at it."""
    window = root.window()
    focusables = focusable_widgets(root)
    if not focusables:
        return []
    current = window.focusWidget()
    start = _represented_by(current) if current is not None else None
    if start not in focusables:
        start = focusables[0]
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(4 * len(window.findChildren(QWidget)) + 4):
        window.focusNextChild()
        focused = window.focusWidget()
        if focused is None:
            break
        focused = _represented_by(focused)
        if focused is start:
            break
        if focused in visited:
            raise AssertionError(
                f"Tab order loops back to {_describe(focused)} without returning to the start"
            )
        visited.append(focused)
    return visited


def assert_accessible(widget: QWidget) -> None:
    """Every visible focusable control has a name, and Tab visits each of them once."""
    window = widget.window()
    if not window.isVisible():
        window.show()
    QApplication.processEvents()
    focusables = focusable_widgets(widget)
    unnamed = [_describe(w) for w in focusables if not accessible_name(w)]
    assert not unnamed, f"focusable widgets without an accessible name: {unnamed}"
    reached = set(tab_walk(widget))
    skipped = [_describe(w) for w in focusables if w not in reached]
    assert not skipped, f"Tab never reaches: {skipped}"


# -- the shell's windows -----------------------------------------------------------------------
@pytest.fixture
def window(ctx, qtbot):  # type: ignore[no-untyped-def]
    from leaddesk.ui.main_window import MainWindow

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    return main


def test_every_area_page_of_the_main_window_is_accessible(window) -> None:
    from leaddesk.ui.area import AREAS

    for spec in AREAS:
        window.show_area(spec.key)
        assert window.current_area_key() == spec.key
        assert_accessible(window)


def test_the_walker_catches_an_unnamed_control_and_a_skipped_one(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    named = QLineEdit()
    named.setAccessibleName("Title")
    unnamed = QLineEdit()
    layout.addWidget(named)
    layout.addWidget(unnamed)
    box.show()
    with pytest.raises(AssertionError, match="without an accessible name"):
        assert_accessible(box)
    unnamed.setAccessibleName("Requester")
    assert_accessible(box)
    button = QPushButton("Save")
    layout.addWidget(button)
    button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # not reachable by Tab: not counted
    assert_accessible(box)


def test_create_vault_dialog_is_accessible(qtbot, app_paths) -> None:
    from leaddesk.ui.dialogs.create_vault import CreateVaultDialog

    dialog = CreateVaultDialog(lambda text: None, location=str(app_paths.vault))
    qtbot.addWidget(dialog)
    assert_accessible(dialog)


def test_unlock_dialog_is_accessible(qtbot) -> None:
    from leaddesk.ui.dialogs.unlock import UnlockDialog

    dialog = UnlockDialog(lambda text: None, note="Demo vault")
    qtbot.addWidget(dialog)
    assert_accessible(dialog)


def test_every_preferences_page_is_accessible(window) -> None:
    dialog = window.open_preferences()
    for row in range(dialog.page_list.count()):
        dialog.page_list.setCurrentRow(row)
        assert_accessible(dialog)
    dialog.reject()


def test_shortcuts_dialog_is_accessible(window) -> None:
    dialog = window.open_shortcuts()
    assert_accessible(dialog)
    dialog.reject()


def test_unlock_dialog_shown_on_lock_is_accessible(window, qtbot) -> None:
    window.lock_now()
    assert window.unlock_dialog is not None
    assert_accessible(window.unlock_dialog)
    window.unlock_dialog.passphrase.setText(PASSPHRASE)
    window.unlock_dialog.submit()
    qtbot.waitUntil(lambda: window.ctx.is_unlocked, timeout=5000)
