"""The task editor (double-click or Enter on a card): every field of one task.

Saving pushes one undoable edit with only the fields that changed: a field the user did not
touch is never rewritten (a stored date outside what a date box can show stays as it is).
The notes (Markdown, edited as plain text) are hidden while the privacy screen is on, a
lock saves valid edits first, and what is typed is kept as a draft until Save or Cancel, so
a crash does not lose it (``RecordDialog``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.model import Quadrant, Task
from ..context import AppContext
from ..date_field import DateLineEdit
from ..record_dialog import RecordDialog
from .commands import EditTaskCommand


class OptionalDate(QWidget):
    """A date that may be unset: one typeable field (``ui/date_field.py``), empty for none.

    One Tab stop ("Due" used to be a checkbox plus a sectioned date box). A stored date the
    field cannot read back (one saved before the 1900-2999 range was enforced) is kept:
    :meth:`value` returns it unchanged until the user changes the text.
    """

    def __init__(
        self,
        label: str,
        value: date | None,
        fallback: date | Callable[[], date],
        form_label: str = "",
    ) -> None:
        super().__init__()
        self._stored = value
        self._touched = False
        today = fallback if callable(fallback) else (lambda: fallback)
        self.label = QLabel(form_label or label)  # the form's row label (with its mnemonic)
        self.edit = DateLineEdit(value, today, optional=True, empty_text=f"No {label.lower()}")
        self.edit.setAccessibleName(f"{label} date")
        self.label.setBuddy(self.edit)
        self.edit.dateChanged.connect(self._on_touched)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def _on_touched(self, *_: object) -> None:
        self._touched = True

    def value(self) -> date | None:
        if not self._touched:
            return self._stored  # untouched: exactly what is stored, even if not showable
        return self.edit.value()

    def problem(self) -> str:
        """Why the typed text cannot be saved ("" when it can)."""
        return self.edit.problem()

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(value)


class TaskEditor(RecordDialog):
    def __init__(self, ctx: AppContext, task_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx
        self.task_id = task_id
        self.setObjectName("task-editor")
        self.setWindowTitle("Edit task")
        self.setMinimumSize(560, 520)
        task = ctx.services.tasks.get(task_id)
        self._original: Task | None = task
        today = ctx.clock.today()

        self.title_edit = QPlainTextEdit(task.title)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.quadrant_combo = QComboBox()
        self.quadrant_combo.setAccessibleName("Quadrant")
        for q in Quadrant:
            self.quadrant_combo.addItem(f"{q.label} — {q.axes}", q)
        self.quadrant_combo.setCurrentIndex(list(Quadrant).index(task.quadrant))
        self.estimate_spin = QSpinBox()
        self.estimate_spin.setAccessibleName("Estimate in minutes")
        self.estimate_spin.setRange(0, 100_000)
        self.estimate_spin.setSingleStep(15)
        self.estimate_spin.setSuffix(" min")
        self.estimate_spin.setSpecialValueText("no estimate")
        self.estimate_spin.setValue(task.estimate_minutes or 0)
        self.due = OptionalDate("Due", task.due_on, today, "&Due")
        self.needed = OptionalDate("Answer needed by", task.needed_by, today, "Answer needed &by")
        self.requester_edit = QLineEdit(task.requester)
        self.requester_edit.setAccessibleName("Requester")
        self.requester_edit.setPlaceholderText("Who asked for it?")
        self.requester_edit.setMaxLength(200)
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Related person")
        self.person_combo.addItem("— nobody —", None)
        for person in ctx.services.people.list():
            self.person_combo.addItem(person.name, person.id)
        at = self.person_combo.findData(task.person_id)
        self.person_combo.setCurrentIndex(max(at, 0))
        # The requester completes from People (free text stays allowed); a known name links
        # the request to that person when no related person is set, so it shows on their brief.
        names = [self.person_combo.itemText(i) for i in range(1, self.person_combo.count())]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.requester_edit.setCompleter(completer)
        self.requester_edit.editingFinished.connect(self._link_requester)
        self.only_me_check = QCheckBox("Only I can do this")
        self.only_me_check.setAccessibleName("Only I can do this")
        self.only_me_check.setToolTip(
            "Conversations where you hold the context are; preparing a demo usually is not."
        )
        self.only_me_check.setChecked(task.only_i_can)
        self.notes_edit = QPlainTextEdit(task.notes)
        self.notes_edit.setAccessibleName("Notes (Markdown)")
        self.notes_edit.setPlaceholderText("Notes, in Markdown")
        self.notes_edit.setTabChangesFocus(True)
        hidden = QLabel("Notes are hidden while the privacy screen is on.")
        hidden.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hidden.setEnabled(False)
        self.notes_stack = QStackedWidget()
        self.notes_stack.addWidget(self.notes_edit)
        self.notes_stack.addWidget(hidden)
        self.set_privacy(ctx.privacy_screen)

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Quadrant", self.quadrant_combo)
        form.addRow("&Estimate", self.estimate_spin)
        form.addRow(self.due.label, self.due)
        form.addRow(self.needed.label, self.needed)
        form.addRow("&Requester", self.requester_edit)
        form.addRow("Related &person", self.person_combo)
        form.addRow("", self.only_me_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        notes_label = QLabel("&Notes (Markdown)")
        notes_label.setBuddy(self.notes_edit)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes_stack, 1)
        layout.addWidget(self.buttons)
        self.moved_to_delegate = False
        # What is typed is kept as a draft until Save or Cancel (ui/form_draft.py).
        self.use_draft(
            "task",
            task_id,
            {
                "title": self.title_edit,
                "quadrant": self.quadrant_combo,
                "estimate": self.estimate_spin,
                "due": self.due.edit,
                "needed_by": self.needed.edit,
                "requester": self.requester_edit,
                "person": self.person_combo,
                "only_i_can": self.only_me_check,
                "notes": self.notes_edit,
            },
        )

    def _link_requester(self) -> None:
        if self.person_combo.currentData() is not None:
            return
        wanted = self.requester_edit.text().strip().casefold()
        found = [
            i
            for i in range(1, self.person_combo.count())
            if self.person_combo.itemText(i).casefold() == wanted
        ]
        if wanted and len(found) == 1:
            self.person_combo.setCurrentIndex(found[0])

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the stored task."""
        old = self._original
        if old is None:  # emptied at lock
            return {}
        values: dict[str, Any] = {
            "title": self.title_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
            "quadrant": self.quadrant_combo.currentData(),
            "estimate_minutes": self.estimate_spin.value() or None,
            "due_on": self.due.value(),
            "needed_by": self.needed.value(),
            "requester": self.requester_edit.text().strip(),
            "person_id": self.person_combo.currentData(),
            "only_i_can": self.only_me_check.isChecked(),
        }
        if values["title"].strip() == old.title:
            values["title"] = old.title
        return {k: v for k, v in values.items() if v != getattr(old, k)}

    def save(self) -> None:
        for field in (self.due, self.needed):
            if field.problem():  # a typo never saves, nor silently keeps the old date
                self.ctx.report(ValidationError(field.problem()), self)
                field.edit.setFocus()
                return
        changes = self.changes()
        if not changes:
            self.accept()
            return
        if "title" in changes and not changes["title"].strip():
            self.ctx.report(ValidationError("The title cannot be empty."), self)
            self.title_edit.setFocus()
            return
        command = EditTaskCommand(self.ctx.services.tasks, self.task_id, changes)
        if self.ctx.push(command):
            self.moved_to_delegate = changes.get("quadrant") == Quadrant.DELEGATE
            self.accept()

    def private_widgets(self) -> list[QWidget]:
        return [self.person_combo]

    def set_privacy(self, on: bool) -> None:
        super().set_privacy(on)  # the title box hides its text, the requester shows dots
        self.notes_stack.setCurrentIndex(1 if on else 0)

    def is_modified(self) -> bool:
        return self._original is not None and bool(self.changes())

    def clear_private(self) -> None:
        super().clear_private()
        self._original = None  # the stored task (title, notes) must not outlive the lock
        completer = self.requester_edit.completer()  # people's names, for the requester
        names = completer.model() if completer is not None else None
        if isinstance(names, QStringListModel):
            names.setStringList([])

    def save_quietly(self) -> bool:
        """A lock (Ctrl+L, idle, sleep, quit) must not throw away what was typed: valid edits
        are saved quietly, and undoably, while the vault is still open."""
        if not self.ctx.is_unlocked:
            return False
        changes = self.changes()
        if not changes or ("title" in changes and not changes["title"].strip()):
            return False
        command = EditTaskCommand(self.ctx.services.tasks, self.task_id, changes)
        if not self.ctx.push(command, quiet=True):
            return False  # refused (e.g. too long): nothing half-saved, and no dialog mid-lock
        self._original = self.ctx.services.tasks.get(self.task_id)
        return True


def open_task_editor(ctx: AppContext, parent: QWidget | None, task_id: int) -> TaskEditor:
    """Open the editor window-modal (non-blocking) and return it."""
    editor = TaskEditor(ctx, task_id, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    editor.open()
    editor.title_edit.setFocus()
    return editor
