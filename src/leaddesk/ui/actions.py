"""The main window's actions: one registry of ids, texts, shortcuts and icons (Picard style).

The window asks :func:`create_action` for each id and connects it; menus and the shortcut
help are built from the same objects. Standard keys (``QKeySequence.StandardKey``) are used
where Qt has one, so each platform gets its native shortcut. Global entry points owned by
areas ("module:function") are looked up lazily: while the module does not exist yet the
action is disabled with a "Coming soon" tooltip.
"""

from __future__ import annotations

import enum
import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from .theme import tinted_icon

log = logging.getLogger(__name__)

Keys = QKeySequence.StandardKey | str


class ActionId(enum.Enum):
    QUICK_CAPTURE = "quick_capture"
    QUICK_NOTE = "quick_note"
    WEEKLY_REVIEW = "weekly_review"
    PLAN_WEEK = "plan_week"
    LOCK = "lock"
    QUIT = "quit"
    PREFERENCES = "preferences"
    PRIVACY_SCREEN = "privacy_screen"
    SHORTCUTS = "shortcuts"
    SEARCH = "search"
    ABOUT = "about"
    RITUAL_GUIDE = "ritual_guide"


@dataclass(frozen=True)
class ActionSpec:
    text: str
    keys: tuple[Keys, ...] = ()
    tip: str = ""
    icon: str = ""
    checkable: bool = False
    target: str = ""  # "module:function" of an area's global entry point


ACTIONS: dict[ActionId, ActionSpec] = {
    ActionId.QUICK_CAPTURE: ActionSpec(
        "&Quick capture…",
        ("Ctrl+N",),
        "Capture a task or request into the inbox",
        target="leaddesk.ui.matrix.capture:open_quick_capture",
    ),
    ActionId.QUICK_NOTE: ActionSpec(
        "Quick &note…",
        ("Ctrl+Shift+N",),
        "Write a note about a person, e.g. right after a one-on-one",
        target="leaddesk.ui.people.quick_note:open_quick_note",
    ),
    ActionId.WEEKLY_REVIEW: ActionSpec(
        "Start &weekly review",
        (),
        "Look back on this week and plan the next",
        target="leaddesk.ui.review.area:start_weekly_review",
    ),
    ActionId.PLAN_WEEK: ActionSpec(
        "&Plan next week…",
        ("Ctrl+Shift+W",),
        "Propose next week: open tasks and the one-on-ones due, as ghost blocks to accept",
        target="leaddesk.ui.week.plan_preview:plan_next_week",
    ),
    ActionId.LOCK: ActionSpec(
        "&Lock", ("Ctrl+L",), "Close the vault and hide everything until unlocked", "lock"
    ),
    ActionId.QUIT: ActionSpec("&Quit", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), "Quit LeadDesk"),
    ActionId.PREFERENCES: ActionSpec(
        "&Preferences…", (QKeySequence.StandardKey.Preferences, "Ctrl+,"), "Change settings"
    ),
    ActionId.PRIVACY_SCREEN: ActionSpec(
        "&Privacy screen",
        ("Ctrl+Shift+P",),
        "Hide all note text, e.g. while sharing your screen",
        "privacy",
        checkable=True,
    ),
    ActionId.SHORTCUTS: ActionSpec("&Keyboard shortcuts", ("Ctrl+/",), "List every shortcut"),
    ActionId.SEARCH: ActionSpec(
        "&Search…",
        ("Ctrl+K",),
        "Search people, notes, tasks, delegations, action items and topics",
    ),
    ActionId.ABOUT: ActionSpec("&About LeadDesk", (), "Version and encryption library"),
    ActionId.RITUAL_GUIDE: ActionSpec(
        "Friday &ritual guide",
        (),
        "The weekly review in five steps, with its keys",
        target="leaddesk.ui.review.guide:show_ritual_guide",
    ),
}


def key_sequences(keys: tuple[Keys, ...]) -> list[QKeySequence]:
    """Expand standard keys (which may be empty on a platform) and drop duplicates."""
    result: list[QKeySequence] = []
    for key in keys:
        found = QKeySequence.keyBindings(key) if not isinstance(key, str) else [QKeySequence(key)]
        for seq in found:
            if not seq.isEmpty() and seq not in result:
                result.append(seq)
    return result


def resolve_target(target: str) -> Callable[..., Any] | None:
    """The function named by "module:function", or None if it does not exist (yet)."""
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    return getattr(module, attr, None)


def target_available(target: str) -> bool:
    """Whether the module exists, without importing it (cheap at start-up)."""
    module_name = target.partition(":")[0]
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


def create_action(action_id: ActionId, parent: QWidget, icon_color: str = "") -> QAction:
    spec = ACTIONS[action_id]
    action = QAction(spec.text, parent)
    action.setObjectName(f"action_{action_id.value}")
    action.setShortcuts(key_sequences(spec.keys))
    action.setCheckable(spec.checkable)
    if spec.icon and icon_color:
        action.setIcon(tinted_icon(spec.icon, icon_color))
    tip = spec.tip
    if spec.target and not target_available(spec.target):
        action.setEnabled(False)
        tip = "Coming soon"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    return action


class ApplicationShortcuts(QObject):
    """Keys that work in every window of the app, modal dialogs included.

    A window's ``QAction`` shortcut only fires while that window is active, and Qt blocks
    it entirely while a modal dialog is open. The privacy screen must be one key away
    whatever is on screen (a dialog showing a colleague's name while sharing the screen
    is exactly when it is needed), so this application event filter triggers ``actions``
    for a key press that no shortcut took: the key then reached a dialog's widget.
    Installed on the application by the main window (its parent), removed with it.
    """

    def __init__(self, actions: list[QAction], parent: QObject) -> None:
        super().__init__(parent)
        self._actions = actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The class first: ``type()`` makes a Python enum, and every event of the app comes here.
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if event.modifiers() == Qt.KeyboardModifier.NoModifier:
            return False  # plain typing: never one of these shortcuts
        pressed = QKeySequence(event.keyCombination())
        for action in self._actions:
            if action.isEnabled() and any(
                pressed.matches(seq) == QKeySequence.SequenceMatch.ExactMatch
                for seq in action.shortcuts()
            ):
                action.trigger()
                return True
        return False
