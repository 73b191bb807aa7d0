"""Snoozing a needs-attention item until a chosen day ("I know; remind me on Monday")."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from ...domain import delegation_rules as rules
from ..context import AppContext
from ..dialogs.common import error_label
from .commands import push_or_explain, snooze_command
from .widgets import TrackerDialog, date_field, date_of, show_dialog, to_qdate


class SnoozeDialog(TrackerDialog):
    def __init__(self, ctx: AppContext, delegation_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.delegation_id = delegation_id
        today = ctx.clock.today()
        d = ctx.services.delegations.get(delegation_id)
        self.setWindowTitle("Snooze until")
        self.setObjectName("SnoozeDialog")
        form = QFormLayout()
        self.until_edit = date_field("Snooze until", rules.default_snooze(d, today))
        self.until_edit.setMinimumDate(to_qdate(today + timedelta(days=1)))
        form.addRow("Hide from Needs attention &until:", self.until_edit)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Snooze")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Snooze")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.until_edit.setFocus()

    def is_modified(self) -> bool:
        return False  # a date, nothing typed: a lock just closes it

    def accept(self) -> None:
        command = snooze_command(self.ctx, self.delegation_id, date_of(self.until_edit))
        problem = push_or_explain(self.ctx, command)
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


def open_snooze(ctx: AppContext, parent: QWidget | None, delegation_id: int) -> SnoozeDialog:
    dialog = SnoozeDialog(ctx, delegation_id, parent)
    show_dialog(dialog)
    return dialog
