"""Quick capture (Ctrl+N from anywhere): one line, Enter files it in the Inbox.

"Never say yes on the spot": the optional requester and "needed by" fields record who asked
and when they need an answer, so the request can be decided at triage time. A lock files
what was typed (it is a ``RecordDialog``) instead of throwing it away.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.date_range import MAX_DATE, MIN_DATE
from ..context import AppContext
from ..record_dialog import RecordDialog
from .capture_chips import CaptureChips
from .commands import CaptureTaskCommand


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def default_answer_day(today: date) -> date:
    """Two working days ahead: a sensible first guess for "when do you need an answer?"."""
    day, left = today, 2
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


class QuickCaptureDialog(RecordDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.setWindowTitle("Capture")
        self.setObjectName("quick-capture")
        self.setMinimumWidth(520)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("What came in? Enter files it in the Inbox")
        self.title_edit.setAccessibleName("Task title")
        self.title_edit.setMaxLength(20_000)
        self.requester_edit = QLineEdit()
        self.requester_edit.setPlaceholderText("Who asked? (optional)")
        self.requester_edit.setAccessibleName("Requester")
        self.requester_edit.setMaxLength(200)
        self.needed_check = QCheckBox("Answer needed by")
        self.needed_check.setAccessibleName("Answer needed by")
        self.needed_check.setToolTip("When do you need an answer? Ask before saying yes.")
        self.needed_date = QDateEdit()
        self.needed_date.setDateRange(_to_qdate(MIN_DATE), _to_qdate(MAX_DATE))
        self.needed_date.setDate(_to_qdate(default_answer_day(ctx.clock.today())))
        self.needed_date.setCalendarPopup(True)
        self.needed_date.setDisplayFormat("ddd d MMM yyyy")
        self.needed_date.setAccessibleName("Needed-by date")
        self.needed_date.setEnabled(False)
        self.needed_check.toggled.connect(self.needed_date.setEnabled)
        self.message = QLabel()
        self.message.setObjectName("capture-message")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setAccessibleName("Capture message")
        self.message.hide()
        self.file_button = QPushButton("File in Inbox")
        self.file_button.setDefault(True)
        self.file_button.setAccessibleName("File in Inbox")
        self.file_button.clicked.connect(self.submit)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        cancel.clicked.connect(self.reject)

        extras = QHBoxLayout()
        extras.addWidget(self.requester_edit, 1)
        extras.addWidget(self.needed_check)
        extras.addWidget(self.needed_date)
        buttons = QHBoxLayout()
        hint = QLabel("Enter files it · Esc cancels")
        hint.setEnabled(False)
        buttons.addWidget(hint, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.file_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_edit)
        layout.addLayout(extras)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setTabOrder(self.title_edit, self.requester_edit)
        self.setTabOrder(self.requester_edit, self.needed_check)
        self.setTabOrder(self.needed_check, self.needed_date)
        self.setTabOrder(self.needed_date, self.file_button)
        self.setTabOrder(self.file_button, cancel)
        self.title_edit.textEdited.connect(lambda _text: self.message.hide())
        # What the line says (requester, needed-by, estimate, quadrant) as removable chips.
        self.chips = CaptureChips.attach(self)
        # Typing is kept as a draft until filed or cancelled (a crash loses nothing, see
        # ui/form_draft.py); Esc still cancels at once, as the hint says.
        self.use_draft(
            "capture",
            None,
            {
                "title": self.title_edit,
                "requester": self.requester_edit,
                "needed": self.needed_check,
                "needed_on": self.needed_date,
            },
        )
        self.confirm_discard = lambda parent: True

    def submit(self) -> None:
        """File the task; an empty title is refused here, with nothing stored."""
        if not self.title_edit.text().strip():
            self.message.setText("Type what came in first: an empty task can't be filed.")
            self.message.show()
            self.title_edit.setFocus()
            return
        if self.ctx.push(self._command()):
            self.accept()

    def _command(self) -> CaptureTaskCommand:
        if self.chips.understood():
            return self.chips.command()
        needed_by = _from_qdate(self.needed_date.date()) if self.needed_check.isChecked() else None
        return CaptureTaskCommand(
            self.ctx.services.tasks,
            self.title_edit.text(),
            requester=self.requester_edit.text(),
            needed_by=needed_by,
        )

    def is_modified(self) -> bool:
        return bool(self.title_edit.text().strip())  # only a title makes a task

    def save_quietly(self) -> bool:
        """The vault is about to lock: file what was typed (one undoable capture)."""
        return self.ctx.push(self._command(), quiet=True)


def open_quick_capture(ctx: AppContext, parent: QWidget | None) -> None:
    """Open the one-line capture (the shell binds it to Ctrl+N). Does nothing while locked."""
    if not ctx.is_unlocked:
        return
    existing = ctx.find_open_window(QuickCaptureDialog)
    if isinstance(existing, QuickCaptureDialog):
        existing.raise_()
        existing.activateWindow()
        existing.title_edit.setFocus()
        return
    dialog = QuickCaptureDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.title_edit.setFocus()
