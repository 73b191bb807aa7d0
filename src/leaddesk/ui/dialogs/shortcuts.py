"""Help > Keyboard shortcuts: every menu action with its shortcut, read from the live actions
(so the list can never drift from what the keys really do)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(groups: Iterable[tuple[str, Iterable[QAction]]]) -> list[tuple[str, str, str]]:
    """(group, action text, shortcut) for every action that has a shortcut."""
    rows = []
    for group, actions in groups:
        for action in actions:
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            # Drop the platform's extra bindings on dedicated keys (Undo, Exit, F14...):
            # people look for the chords.
            chords = [k for k in keys if "+" in k]
            keys = chords or [k for k in keys if k][:1]
            if keys:
                rows.append((group, action.text().replace("&", ""), ", ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(
        self, groups: Iterable[tuple[str, Iterable[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(460, 520)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        parents: dict[str, QTreeWidgetItem] = {}
        for group, text, keys in shortcut_rows(groups):
            if group not in parents:
                parents[group] = QTreeWidgetItem(self.tree, [group])
                parents[group].setFirstColumnSpanned(True)
                font = parents[group].font(0)
                font.setBold(True)
                parents[group].setFont(0, font)
            QTreeWidgetItem(parents[group], [text, keys])
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
