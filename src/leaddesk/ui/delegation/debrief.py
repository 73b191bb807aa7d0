"""Closing a delegation as done or cancelled, with a short debrief.

The debrief is the lead's learning loop: what worked, what was hard, what to do differently,
and how the lead could have supported better. All four are optional, so closing is never a
chore, but the prompts are there every time.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import DelegationStatus
from ..context import AppContext
from ..dialogs.common import error_label, header
from .commands import close_command, push_or_explain
from .widgets import TrackerDialog, date_field, date_of, show_dialog, to_qdate

PROMPTS = (
    ("worked", "What &worked:", "What went well, worth repeating"),
    ("hard", "What was &hard:", "Where it got stuck or unclear"),
    ("differently", "Do &differently:", "Next time I would…"),
    ("support", "My &support:", "How could I have supported better?"),
)


class DebriefDialog(TrackerDialog):
    def __init__(
        self,
        ctx: AppContext,
        delegation_id: int,
        parent: QWidget | None = None,
        status: DelegationStatus = DelegationStatus.DONE,
    ) -> None:
        super().__init__(ctx, parent)
        self.delegation_id = delegation_id
        row = ctx.services.delegations.row(delegation_id)
        d = ctx.services.delegations.get(delegation_id)
        today = ctx.clock.today()
        self.setWindowTitle("Close delegation")
        self.setObjectName("DebriefDialog")
        self.setMinimumWidth(520)

        self.done_radio = QRadioButton("Done: the outcome was reached")
        self.done_radio.setAccessibleName("Done")
        self.cancel_radio = QRadioButton("Cancelled: the task stays on your board")
        self.cancel_radio.setAccessibleName("Cancelled")
        group = QButtonGroup(self)
        group.addButton(self.done_radio)
        group.addButton(self.cancel_radio)
        (self.done_radio if status == DelegationStatus.DONE else self.cancel_radio).setChecked(True)
        outcome = QVBoxLayout()
        outcome.setSpacing(2)
        outcome.addWidget(self.done_radio)
        outcome.addWidget(self.cancel_radio)

        form = QFormLayout()
        form.addRow("Outcome:", outcome)
        self.closed_edit = date_field("Closed on", today)
        self.closed_edit.setMaximumDate(to_qdate(today))
        if d.started_on is not None and d.started_on <= today:
            self.closed_edit.setMinimumDate(to_qdate(d.started_on))
        form.addRow("Closed &on:", self.closed_edit)
        self.edits: dict[str, QPlainTextEdit] = {}
        existing = {
            "worked": d.debrief_worked,
            "hard": d.debrief_hard,
            "differently": d.debrief_differently,
            "support": d.debrief_support,
        }
        for key, label, placeholder in PROMPTS:
            edit = QPlainTextEdit(existing[key])
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            form.addRow(label, edit)
            self.edits[key] = edit

        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Close delegation")
        ok.setAccessibleName("Close delegation")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        title = row.task_title.split("\n", 1)[0]
        layout = QVBoxLayout(self)
        self.header_box = header("Close and debrief", f"{row.person_name}: {title}"[:200])
        layout.addWidget(self.header_box)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.edits["worked"].setFocus()
        # What is typed is kept as a draft until it is closed or cancelled (form_draft.py).
        fields: dict[str, QWidget] = {
            "done": self.done_radio,
            "cancelled": self.cancel_radio,
            "closed_on": self.closed_edit,
        }
        fields.update(self.edits)
        self.use_draft("debrief", delegation_id, fields)

    @property
    def status(self) -> DelegationStatus:
        return DelegationStatus.DONE if self.done_radio.isChecked() else DelegationStatus.CANCELLED

    def private_widgets(self) -> list[QWidget]:
        return [self.header_box]  # "person: task title"

    def accept(self) -> None:
        texts = {key: edit.toPlainText() for key, edit in self.edits.items()}
        command = close_command(
            self.ctx, self.delegation_id, self.status, closed_on=date_of(self.closed_edit), **texts
        )
        problem = push_or_explain(self.ctx, command)
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


def open_debrief(
    ctx: AppContext,
    parent: QWidget | None,
    delegation_id: int,
    status: DelegationStatus = DelegationStatus.DONE,
) -> DebriefDialog:
    dialog = DebriefDialog(ctx, delegation_id, parent, status)
    show_dialog(dialog)
    return dialog
