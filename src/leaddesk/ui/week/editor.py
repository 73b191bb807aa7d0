"""Dialogs of the week view: the block editor, the scope question, overrun and reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import BlockKind, BlockOutcome, TimeBlock
from ...domain.recurrence import WEEKDAY_CODES, daily_rule, weekly_rule
from ...domain.week import wall_time
from ...services.blocks import Scope

REPEAT_CHOICES = (
    ("none", "Does not repeat"),
    ("weekly", "Every week"),
    ("biweekly", "Every 2 weeks"),
    ("weekdays", "Every weekday (Mon–Fri)"),
    ("daily", "Every day"),
)
OUTCOME_LABELS = {
    BlockOutcome.PLANNED: "Planned (no outcome yet)",
    BlockOutcome.DONE: "Done",
    BlockOutcome.PARTLY_DONE: "Partly done",
    BlockOutcome.SKIPPED: "Skipped",
    BlockOutcome.DERAILED: "Derailed",
}
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class BlockValues:
    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    protected: bool
    recurrence: str  # "" when the block does not repeat (or already belongs to a series)
    outcome: BlockOutcome
    outcome_reason: str
    person_id: int | None = None


def _qtime(moment: datetime, tz: tzinfo) -> QTime:
    local = moment.astimezone(tz)
    return QTime(local.hour, local.minute)


class BlockEditor(QDialog):
    """Edit (or create) one block. Series rules are set when a block starts repeating;
    a block already in a series shows its rule and edits go through the scope question."""

    def __init__(
        self,
        tz: tzinfo,
        block: TimeBlock | None = None,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        series_text: str = "",
        people: list[tuple[int, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self.block = block
        self._in_series = bool(series_text)
        self.setWindowTitle("Edit block" if block else "New block")
        self.setAccessibleName(self.windowTitle())
        start = block.start if block else start
        end = block.end if block else end
        assert start is not None and end is not None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.title_edit = QLineEdit(block.title if block else "")
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("What is this time for?")
        form.addRow("&Title", self.title_edit)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind")
        for kind in BlockKind:
            self.kind_combo.addItem(kind.label, kind)
        if block:
            self.kind_combo.setCurrentIndex(list(BlockKind).index(block.kind))
        form.addRow("&Kind", self.kind_combo)

        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("With person")
        self.person_combo.addItem("Nobody in particular", None)
        for person_id, name in people or []:
            self.person_combo.addItem(name, person_id)
        if block is not None and block.person_id is not None:
            index = self.person_combo.findData(block.person_id)
            if index < 0:
                self.person_combo.addItem("(archived person)", block.person_id)
                index = self.person_combo.count() - 1
            self.person_combo.setCurrentIndex(index)
        form.addRow("&With", self.person_combo)

        local_start = start.astimezone(tz)
        self.date_edit = QDateEdit(QDate(local_start.year, local_start.month, local_start.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName("Day")
        form.addRow("&Day", self.date_edit)

        times = QHBoxLayout()
        self.start_edit = QTimeEdit(_qtime(start, tz))
        self.start_edit.setDisplayFormat("HH:mm")
        self.start_edit.setAccessibleName("Start time")
        self.end_edit = QTimeEdit(_qtime(end, tz))
        self.end_edit.setDisplayFormat("HH:mm")
        self.end_edit.setAccessibleName("End time (00:00 means midnight)")
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("to"))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        form.addRow("T&ime", times)

        self.protected_check = QCheckBox("Protected focus time (never pushed back)")
        self.protected_check.setAccessibleName("Protected")
        self.protected_check.setChecked(bool(block and block.protected))
        form.addRow("", self.protected_check)

        self.repeat_combo = QComboBox()
        self.repeat_combo.setAccessibleName("Repeat")
        for key, label in REPEAT_CHOICES:
            self.repeat_combo.addItem(label, key)
        self.weekday_checks: list[QCheckBox] = []
        days_row = QHBoxLayout()
        for index, name in enumerate(_DAY_NAMES):
            check = QCheckBox(name)
            check.setAccessibleName(f"Repeat on {name}")
            check.setChecked(index == local_start.weekday())
            self.weekday_checks.append(check)
            days_row.addWidget(check)
        self.until_check = QCheckBox("until")
        self.until_check.setAccessibleName("Repeat until a date")
        self.until_edit = QDateEdit(QDate(local_start.year, local_start.month, local_start.day))
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("ddd d MMM yyyy")
        self.until_edit.setAccessibleName("Repeat until")
        self.until_edit.setDate(self.until_edit.date().addMonths(3))
        until_row = QHBoxLayout()
        until_row.addWidget(self.until_check)
        until_row.addWidget(self.until_edit)
        until_row.addStretch(1)
        if series_text:
            form.addRow("Repeats", QLabel(series_text))
            self.repeat_combo.setVisible(False)
        else:
            form.addRow("&Repeat", self.repeat_combo)
            form.addRow("", days_row)
            form.addRow("", until_row)

        self.outcome_combo = QComboBox()
        self.outcome_combo.setAccessibleName("Outcome")
        for outcome, label in OUTCOME_LABELS.items():
            self.outcome_combo.addItem(label, outcome)
        if block:
            self.outcome_combo.setCurrentIndex(list(OUTCOME_LABELS).index(block.outcome))
        self.reason_edit = QLineEdit(block.outcome_reason if block else "")
        self.reason_edit.setAccessibleName("Reason")
        self.reason_edit.setPlaceholderText("What got in the way? (one line)")
        self.reason_edit.setMaxLength(200)
        if block is not None:
            form.addRow("&Outcome", self.outcome_combo)
            form.addRow("Rea&son", self.reason_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._sync_enabled)
        self.repeat_combo.currentIndexChanged.connect(self._sync_enabled)
        self.until_check.toggled.connect(self._sync_enabled)
        self.outcome_combo.currentIndexChanged.connect(self._sync_enabled)
        self._sync_enabled()
        if block is not None and block.read_only:
            for widget in (
                self.title_edit,
                self.kind_combo,
                self.date_edit,
                self.start_edit,
                self.end_edit,
                self.protected_check,
                self.person_combo,
            ):
                widget.setEnabled(False)
        self.title_edit.setFocus()
        self.resize(520, self.sizeHint().height())

    def _sync_enabled(self) -> None:
        is_focus = BlockKind(self.kind_combo.currentData()) is BlockKind.FOCUS
        self.protected_check.setEnabled(is_focus)
        repeat = self.repeat_combo.currentData()
        for check in self.weekday_checks:
            check.setEnabled(repeat in ("weekly", "biweekly"))
        self.until_check.setEnabled(repeat != "none")
        self.until_edit.setEnabled(repeat != "none" and self.until_check.isChecked())
        outcome = BlockOutcome(self.outcome_combo.currentData())
        self.reason_edit.setEnabled(outcome in (BlockOutcome.DERAILED, BlockOutcome.PARTLY_DONE))

    def values(self) -> BlockValues:
        day = self.date_edit.date().toPython()
        assert isinstance(day, date)
        start_q, end_q = self.start_edit.time(), self.end_edit.time()
        start = wall_time(day, start_q.hour() * 60 + start_q.minute(), self.tz)
        end_minutes = end_q.hour() * 60 + end_q.minute()
        if end_minutes == 0:
            end_minutes = 24 * 60  # 00:00 as an end means midnight
        end = wall_time(day, end_minutes, self.tz)
        return BlockValues(
            title=self.title_edit.text(),
            kind=BlockKind(self.kind_combo.currentData()),
            start=start,
            end=end,
            protected=self.protected_check.isChecked() and self.protected_check.isEnabled(),
            recurrence=self.rule_text(start),
            outcome=BlockOutcome(self.outcome_combo.currentData()),
            outcome_reason=self.reason_edit.text().strip(),
            person_id=self.person_combo.currentData(),
        )

    def rule_text(self, start: datetime) -> str:
        if self._in_series:
            return ""
        repeat = self.repeat_combo.currentData()
        until = None
        if self.until_check.isChecked():
            until_day = self.until_edit.date().toPython()
            assert isinstance(until_day, date)
            until = datetime.combine(until_day + timedelta(days=1), time(0), tzinfo=self.tz)
        if repeat == "weekly" or repeat == "biweekly":
            days = [i for i, check in enumerate(self.weekday_checks) if check.isChecked()]
            return weekly_rule(days or [start.weekday()], 1 if repeat == "weekly" else 2, until)
        if repeat == "weekdays":
            return weekly_rule(list(range(5)), 1, until)
        if repeat == "daily":
            return daily_rule(1, until)
        return ""


def ask_scope(parent: QWidget | None, verb: str) -> Scope | None:
    """ "This one / this and following / all" for an edit or delete of a repeating block."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"{verb} repeating block")
    box.setText(f"{verb} only this block, this and the following ones, or the whole series?")
    this = box.addButton("This one", QMessageBox.ButtonRole.AcceptRole)
    following = box.addButton("This and following", QMessageBox.ButtonRole.AcceptRole)
    every = box.addButton("All", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(this)
    box.exec()
    clicked = box.clickedButton()
    if clicked is this:
        return "this"
    if clicked is following:
        return "following"
    if clicked is every:
        return "all"
    return None


class OverrunDialog(QDialog):
    """ "It ran until …": the new end of an overrunning block."""

    def __init__(self, default_end: datetime, tz: tzinfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.tz = tz
        self.day = default_end.astimezone(tz).date()
        self.setWindowTitle("Block overran")
        layout = QVBoxLayout(self)
        label = QLabel(
            "It ran until the time below. Later blocks of this day that are not protected "
            "move back by the same amount."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.end_edit = QTimeEdit(_qtime(default_end, tz))
        self.end_edit.setDisplayFormat("HH:mm")
        self.end_edit.setAccessibleName("Actual end time")
        layout.addWidget(self.end_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Push later blocks")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def new_end(self) -> datetime:
        value = self.end_edit.time()
        minutes = value.hour() * 60 + value.minute() or 24 * 60
        return wall_time(self.day, minutes, self.tz)


__all__ = ["WEEKDAY_CODES", "BlockEditor", "BlockValues", "OverrunDialog", "ask_scope"]
_ = Qt
