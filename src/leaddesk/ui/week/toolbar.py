"""The week area's toolbar row: week navigation and title, go-to date, the kind of newly
drawn blocks, New block, and one Calendar menu (import, export, the capacity panel; their
slots stay on the area)."""

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
        # The title takes the row's spare width (it was a stretch beside it): a new week's
        # title then moves and resizes nothing, only the label repaints.
        self.bar.addWidget(self.title_label, 1)
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
        draw_label = QLabel("&Draw")
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
        # One "Calendar" menu for import and export: the row must fit a 1280 px laptop
        # screen beside the sidebar (two buttons here pushed it to 1310 px).
        self.calendar_button = QToolButton()
        self.calendar_button.setText("&Calendar")
        self.calendar_button.setToolTip("Import or export .ics files; show the capacity panel")
        self.calendar_button.setAccessibleName("Calendar files and panels")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.calendar_button)
        self.import_action = menu.addAction("&Import .ics…", lambda: area.import_calendar())
        menu.addSeparator()
        self.export_action = menu.addAction(
            "&Export this week…", lambda: area.export_calendar(weeks=1)
        )
        menu.addAction("Export this and the &next 3 weeks…", lambda: area.export_calendar(weeks=4))
        menu.addSeparator()
        self.capacity_action = menu.addAction("Show the ca&pacity panel")
        self.capacity_action.setCheckable(True)
        self.capacity_action.setChecked(True)
        self.capacity_action.toggled.connect(area.show_capacity_panel)
        self.calendar_button.setMenu(menu)
        self.bar.addSpacing(8)
        self.bar.addWidget(self.calendar_button)

    @staticmethod
    def _tool_button(text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda _checked=False: slot())
        return button
