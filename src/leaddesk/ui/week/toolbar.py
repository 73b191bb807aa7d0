"""The week area's toolbar row: week navigation and title, go-to date, the kind of newly
drawn blocks, New block, and the calendar import and export buttons (their slots stay on
the area)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QMenu, QToolButton

from ...domain.date_range import MAX_DATE, MIN_DATE
from ...domain.model import BlockKind

if TYPE_CHECKING:
    from .area import WeekArea


class WeekToolbar:
    """Builds the toolbar row (``bar``, a layout the area adds) and keeps its controls."""

    def __init__(self, area: WeekArea) -> None:
        self.bar = QHBoxLayout()
        self.prev_button = self._tool_button("‹", "Previous week (Alt+Left)", area.go_previous)
        self.today_button = self._tool_button("Today", "This week (Alt+Home)", area.go_today)
        self.next_button = self._tool_button("›", "Next week (Alt+Right)", area.go_next)
        for button in (self.prev_button, self.today_button, self.next_button):
            self.bar.addWidget(button)
        self.title_label = QLabel()
        self.title_label.setObjectName("WeekTitle")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAccessibleName("Week shown")
        self.bar.addSpacing(8)
        self.bar.addWidget(self.title_label)
        self.bar.addStretch(1)
        go_label = QLabel("&Go to")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setDateRange(QDate(MIN_DATE), QDate(MAX_DATE))
        self.date_edit.setAccessibleName("Go to date")
        self.date_edit.setToolTip("Pick a date to show its week (Ctrl+G)")
        go_label.setBuddy(self.date_edit)
        self.date_edit.dateChanged.connect(area._on_date_edit_changed)
        self.bar.addWidget(go_label)
        self.bar.addWidget(self.date_edit)
        draw_label = QLabel("&New blocks")
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of newly drawn blocks")
        self.kind_combo.setToolTip("Drawing on empty time creates a block of this kind")
        for kind in BlockKind:
            self.kind_combo.addItem(kind.label, kind)
        draw_label.setBuddy(self.kind_combo)
        self.bar.addSpacing(8)
        self.bar.addWidget(draw_label)
        self.bar.addWidget(self.kind_combo)
        self.new_button = self._tool_button(
            "New block…", "New block (Ctrl+Shift+B)", area.new_block_dialog
        )
        self.bar.addWidget(self.new_button)
        self.import_button = self._tool_button(
            "Import .ics…", "Import meetings from a calendar file", area.import_calendar
        )
        self.export_button = self._tool_button(
            "Export .ics…", "Export this week's blocks as a calendar file", area.export_calendar
        )
        export_menu = QMenu(self.export_button)
        export_menu.addAction("This week…", lambda: area.export_calendar(weeks=1))
        export_menu.addAction("This and the next 3 weeks…", lambda: area.export_calendar(weeks=4))
        self.export_button.setMenu(export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.bar.addSpacing(8)
        self.bar.addWidget(self.import_button)
        self.bar.addWidget(self.export_button)

    @staticmethod
    def _tool_button(text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda _checked=False: slot())
        return button
