"""What every review step shares: the StepPage base, its heading and one-line text helpers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ....services.base import ChangeKind, ChangeSet
from ...context import AppContext

ROOMY_TREE = "QTreeWidget::item { padding: 3px 2px; }"


def heading(text: str, hint: str) -> QLabel:
    label = QLabel(f"<h2 style='margin:0'>{text}</h2><p style='margin-top:4px'>{hint}</p>")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class StepPage(QWidget):
    """Base for a review step; ``week`` is the first day of the week under review."""

    title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.week: date | None = None

    def load(self, week: date) -> None:
        self.week = week
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def clear_private(self) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Save anything typed but not yet saved (called on step change and lock)."""

    def main_widget(self) -> QWidget | None:
        """What the keyboard works on in this step (focused when the step opens)."""
        return None

    def focus_main(self) -> bool:
        """Focus the main widget; False when there is none to focus (e.g. inbox zero)."""
        widget = self.main_widget()
        if widget is None or not widget.isVisibleTo(self) or not widget.isEnabled():
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def on_changed(self, changes: ChangeSet) -> None:
        if self.week is not None and changes.touches(
            ChangeKind.TASKS,
            ChangeKind.BLOCKS,
            ChangeKind.DELEGATIONS,
            ChangeKind.NOTES,
            ChangeKind.PEOPLE,
        ):
            self.refresh()
