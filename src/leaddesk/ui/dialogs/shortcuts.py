"""Help > Keyboard shortcuts (Ctrl+/): every menu action and every area's keys, searchable.

The global part is read from the live actions, so it can never drift from what the keys do.
Each area contributes the shortcuts it registers (its ``QAction``s with a shortcut, and
``QShortcut``s that carry a ``whatsThis`` text) plus the keys its views handle themselves
(``AREA_KEYS`` below: cards, the week grid, the review lists), which no object describes.
Keyboard only: the search field has the focus, typing filters, Down goes into the list.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, str, str]  # (group, what it does, keys)

# Keys handled inside views (keyPressEvent), by area key: (what it does, keys).
AREA_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "matrix": (
        ("Move the selected cards to Do / Schedule / Delegate / Delete", "Alt+1 … Alt+4"),
        ("Move the selected cards back to the Inbox", "Alt+0"),
        ("Move a card up / down", "Alt+Up, Alt+Down"),
        ("Complete the selected cards", "Space"),
        ("Edit the current card", "Return"),
        ("Let go of the selected cards", "Del"),
        ("Clear the filter", "Esc"),
    ),
    "week": (
        ("Move the selected block by 15 minutes / a day", "Arrow keys"),
        ("Make the selected block shorter / longer", "Shift+Up, Shift+Down"),
        ("Edit the selected block (or a new one in an empty slot)", "Return"),
        ("Delete the selected block", "Del"),
        ("Next / previous block", "Tab, Shift+Tab"),
    ),
    "delegations": (
        ("Check in on the selected delegation", "Ctrl+I"),
        ("Close the selected delegation", "Ctrl+Shift+Return"),
        ("Snooze the selected delegation", "Ctrl+Shift+S"),
    ),
    "people": (
        ("Search notes", "Ctrl+F"),
        ("Leave the search", "Esc"),
        ("Open the selected person", "Return"),
    ),
    "review": (
        ("Next step (finishes on the last)", "Ctrl+Return, Ctrl+Enter"),
        ("Previous step", "Ctrl+Backspace"),
        ("Inbox: move the selected task to Do / Schedule / Delegate / Delete", "1 … 4"),
        ("Inbox: let go", "L"),
        ("Prune: delegate / delete / Do / Schedule", "G, X, 1, 2"),
        ("Prune: estimate / defer", "E, D"),
    ),
}


def _keys_text(sequences: Iterable[QKeySequence]) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in sequences]
    # Drop the platform's extra bindings on dedicated keys (Undo, Exit, F14...):
    # people look for the chords.
    chords = [k for k in keys if "+" in k]
    keys = chords or [k for k in keys if k][:1]
    return ", ".join(keys)


def shortcut_rows(groups: Iterable[tuple[str, Iterable[QAction]]]) -> list[Row]:
    """(group, action text, shortcut) for every action that has a shortcut."""
    rows = []
    for group, actions in groups:
        for action in actions:
            keys = _keys_text(action.shortcuts())
            if keys:
                rows.append((group, action.text().replace("&", ""), keys))
    return rows


def area_rows(title: str, key: str, area: QWidget | None) -> list[Row]:
    """An area's keys: the documented view keys, then what the built area registers."""
    rows: list[Row] = [(title, text, keys) for text, keys in AREA_KEYS.get(key, ())]
    if area is None:
        return rows
    known = {r[2] for r in rows}
    for action in area.findChildren(QAction):
        keys = _keys_text(action.shortcuts())
        text = action.text().replace("&", "")
        if keys and text and keys not in known:
            rows.append((title, text, keys))
            known.add(keys)
    for shortcut in area.findChildren(QShortcut):
        keys = _keys_text([shortcut.key()])
        text = shortcut.whatsThis()
        if keys and text and keys not in known:
            rows.append((title, text, keys))
            known.add(keys)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(
        self,
        groups: Iterable[tuple[str, Iterable[QAction]]],
        parent: QWidget | None = None,
        *,
        areas: Iterable[Row] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 560)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search shortcuts… (Down to the list)")
        self.search.setAccessibleName("Search shortcuts")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.no_match = QLabel("No shortcut matches.")
        self.no_match.setObjectName("FieldHint")
        self.no_match.hide()
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        parents: dict[str, QTreeWidgetItem] = {}
        for group, text, keys in [*shortcut_rows(groups), *areas]:
            if group not in parents:
                parents[group] = QTreeWidgetItem(self.tree, [group])
                parents[group].setFirstColumnSpanned(True)
                parents[group].setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parents[group].font(0)
                font.setBold(True)
                parents[group].setFont(0, font)
            QTreeWidgetItem(parents[group], [text, keys])
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.no_match)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.search.setFocus()

    def visible_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group.isHidden():
                continue
            for c in range(group.childCount()):
                child = group.child(c)
                if not child.isHidden():
                    rows.append((group.text(0), child.text(0), child.text(1)))
        return rows

    def _on_search_text_changed(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            any_child = False
            for c in range(group.childCount()):
                child = group.child(c)
                haystack = f"{group.text(0)} {child.text(0)} {child.text(1)}".casefold()
                match = all(w in haystack for w in words)
                child.setHidden(not match)
                any_child = any_child or match
                shown += match
            group.setHidden(not any_child)
        self.no_match.setVisible(shown == 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
        ):
            self.tree.setFocus(Qt.FocusReason.TabFocusReason)
            first = next(
                (
                    self.tree.topLevelItem(g).child(c)
                    for g in range(self.tree.topLevelItemCount())
                    for c in range(self.tree.topLevelItem(g).childCount())
                    if not self.tree.topLevelItem(g).child(c).isHidden()
                ),
                None,
            )
            if first is not None:
                self.tree.setCurrentItem(first)
            return True
        return super().eventFilter(watched, event)
