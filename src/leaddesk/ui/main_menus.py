"""The main window's actions and menu bar: every catalogued action wired to its handler,
Undo/Redo, the area switch actions, and the File, Edit, View and Help menus."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication

from .actions import ActionId, ApplicationShortcuts, create_action
from .area import AreaSpec

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_actions(window: MainWindow, areas: Sequence[AreaSpec]) -> None:
    """The window's actions: the catalogue's (ui/actions.py) wired to their handlers,
    Undo/Redo from the undo group, and one checkable action per area in ``areas``
    (Ctrl+1...9)."""
    color = window._icon_color()
    for action_id in ActionId:
        action = create_action(action_id, window, color)
        window.actions_by_id[action_id] = action
        window.addAction(action)
    handlers: dict[ActionId, Callable[..., None]] = {
        ActionId.QUICK_CAPTURE: lambda: window._run_entry_point(ActionId.QUICK_CAPTURE),
        ActionId.QUICK_NOTE: lambda: window._run_entry_point(ActionId.QUICK_NOTE),
        ActionId.WEEKLY_REVIEW: lambda: window._run_entry_point(ActionId.WEEKLY_REVIEW),
        ActionId.PLAN_WEEK: lambda: window._run_entry_point(ActionId.PLAN_WEEK),
        ActionId.LOCK: window.lock_now,
        ActionId.QUIT: window.quit,
        ActionId.PREFERENCES: window.open_preferences,
        ActionId.SHORTCUTS: window.open_shortcuts,
        ActionId.SEARCH: window.open_search,
        ActionId.ABOUT: window.open_about,
        ActionId.RITUAL_GUIDE: lambda: window._run_entry_point(ActionId.RITUAL_GUIDE),
    }
    for action_id, handler in handlers.items():
        window.actions_by_id[action_id].triggered.connect(handler)
    window.actions_by_id[ActionId.PRIVACY_SCREEN].toggled.connect(window.ctx.set_privacy_screen)
    # Ctrl+Shift+P also works while a dialog is open, modal or not: open dialogs then
    # hide their private fields (the context tells every open window). So does Ctrl+L:
    # the lock saves what open dialogs hold (as the idle lock does) and closes them.
    window.app_shortcuts = ApplicationShortcuts(
        [window.actions_by_id[ActionId.PRIVACY_SCREEN], window.actions_by_id[ActionId.LOCK]],
        window,
    )
    QApplication.instance().installEventFilter(window.app_shortcuts)

    # From the group, not the stack: while locked the group has no active stack, so
    # Undo/Redo are disabled and their text names no record (ctx.lock keeps history).
    stack = window.ctx.undo_group
    window.undo_action = stack.createUndoAction(window, "&Undo")
    window.undo_action.setObjectName("action_undo")
    window.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    window.redo_action = stack.createRedoAction(window, "&Redo")
    window.redo_action.setObjectName("action_redo")
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Y") not in redo_keys:
        redo_keys.append(QKeySequence("Ctrl+Y"))
    window.redo_action.setShortcuts(redo_keys)

    group = QActionGroup(window)
    group.setExclusive(True)
    for number, spec in enumerate(areas, start=1):
        action = QAction(spec.title, window)
        action.setObjectName(f"action_area_{spec.key}")
        action.setCheckable(True)
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _=False, key=spec.key: window.show_area(key))
        group.addAction(action)
        window.addAction(action)
        window.area_actions.append(action)


def build_menus(window: MainWindow) -> None:
    """File, Edit, View and Help menus from the actions built above."""
    a = window.actions_by_id
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a[ActionId.QUICK_CAPTURE], a[ActionId.QUICK_NOTE]])
    file_menu.addAction(a[ActionId.WEEKLY_REVIEW])
    file_menu.addAction(a[ActionId.PLAN_WEEK])
    file_menu.addSeparator()
    file_menu.addAction(a[ActionId.LOCK])
    file_menu.addSeparator()
    file_menu.addAction(a[ActionId.QUIT])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addAction(a[ActionId.SEARCH])
    edit_menu.addSeparator()
    edit_menu.addAction(a[ActionId.PREFERENCES])
    view_menu = bar.addMenu("&View")
    view_menu.addActions(window.area_actions)
    view_menu.addSeparator()
    view_menu.addAction(a[ActionId.PRIVACY_SCREEN])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a[ActionId.SHORTCUTS], a[ActionId.RITUAL_GUIDE], a[ActionId.ABOUT]])
    window.menus = {"file": file_menu, "edit": edit_menu, "view": view_menu, "help": help_menu}
