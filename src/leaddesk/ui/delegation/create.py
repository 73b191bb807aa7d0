"""Creating and editing a delegation: the hand-over dialog.

Entry points other areas call:

- ``offer_delegation(ctx, parent, task_id)``: the matrix board, after a card landed in
  Delegate. Cancel leaves just the move.
- ``offer_delegation_for_person(ctx, parent, person_id)``: a person's page.
- ``open_new_delegation(ctx, parent)``: the tracker's "New delegation" button (pick an open
  task or type a new one).

Each opens a window-modal dialog and returns at once; accepting pushes one undo command.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import delegation_rules as rules
from ...domain.errors import LeadDeskError, ValidationError
from ...domain.model import Delegation, DelegationStatus, GuidanceLevel
from ..context import AppContext
from ..dialogs.common import error_label, header
from .commands import CreateDelegationCommand, push_or_explain, update_command
from .widgets import TrackerDialog, date_field, date_of, set_date_quietly, show_dialog

MAX_TASK_CHOICES = 500
OPEN_STATUSES = [s for s in DelegationStatus if s.is_open]


class DelegationDialog(TrackerDialog):
    """The hand-over: who, how much guidance, by when, how we keep in touch, and why."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        task_id: int | None = None,
        person_id: int | None = None,
        existing: Delegation | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.existing = existing
        self.task_id = existing.task_id if existing is not None else task_id
        self.created_id: int | None = None
        self._next_touched = False
        services = ctx.services
        today = ctx.clock.today()
        editing = existing is not None
        self.setWindowTitle("Edit delegation" if editing else "Delegate a task")
        self.setObjectName("DelegationDialog")
        self.setMinimumWidth(520)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        # The task: fixed (from the board, or when editing) or picked / typed.
        self.task_label: QLabel | None = None
        self.task_combo: QComboBox | None = None
        if self.task_id is not None:
            title = services.tasks.get(self.task_id).title.split("\n", 1)[0]
            self.task_label = QLabel()
            self.task_label.setText(
                self.task_label.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, 420)
            )
            self.task_label.setToolTip(title[:500])
            self.task_label.setAccessibleName("Task")
            self.task_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            form.addRow("Task:", self.task_label)
        else:
            self.task_combo = QComboBox()
            self.task_combo.setEditable(True)
            self.task_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.task_combo.setAccessibleName("Task")
            self.task_combo.lineEdit().setPlaceholderText("Pick an open task or type a new one")
            taken = self._delegated_task_ids()
            for task in services.tasks.open_tasks()[: MAX_TASK_CHOICES * 2]:
                if task.id in taken:
                    continue
                self.task_combo.addItem(task.title.split("\n", 1)[0][:120], task.id)
                if self.task_combo.count() >= MAX_TASK_CHOICES:
                    break
            self.task_combo.setCurrentIndex(-1)
            form.addRow("&Task:", self.task_combo)

        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Person")
        self.person_combo.setPlaceholderText("Choose a person…")
        loads = {x.person_id: x.active for x in services.delegations.load_per_person()}
        self._loads = loads
        for person in services.people.list():
            self.person_combo.addItem(person.name, person.id)
        chosen = existing.person_id if existing is not None else person_id
        self.person_combo.setCurrentIndex(
            self.person_combo.findData(chosen) if chosen is not None else -1
        )
        form.addRow("To &whom:", self.person_combo)
        self.load_label = QLabel()
        self.load_label.setObjectName("FieldHint")
        self.load_label.setWordWrap(True)
        form.addRow("", self.load_label)

        self.level_combo = QComboBox()
        self.level_combo.setAccessibleName("Level of guidance")
        for level in GuidanceLevel:
            self.level_combo.addItem(rules.level_label(level), level.value)
            self.level_combo.setItemData(
                self.level_combo.count() - 1, rules.LEVEL_HINTS[level], Qt.ItemDataRole.ToolTipRole
            )
        level = existing.level if existing is not None else GuidanceLevel.SELLING
        self.level_combo.setCurrentIndex(self.level_combo.findData(GuidanceLevel(level).value))
        form.addRow("&Guidance:", self.level_combo)
        self.level_hint = QLabel()
        self.level_hint.setObjectName("FieldHint")
        self.level_hint.setWordWrap(True)
        form.addRow("", self.level_hint)

        start = existing.started_on if existing is not None and existing.started_on else today
        self.start_edit = date_field("Start date", start)
        form.addRow("&Starts:", self.start_edit)
        self.due_edit = date_field(
            "Due date", existing.due_on if existing else None, optional_text="No due date"
        )
        form.addRow("&Due:", self.due_edit)

        self.cadence_spin = QSpinBox()
        self.cadence_spin.setRange(1, rules.MAX_CADENCE_DAYS)
        self.cadence_spin.setSuffix(" days")
        self.cadence_spin.setPrefix("every ")
        self.cadence_spin.setAccessibleName("Check-in cadence in days")
        self.cadence_spin.setValue(existing.check_in_every_days if existing else 7)
        form.addRow("&Check in:", self.cadence_spin)
        next_day = (
            existing.next_check_in_on
            if existing is not None and existing.next_check_in_on is not None
            else rules.next_check_in(start, self.cadence_spin.value())
        )
        self.next_edit = date_field("Next check-in", next_day)
        form.addRow("&Next check-in:", self.next_edit)

        self.escalate_spin = QSpinBox()
        self.escalate_spin.setRange(0, rules.MAX_ESCALATION_DAYS)
        self.escalate_spin.setSpecialValueText("No rule")
        self.escalate_spin.setPrefix("if stuck for more than ")
        self.escalate_spin.setSuffix(" days")
        self.escalate_spin.setAccessibleName("Escalate if stuck for more than this many days")
        self.escalate_spin.setValue((existing.escalate_after_days or 0) if existing else 2)
        form.addRow("Te&ll me:", self.escalate_spin)

        self.why_edit = QLineEdit(existing.why_this_person if existing else "")
        self.why_edit.setAccessibleName("Why this person")
        self.why_edit.setPlaceholderText("Interest, knowledge, growth, workload…")
        form.addRow("W&hy them:", self.why_edit)
        self.outcome_edit = QPlainTextEdit(existing.expected_outcome if existing else "")
        self.outcome_edit.setAccessibleName("Expected outcome and definition of done")
        self.outcome_edit.setPlaceholderText(
            "What does done look like? The what and why, not the how."
        )
        self.outcome_edit.setTabChangesFocus(True)
        self.outcome_edit.setFixedHeight(self.outcome_edit.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow("&Outcome:", self.outcome_edit)

        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if editing else "Delegate")
        self.ok_button.setAccessibleName("Save" if editing else "Delegate")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            header(
                self.windowTitle(),
                "Keep the outcome yours; give the what, why and when, not the how.",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.person_combo.currentIndexChanged.connect(self._on_person_changed)
        self.level_combo.currentIndexChanged.connect(self._on_level_changed)
        self.cadence_spin.valueChanged.connect(self._on_schedule_changed)
        self.start_edit.dateChanged.connect(self._on_schedule_changed)
        self.next_edit.dateChanged.connect(self._on_next_edited)
        self._on_person_changed()
        self._on_level_changed()
        first = self.task_combo if self.task_combo is not None else self.person_combo
        first.setFocus()
        self._use_draft()

    def _use_draft(self) -> None:
        """Keep what is typed as a draft until Save or Cancel (ui/form_draft.py): an edit
        by the delegation's id, a hand-over of a card by the task's, a new one from the
        tracker or a person's page as the one "new delegation"."""
        fields: dict[str, QWidget] = {}
        if self.task_combo is not None:
            fields["task"] = self.task_combo
        fields.update(
            person=self.person_combo,
            level=self.level_combo,
            start=self.start_edit,
            due=self.due_edit,
            cadence=self.cadence_spin,
            next_check_in=self.next_edit,
            escalate=self.escalate_spin,
            why=self.why_edit,
            outcome=self.outcome_edit,
        )
        if self.existing is not None:
            self.use_draft("delegation", self.existing.id, fields)
        elif self.task_id is not None:
            self.use_draft("delegation-for-task", self.task_id, fields)
        else:
            self.use_draft("delegation", None, fields)

    def private_widgets(self) -> list[QWidget]:
        """The task's title and the person's name (typed text is masked by the base)."""
        shown: list[QWidget | None] = [self.task_label, self.task_combo, self.person_combo]
        return [w for w in shown if w is not None]

    def clear_private(self) -> None:
        super().clear_private()
        self.existing = None  # the stored delegation (why, outcome) must not outlive the lock
        self._loads = {}

    def _delegated_task_ids(self) -> set[int]:
        return {
            r.delegation.task_id for r in self.ctx.services.delegations.rows(statuses=OPEN_STATUSES)
        }

    # -- reactions --------------------------------------------------------------------------
    def _on_person_changed(self) -> None:
        person_id = self.person_combo.currentData()
        if person_id is None:
            self.load_label.setText("")
            self.load_label.hide()
            return
        count = self._loads.get(person_id, 0)
        if self.existing is not None and self.existing.person_id == person_id:
            count -= 1
        total = sum(self._loads.values()) - (1 if self.existing is not None else 0)
        counts = dict(self._loads)
        counts[person_id] = count + 1
        hint = rules.load_hint(counts, team_size=max(self.person_combo.count(), 1))
        if count == 0:
            text = "No other active delegations."
        elif count == 1:
            text = "Already holds 1 active delegation."
        else:
            text = f"Already holds {count} active delegations."
        if hint is not None and hint.person_id == person_id:
            text += f" That would be {count + 1} of {total + 1}: consider spreading the work."
        self.load_label.setText(text)
        self.load_label.show()

    def _on_level_changed(self) -> None:
        value = self.level_combo.currentData()
        self.level_hint.setText(rules.LEVEL_HINTS[GuidanceLevel(value)] if value else "")

    def _on_schedule_changed(self) -> None:
        if self._next_touched:
            return
        start = date_of(self.start_edit) or self.ctx.clock.today()
        set_date_quietly(self.next_edit, rules.next_check_in(start, self.cadence_spin.value()))

    def _on_next_edited(self) -> None:
        self._next_touched = True

    # -- accepting ----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        escalate = self.escalate_spin.value() or None
        return {
            "person_id": self.person_combo.currentData(),
            "level": GuidanceLevel(self.level_combo.currentData()),
            "why_this_person": self.why_edit.text(),
            "expected_outcome": self.outcome_edit.toPlainText(),
            "started_on": date_of(self.start_edit),
            "due_on": date_of(self.due_edit),
            "check_in_every_days": self.cadence_spin.value(),
            "next_check_in_on": date_of(self.next_edit),
            "escalate_after_days": escalate,
        }

    def _task_choice(self) -> tuple[int | None, str | None]:
        """(existing task id, new task title); both None when nothing was chosen."""
        if self.task_id is not None:
            return self.task_id, None
        assert self.task_combo is not None
        text = self.task_combo.currentText().strip()
        if not text:
            return None, None
        index = self.task_combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:  # typed or picked: an existing open task with exactly this title
            return self.task_combo.itemData(index), None
        return None, text

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        values = self.values()
        task_id, new_title = self._task_choice()
        try:
            if task_id is None and new_title is None:
                raise ValidationError("Choose the task to delegate, or type a new one.")
            rules.validate_new_delegation(
                person_id=values["person_id"],
                started_on=values["started_on"] or self.ctx.clock.today(),
                due_on=values["due_on"],
                check_in_every_days=values["check_in_every_days"],
                next_check_in_on=values["next_check_in_on"],
                escalate_after_days=values["escalate_after_days"],
            )
        except LeadDeskError as exc:
            self.show_error(str(exc))
            return
        if self.existing is not None:
            assert self.existing.id is not None
            changes = {k: v for k, v in values.items() if getattr(self.existing, k) != v}
            if changes:
                problem = push_or_explain(
                    self.ctx, update_command(self.ctx, self.existing.id, **changes)
                )
                if problem is not None:
                    self.show_error(problem)
                    return
        else:
            command = CreateDelegationCommand(
                self.ctx, task_id=task_id, new_task_title=new_title, **values
            )
            problem = push_or_explain(self.ctx, command)
            if problem is not None:
                self.show_error(problem)
                return
            self.created_id = command.delegation_id
        super().accept()


def open_delegation_dialog(
    ctx: AppContext,
    parent: QWidget | None,
    *,
    task_id: int | None = None,
    person_id: int | None = None,
    existing: Delegation | None = None,
) -> DelegationDialog:
    """Open the dialog (non-blocking) and return it, so callers and tests can follow it."""
    dialog = DelegationDialog(ctx, parent, task_id=task_id, person_id=person_id, existing=existing)
    show_dialog(dialog)  # kept alive and saved before a lock by the context (RecordDialog)
    return dialog


class _OfferQueue(QObject):
    """Cards dropped on Delegate while a delegation dialog is open, offered one after the
    other. One per context, as its child (found with ``findChild``): no module globals."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.waiting: list[tuple[QWidget | None, int]] = []
        self.timer = QTimer(self)  # offers the next card once the closed dialog is gone
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(lambda: _offer_next(ctx))


def _queue(ctx: AppContext) -> _OfferQueue:
    queue = ctx.findChild(_OfferQueue)
    return queue if queue is not None else _OfferQueue(ctx)


def offer_delegation(ctx: AppContext, parent: QWidget | None, task_id: int) -> None:
    """After a card moved into Delegate: offer to track who does it. Cancel keeps the move.

    Does nothing when the task already has an open delegation (moving it around the board
    must not ask twice). Several cards dropped at once are offered one after the other.
    """
    queue = _queue(ctx)
    if find_open_dialog(ctx) is not None:
        queue.waiting.append((parent, task_id))
        return
    if not ctx.is_unlocked:
        queue.waiting.clear()
        return
    current = ctx.services.delegations.for_task(task_id)
    if current is not None and current.status.is_open:
        _offer_next(ctx)
        return
    dialog = open_delegation_dialog(ctx, parent, task_id=task_id)
    dialog.finished.connect(lambda _result: _on_offer_finished(ctx))


def _on_offer_finished(ctx: AppContext) -> None:
    """Offer the next waiting card once the closed dialog is gone."""
    queue = _queue(ctx)
    if queue.waiting:
        queue.timer.start()


def _offer_next(ctx: AppContext) -> None:
    queue = _queue(ctx)
    if queue.waiting:
        parent, task_id = queue.waiting.pop(0)
        offer_delegation(ctx, parent, task_id)


def offer_delegation_for_person(ctx: AppContext, parent: QWidget | None, person_id: int) -> None:
    """From a person's page: delegate an open task (or a new one) to them."""
    open_delegation_dialog(ctx, parent, person_id=person_id)


def open_new_delegation(ctx: AppContext, parent: QWidget | None) -> None:
    open_delegation_dialog(ctx, parent)


def edit_delegation(ctx: AppContext, parent: QWidget | None, delegation_id: int) -> None:
    open_delegation_dialog(ctx, parent, existing=ctx.services.delegations.get(delegation_id))


def find_open_dialog(ctx: AppContext) -> DelegationDialog | None:
    """The delegation dialog currently open, if any (for the offer queue and tests).

    Kept on the context's open windows rather than found through
    ``QApplication.allWidgets()``, which would wrap every widget of the application in a
    Python object just to look at its type.
    """
    dialog = ctx.find_open_window(DelegationDialog)
    return dialog if isinstance(dialog, DelegationDialog) else None
