"""The add/edit person dialog."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...domain.date_range import MAX_DATE, MIN_DATE
from ...domain.errors import ValidationError
from ...domain.model import Person, Relationship
from ...services.people import clean_email
from ..record_dialog import RecordDialog


class PersonDialog(RecordDialog):
    """Name, role, relationship, start date, cadence, feedback preference and e-mail.

    Its caller binds it to the session (``drafts.save_dialog_before_lock``): a lock saves
    what was typed, and the privacy screen shows dots instead of the name and role."""

    def __init__(self, parent: QWidget | None = None, person: Person | None = None) -> None:
        super().__init__(None, parent)
        self.setWindowTitle("Edit person" if person else "Add person")
        self.setMinimumWidth(440)  # the fields show their hints; a restored-draft line fits
        form = QFormLayout(self)
        self.name = QLineEdit(person.name if person else "")
        self.name.setAccessibleName("Name")
        self.role = QLineEdit(person.role if person else "")
        self.role.setAccessibleName("Role")
        self.relationship = QComboBox()
        self.relationship.setAccessibleName("Relationship")
        for rel in Relationship:
            self.relationship.addItem(rel.value.capitalize(), rel)
        if person:
            self.relationship.setCurrentIndex(list(Relationship).index(person.relationship))
        self.has_start = QCheckBox("Known")
        self.has_start.setAccessibleName("Start date known")
        self.started = QDateEdit()
        self.started.setAccessibleName("Start date")
        self.started.setCalendarPopup(True)
        self.started.setDisplayFormat("yyyy-MM-dd")
        start = person.started_on if person and person.started_on else None
        self.has_start.setChecked(start is not None)
        self.started.setEnabled(start is not None)
        self.started.setDateRange(QDate(MIN_DATE), QDate(MAX_DATE))
        self.started.setDate(QDate(start) if start else QDate.currentDate())
        self.has_start.toggled.connect(self.started.setEnabled)
        # Untouched, the stored start date is kept exactly (even one the box cannot show).
        self._stored_start = start
        self._start_touched = False
        self.started.dateChanged.connect(self._on_start_touched)
        self.has_start.toggled.connect(self._on_start_touched)
        self.every = QSpinBox()
        self.every.setAccessibleName("One-on-one every (days)")
        self.every.setRange(1, 365)
        self.every.setSuffix(" days")
        self.every.setValue(person.one_on_one_every_days if person else 14)
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("One-on-one length (minutes)")
        self.minutes.setRange(30, 480)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(person.one_on_one_minutes if person else 30)
        self.preference = QLineEdit(person.feedback_preference if person else "")
        self.preference.setAccessibleName("Feedback preference")
        self.preference.setPlaceholderText("e.g. recognition in private")
        # optional: a subscribed calendar's meeting with this address is their one-on-one
        self.email = QLineEdit(person.email if person else "")
        self.email.setAccessibleName("E-mail address")
        self.email.setPlaceholderText("optional, e.g. name@example.com")
        self.email_error = QLabel("")
        self.email_error.setWordWrap(True)
        self.email_error.setVisible(False)
        self.email.textEdited.connect(lambda _text: self.email_error.setVisible(False))
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("Re&lationship", self.relationship)
        form.addRow("Start date", self.has_start)
        form.addRow("", self.started)
        form.addRow("One-on-one &every", self.every)
        form.addRow("One-on-one &length", self.minutes)
        form.addRow("&Feedback preference", self.preference)
        form.addRow("E-&mail", self.email)
        form.addRow("", self.email_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.name.setFocus()
        # Typing is kept as a draft until OK or Cancel (a crash loses nothing: form_draft.py);
        # Cancel closes at once, as it always did here.
        fields: dict[str, QWidget] = {"name": self.name, "role": self.role}
        fields.update(relationship=self.relationship, has_start=self.has_start)
        fields.update(started=self.started, every=self.every, minutes=self.minutes)
        fields.update(preference=self.preference, email=self.email)
        self.use_draft("person", person.id if person else None, fields)
        self.confirm_discard = lambda parent: True

    def accept(self) -> None:
        """A malformed e-mail address keeps the dialog open with the reason beside it."""
        try:
            clean_email(self.email.text())
        except ValidationError as exc:
            self.email_error.setText(str(exc))
            self.email_error.setVisible(True)
            self.email.setFocus()
            return
        super().accept()

    def _on_start_touched(self, *_: object) -> None:
        self._start_touched = True

    def values(self) -> dict[str, Any]:
        started: date | None = self._stored_start
        if self._start_touched:
            started = self.started.date().toPython() if self.has_start.isChecked() else None  # type: ignore[assignment]
        return {
            "name": self.name.text(),
            "role": self.role.text(),
            "relationship": self.relationship.currentData(),
            "started_on": started,
            "one_on_one_every_days": self.every.value(),
            "one_on_one_minutes": self.minutes.value(),
            "feedback_preference": self.preference.text(),
            "email": self.email.text().strip(),
        }
