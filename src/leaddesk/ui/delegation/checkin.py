"""Logging a check-in: when we spoke, what we heard, and whether it is blocked."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import DelegationStatus
from ..context import AppContext
from ..dialogs.common import error_label, header
from .commands import check_in_command, push_or_explain
from .model import format_day
from .widgets import TrackerDialog, date_field, date_of, show_dialog, to_qdate


class CheckInDialog(TrackerDialog):
    def __init__(self, ctx: AppContext, delegation_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.delegation_id = delegation_id
        row = ctx.services.delegations.row(delegation_id)
        self.delegation = row.delegation
        today = ctx.clock.today()
        self.setWindowTitle("Log a check-in")
        self.setObjectName("CheckInDialog")
        self.setMinimumWidth(460)

        form = QFormLayout()
        self.date_edit = date_field("Check-in date", today)
        self.date_edit.setMaximumDate(to_qdate(today))
        if self.delegation.started_on is not None and self.delegation.started_on <= today:
            self.date_edit.setMinimumDate(to_qdate(self.delegation.started_on))
        form.addRow("&On:", self.date_edit)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status after the check-in")
        self.status_combo.addItem("Active: on track", DelegationStatus.ACTIVE.value)
        self.status_combo.addItem("Blocked: needs help", DelegationStatus.BLOCKED.value)
        current = self.delegation.status if self.delegation.status.is_open else "active"
        self.status_combo.setCurrentIndex(self.status_combo.findData(str(current)))
        form.addRow("&Status:", self.status_combo)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("What you heard")
        self.note_edit.setPlaceholderText("Progress, blockers, what was agreed…")
        self.note_edit.setTabChangesFocus(True)
        form.addRow("&Note:", self.note_edit)
        self.next_label = QLabel()
        self.next_label.setObjectName("FieldHint")
        form.addRow("Next check-in:", self.next_label)

        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Log check-in")
        ok.setAccessibleName("Log check-in")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        title = row.task_title.split("\n", 1)[0]
        layout = QVBoxLayout(self)
        self.header_box = header("Log a check-in", f"{row.person_name}: {title}"[:200])
        layout.addWidget(self.header_box)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.date_edit.dateChanged.connect(self._update_next)
        self._update_next()
        self.note_edit.setFocus()
        # What is typed is kept as a draft until it is logged or cancelled (form_draft.py).
        self.use_draft(
            "check-in",
            delegation_id,
            {"on": self.date_edit, "status": self.status_combo, "note": self.note_edit},
        )

    def _update_next(self) -> None:
        on = date_of(self.date_edit) or self.ctx.clock.today()
        every = self.delegation.check_in_every_days
        nxt = on + timedelta(days=every)
        self.next_label.setText(f"{format_day(nxt, self.ctx.clock.today())} (every {every} days)")

    def private_widgets(self) -> list[QWidget]:
        return [self.header_box]  # "person: task title"

    def accept(self) -> None:
        command = check_in_command(
            self.ctx,
            self.delegation_id,
            on=date_of(self.date_edit),
            note=self.note_edit.toPlainText(),
            status_after=DelegationStatus(self.status_combo.currentData()),
        )
        problem = push_or_explain(self.ctx, command)
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


def open_check_in(ctx: AppContext, parent: QWidget | None, delegation_id: int) -> CheckInDialog:
    dialog = CheckInDialog(ctx, delegation_id, parent)
    show_dialog(dialog)
    return dialog
