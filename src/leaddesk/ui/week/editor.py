"""Dialogs of the week view: the block editor, the scope question, overrun and reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC as UTC_ZONE
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.date_range import MAX_DATE, MIN_DATE
from ...domain.errors import ValidationError
from ...domain.model import BlockKind, BlockOutcome, TimeBlock
from ...domain.recurrence import WEEKDAY_CODES, Recurrence, daily_rule, weekly_rule
from ...domain.week import wall_time
from ...services.blocks import Scope
from ..date_field import DateLineEdit
from ..record_dialog import RecordDialog

if TYPE_CHECKING:
    from ..context import AppContext

REPEAT_CHOICES = (
    ("none", "Does not repeat"),
    ("weekly", "Weekly"),
    ("biweekly", "Every 2 weeks"),
    ("weekdays", "Every weekday (Mon–Fri)"),
    ("daily", "Daily"),
    ("monthly", "Monthly (same date)"),
)
KEEP_RULE = "keep"  # a rule the controls cannot show (e.g. yearly): kept as it is
_INTERVAL_UNITS = {"weekly": "week", "daily": "day", "monthly": "month"}
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
    recurrence: str  # RRULE text, or "" for "does not repeat"
    outcome: BlockOutcome
    outcome_reason: str
    person_id: int | None = None
    rule_changed: bool = False  # the repeat controls differ from what the block had


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _qtime(moment: datetime, tz: tzinfo) -> QTime:
    local = moment.astimezone(tz)
    return QTime(local.hour, local.minute)


class BlockEditor(RecordDialog):
    """Edit (or create) one block, including its repeat rule.

    A block in a series shows its current rule in the repeat controls; changing them
    (another interval, other weekdays, an end date, or "does not repeat") is saved for
    "this and following" or "all" blocks of the series (the area asks which).

    The area binds it to the session (``bind(ctx, save=...)``): a lock saves valid edits
    first, and the privacy screen masks the title, the reason and the person.
    """

    def __init__(
        self,
        tz: tzinfo,
        block: TimeBlock | None = None,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        series_text: str = "",
        rule: Recurrence | None = None,
        people: list[tuple[int, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(None, parent)
        self.tz = tz
        self.block = block
        self.rule = rule
        self._in_series = bool(series_text) or rule is not None
        if rule is not None and not series_text:
            series_text = rule.describe(tz)
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
        self.person_label = form.labelForField(self.person_combo)

        local_start = start.astimezone(tz)
        self._stored_day = local_start.date()  # kept unless the user changes the day
        self._day_touched = False
        # One typeable field ("fri", "+1d", "thu 14:00", "2026-12-04"), read from the block's
        # own day: a Tab plus "14" no longer lands in a day section and moves the block.
        self.date_edit = DateLineEdit(self._stored_day, lambda: self._stored_day, with_time=True)
        self.date_edit.dateChanged.connect(self._on_day_touched)
        self.date_edit.timeTyped.connect(self._on_time_typed)
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
        time_label = QLabel("T&ime")
        time_label.setBuddy(self.start_edit)
        form.addRow(time_label, times)

        self.protected_check = QCheckBox("Protected focus time (never pushed back)")
        self.protected_check.setAccessibleName("Protected")
        self.protected_check.setChecked(bool(block and block.protected))
        form.addRow("", self.protected_check)

        self.repeat_combo = QComboBox()
        self.repeat_combo.setAccessibleName("Repeat")
        for key, label in REPEAT_CHOICES:
            self.repeat_combo.addItem(label, key)
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(1, 52)
        self.interval_spin.setPrefix("every ")
        self.interval_spin.setAccessibleName("Repeat interval")
        self.interval_spin.setToolTip("Repeat every 1, 2, 3 … weeks, days or months")
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat_combo)
        repeat_row.addWidget(self.interval_spin)
        repeat_row.addStretch(1)
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
        self.until_edit = QDateEdit()
        self.until_edit.setDateRange(_qdate(MIN_DATE), _qdate(MAX_DATE))
        self.until_edit.setDate(QDate(local_start.year, local_start.month, local_start.day))
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("ddd d MMM yyyy")
        self.until_edit.setAccessibleName("Repeat until")
        self.until_edit.setDate(self.until_edit.date().addMonths(3))
        until_row = QHBoxLayout()
        until_row.addWidget(self.until_check)
        until_row.addWidget(self.until_edit)
        until_row.addStretch(1)
        if self._in_series:
            self.series_label = QLabel(series_text)
            self.series_label.setAccessibleName("Repeats now")
            self.series_label.setWordWrap(True)
            form.addRow("Repeats now", self.series_label)
        repeat_label = QLabel("&Repeat")
        repeat_label.setBuddy(self.repeat_combo)
        form.addRow(repeat_label, repeat_row)
        form.addRow("", days_row)
        form.addRow("", until_row)
        self.rule_note = QLabel(
            "A new repeat rule applies to this and the following blocks, or to all of "
            "them; blocks already marked done, skipped or derailed keep their history."
        )
        self.rule_note.setWordWrap(True)
        self.rule_note.setEnabled(False)
        if self._in_series:
            form.addRow("", self.rule_note)
        else:
            self.rule_note.setVisible(False)
        if rule is not None:
            self._show_rule(rule)

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

        self.error_label = QLabel()
        self.error_label.setObjectName("EditorError")
        self.error_label.setAccessibleName("Problem")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #B3261E;")
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._sync_enabled)
        self.repeat_combo.currentIndexChanged.connect(self._sync_enabled)
        self.until_check.toggled.connect(self._sync_enabled)
        self.interval_spin.valueChanged.connect(self._sync_enabled)
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
        self.resize(560, self.sizeHint().height())
        self._initial_state = self._state()
        self._initial_rule_state = self._rule_state()
        # Typed edits are kept as a draft until Save or Cancel (ui/form_draft.py): once the
        # area has bound the editor to the session, the draft starts when it is shown.
        self.use_draft("block", block.id if block is not None else None, self._draft_fields())

    def _draft_fields(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "title": self.title_edit,
            "kind": self.kind_combo,
            "person": self.person_combo,
            "day": self.date_edit,
            "start": self.start_edit,
            "end": self.end_edit,
            "protected": self.protected_check,
            "repeat": self.repeat_combo,
            "interval": self.interval_spin,
        }
        for name, check in zip(_DAY_NAMES, self.weekday_checks, strict=True):
            fields[f"on_{name.lower()}"] = check
        fields.update(
            until_set=self.until_check,
            until=self.until_edit,
            outcome=self.outcome_combo,
            reason=self.reason_edit,
        )
        return fields

    def _sync_enabled(self) -> None:
        is_focus = BlockKind(self.kind_combo.currentData()) is BlockKind.FOCUS
        self.protected_check.setEnabled(is_focus)
        repeat = self.repeat_combo.currentData()
        editable = not (self.block is not None and self.block.read_only)
        for check in self.weekday_checks:
            check.setEnabled(editable and repeat in ("weekly", "biweekly"))
        unit = _INTERVAL_UNITS.get(repeat)
        self.interval_spin.setEnabled(editable and unit is not None)
        plural = "s" if self.interval_spin.value() != 1 else ""
        self.interval_spin.setSuffix(f" {unit}{plural}" if unit else "")
        ends = editable and repeat not in ("none", KEEP_RULE)
        self.until_check.setEnabled(ends)
        self.until_edit.setEnabled(ends and self.until_check.isChecked())
        self.repeat_combo.setEnabled(editable)
        outcome = BlockOutcome(self.outcome_combo.currentData())
        self.reason_edit.setEnabled(outcome in (BlockOutcome.DERAILED, BlockOutcome.PARTLY_DONE))

    def _show_rule(self, rule: Recurrence) -> None:
        """Set the repeat controls to ``rule`` (a rule they cannot show is kept as is)."""
        parts = dict(chunk.partition("=")[::2] for chunk in rule.rule.upper().split(";") if chunk)
        freq = parts.get("FREQ", "")
        interval = int(parts.get("INTERVAL") or 1)
        days = [
            WEEKDAY_CODES.index(code[-2:])
            for code in parts.get("BYDAY", "").split(",")
            if code[-2:] in WEEKDAY_CODES and code[:-2] == ""
        ]
        key = KEEP_RULE
        byday = [code for code in parts.get("BYDAY", "").split(",") if code]
        if freq == "WEEKLY" and len(days) == len(byday):  # plain weekdays (no "2TU")
            if sorted(days) == [0, 1, 2, 3, 4] and interval == 1:
                key = "weekdays"
            else:
                key = "biweekly" if interval == 2 else "weekly"
            if not days:
                days = [rule.dtstart.astimezone(self.tz).weekday()]
            for index, check in enumerate(self.weekday_checks):
                check.setChecked(index in days)
        elif freq == "DAILY" and "BYDAY" not in parts:
            key = "daily"
        elif freq == "MONTHLY" and set(parts) <= {"FREQ", "INTERVAL", "UNTIL"}:
            key = "monthly"
        if key == KEEP_RULE:
            self.repeat_combo.addItem(f"As now: {rule.describe(self.tz)}", KEEP_RULE)
        self.repeat_combo.setCurrentIndex(self.repeat_combo.findData(key))
        if key in _INTERVAL_UNITS:
            self.interval_spin.setValue(interval)
        until = rule.until
        if until is not None:
            last_day = (until.astimezone(self.tz) - timedelta(seconds=1)).date()
            self.until_check.setChecked(True)
            self.until_edit.setDate(QDate(last_day.year, last_day.month, last_day.day))

    def _rule_state(self) -> tuple[Any, ...]:
        repeat = self.repeat_combo.currentData()
        return (
            repeat,
            self.interval_spin.value() if repeat in _INTERVAL_UNITS else None,
            tuple(c.isChecked() for c in self.weekday_checks)
            if repeat in ("weekly", "biweekly")
            else None,
            self.until_check.isChecked() and repeat not in ("none", KEEP_RULE),
            self.until_edit.date().toJulianDay() if self.until_check.isChecked() else None,
        )

    def _state(self) -> tuple[Any, ...]:
        return (
            self.title_edit.text(),
            self.kind_combo.currentIndex(),
            self.person_combo.currentIndex(),
            self.date_edit.date().toJulianDay(),
            self.start_edit.time().toString(),
            self.end_edit.time().toString(),
            self.protected_check.isChecked(),
            self._rule_state(),
            self.outcome_combo.currentIndex(),
            self.reason_edit.text(),
        )

    @property
    def rule_changed(self) -> bool:
        """Did the user change the repeat controls? (A new block: does it repeat?)"""
        if self.block is None or not self._in_series:
            return self.repeat_combo.currentData() != "none"
        return self._rule_state() != self._initial_rule_state

    def is_modified(self) -> bool:
        """Anything changed since the editor opened (what a lock must not throw away)."""
        return self._state() != self._initial_state

    def problem(self) -> str:
        """Why the editor's values cannot be saved as they are, or "" when they can."""
        if self.date_edit.problem():
            return self.date_edit.problem()
        try:
            values = self.values()
        except ValidationError as exc:
            return str(exc)
        if values.end <= values.start:
            return "A block must end after it starts."
        if not values.title.strip():
            return "Give the block a title."
        return ""

    def accept(self) -> None:
        """Save only values that can be saved; otherwise say why and stay open."""
        problem = self.problem()
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        if problem:
            return
        super().accept()

    def _on_time_typed(self, at: time) -> None:
        """ "thu 14:00" in the day field: the block starts then and keeps its length."""
        start = self.start_edit.time()
        length = start.secsTo(self.end_edit.time())
        new_start = QTime(at.hour, at.minute)
        self.start_edit.setTime(new_start)
        if length > 0:
            self.end_edit.setTime(new_start.addSecs(length))

    def _on_day_touched(self, *_: object) -> None:
        self._day_touched = True

    def wants_save_on_lock(self) -> bool:
        """The vault is about to lock (it is still open): if the user changed something
        and it can be saved, the ``save`` given to ``bind`` runs (the Save button's undoable
        command, without questions or message boxes); the context then closes the editor.
        Invalid edits are not written to the block; they stay in the editor's draft."""
        return self.is_modified() and not self.problem()

    def set_privacy(self, on: bool) -> None:
        """Privacy screen: the title and the outcome reason are masked (still editable and
        kept as they are) and the person is hidden; the kind, times and repeat rule stay."""
        self._privacy_on = on
        mode = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        for edit in (self.title_edit, self.reason_edit):
            edit.setEchoMode(mode)
        for widget in (self.person_combo, self.person_label):
            if widget is not None:
                widget.setVisible(not on)

    def values(self) -> BlockValues:
        day = self.date_edit.date().toPython() if self._day_touched else self._stored_day
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
            rule_changed=self.rule_changed,
        )

    def rule_text(self, start: datetime) -> str:
        """RRULE text of the repeat controls ("" = does not repeat); ``ValidationError``
        for what cannot be saved (weekly with no weekday, an end before the block)."""
        repeat = self.repeat_combo.currentData()
        if repeat == KEEP_RULE:
            assert self.rule is not None
            return self.rule.rule
        if repeat == "none":
            return ""
        until = None
        if self.until_check.isChecked():
            until_day = self.until_edit.date().toPython()
            assert isinstance(until_day, date)
            if until_day < start.astimezone(self.tz).date():
                raise ValidationError("The repeat end date is before the block's day.")
            until = datetime.combine(until_day + timedelta(days=1), time(0), tzinfo=self.tz)
        interval = self.interval_spin.value()
        if repeat in ("weekly", "biweekly"):
            days = [i for i, check in enumerate(self.weekday_checks) if check.isChecked()]
            return weekly_rule(days, interval if repeat == "weekly" else 2, until)
        if repeat == "weekdays":
            return weekly_rule(list(range(5)), 1, until)
        if repeat == "daily":
            return daily_rule(interval, until)
        parts = [f"FREQ=MONTHLY;INTERVAL={interval}"]  # monthly: on the block's date
        if until is not None:
            parts.append(f"UNTIL={until.astimezone(UTC_ZONE):%Y%m%dT%H%M%SZ}")
        return ";".join(parts)


SCOPE_LABELS: dict[Scope, str] = {
    "this": "This one",
    "following": "This and following",
    "all": "All",
}


def _ask_scope(box: QMessageBox, scopes: list[Scope]) -> Scope | None:
    """Offer ``scopes`` as buttons (the first is the default) plus Cancel; the choice."""
    buttons = {box.addButton(SCOPE_LABELS[s], QMessageBox.ButtonRole.AcceptRole): s for s in scopes}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(next(iter(buttons)))
    box.exec()
    return buttons.get(box.clickedButton())  # type: ignore[call-overload]


def ask_rule_scope(parent: QWidget | None) -> Scope | None:
    """ "This and following / all" for a new repeat rule ("this one" makes no sense: a rule
    describes many blocks)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Change the repeat rule")
    box.setText("Apply the new repeat rule to this and the following blocks, or to all?")
    box.setInformativeText(
        "A rule cannot change for one block alone. Earlier blocks keep the old rule with "
        "“this and following”; blocks already marked done, skipped or derailed always "
        "keep their history."
    )
    return _ask_scope(box, ["following", "all"])


def ask_scope(parent: QWidget | None, verb: str) -> Scope | None:
    """ "This one / this and following / all" for an edit or delete of a repeating block."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"{verb} repeating block")
    box.setText(f"{verb} only this block, this and the following ones, or the whole series?")
    return _ask_scope(box, ["this", "following", "all"])


class OverrunDialog(RecordDialog):
    """ "It ran until …": the new end of an overrunning block.

    Bound to the session (``ctx``) it is a :class:`RecordDialog`: a lock while it is open
    and its time was changed pushes the later blocks to that time first (``save_on_lock``,
    quietly, one undo step), as the week's other prompts apply their answer at a lock; a
    push the lock cannot make (past midnight) keeps the time as the block's ``overrun``
    draft. The time typed is that draft anyway, at most two seconds behind, so a crash loses
    it neither: the dialog opened again for the block comes back with it, saying so."""

    def __init__(
        self,
        default_end: datetime,
        tz: tzinfo,
        parent: QWidget | None = None,
        *,
        ctx: AppContext | None = None,
        block_id: int | None = None,
        save_on_lock: Callable[[datetime], object] | None = None,
    ):
        super().__init__(None, parent)
        self.tz = tz
        self.day = default_end.astimezone(tz).date()
        self._save_on_lock = save_on_lock
        self.setWindowTitle("Block overran")
        self.setMinimumWidth(360)  # the restored-draft line fits in two lines, as in prompts
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
        label.setBuddy(self.end_edit)
        layout.addWidget(self.end_edit)
        self._default_time = self.end_edit.time()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Push later blocks")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.confirm_discard = lambda parent: True  # one field: Esc cancels at once, as before
        if ctx is not None:
            self.bind(ctx)
            if block_id is not None:
                self.use_draft("overrun", block_id, {"end": self.end_edit})

    def new_end(self) -> datetime:
        value = self.end_edit.time()
        minutes = value.hour() * 60 + value.minute() or 24 * 60
        return wall_time(self.day, minutes, self.tz)

    def wants_save_on_lock(self) -> bool:
        """A time the user chose (not the one offered) is applied before a lock."""
        return self._save_on_lock is not None and self.end_edit.time() != self._default_time

    def save_quietly(self) -> object:
        if self._save_on_lock is None:
            return False
        return bool(self._save_on_lock(self.new_end()))


__all__ = [
    "WEEKDAY_CODES",
    "BlockEditor",
    "BlockValues",
    "OverrunDialog",
    "ask_rule_scope",
    "ask_scope",
]
_ = Qt
