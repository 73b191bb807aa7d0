"""First run: choose the passphrase that encrypts the vault.

Typed twice, with a live strength estimate (zxcvbn; the weakest are refused with a reason)
and a generated six-word suggestion, and a plain warning that nobody can recover a
forgotten passphrase (there is no key file and no reset: that is the point). Empty or
mismatched entries are refused inline. Creating the vault (key derivation and the schema)
runs off the GUI thread, like unlocking.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .background import BackgroundCall
from .common import error_label, fit_height, header, message_for
from .strength import assess, suggest, suggest_button

RECOVERY_WARNING = (
    "<b>Write your passphrase down somewhere safe.</b> It cannot be recovered or reset: "
    "if you forget it, nobody — not even LeadDesk — can open your vault again."
)


class CreateVaultDialog(QDialog):
    """Asks for a new passphrase and runs ``create(passphrase)`` off the GUI thread."""

    def __init__(
        self,
        create: Callable[[str], Any],
        parent: QWidget | None = None,
        *,
        icon: QIcon | None = None,
        location: str = "",
    ) -> None:
        super().__init__(parent)
        self._create = create
        self._call: BackgroundCall | None = None
        self.result_value: Any = None
        self.setWindowTitle("Welcome to LeadDesk")
        self.setObjectName("CreateVaultDialog")
        self.setMinimumWidth(500)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        subtitle = "Everything you plan and write is kept in one encrypted file on this computer."
        layout.addWidget(header("Create your vault", subtitle, icon))
        if location:
            where = QLabel(f"Location: {location}")
            where.setObjectName("FieldHint")
            where.setWordWrap(True)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(where)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("New passphrase")
        self.passphrase.setPlaceholderText("For example four or more random words")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName("Repeat passphrase")
        form.addRow("&Passphrase", self.passphrase)

        self.meter = QProgressBar()
        self.meter.setObjectName("StrengthMeter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.meter.setAccessibleName("Passphrase strength")
        self.strength_hint = QLabel()
        self.strength_hint.setObjectName("FieldHint")
        strength_box = QVBoxLayout()
        strength_box.setSpacing(4)
        strength_box.addWidget(self.meter)
        strength_box.addWidget(self.strength_hint)
        form.addRow("", strength_box)
        form.addRow("&Repeat", self.confirm)
        layout.addLayout(form)

        self.suggest_button = suggest_button(self.fill_suggestion)
        layout.addWidget(self.suggest_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.show_passphrase = QCheckBox("&Show passphrase")
        self.show_passphrase.setAccessibleName("Show passphrase")
        self.show_passphrase.toggled.connect(self._on_show_toggled)
        layout.addWidget(self.show_passphrase)

        self.warning = QLabel(RECOVERY_WARNING)
        self.warning.setObjectName("RecoveryWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        self.warning.setAccessibleName("Warning: a forgotten passphrase cannot be recovered")
        layout.addWidget(self.warning)

        self.error = error_label()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton("&Create vault")
        self.create_button.setAccessibleName("Create vault")
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setAutoDefault(False)  # Enter must never mean Cancel
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)

        self.passphrase.textChanged.connect(self._on_passphrase_changed)
        self.setTabOrder(self.passphrase, self.confirm)
        self.setTabOrder(self.confirm, self.suggest_button)
        self.setTabOrder(self.suggest_button, self.show_passphrase)
        self.setTabOrder(self.show_passphrase, self.create_button)
        self.setTabOrder(self.create_button, self.cancel_button)
        self._on_passphrase_changed("")
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def busy(self) -> bool:
        return self._call is not None

    def validation_error(self) -> str:
        """Why the typed passphrases cannot be used, or "" when they can."""
        first, second = self.passphrase.text(), self.confirm.text()
        if not first.strip():
            return "Choose a passphrase (spaces alone do not count)."
        if "\x00" in first:
            return "The passphrase cannot contain a NUL character."
        strength = assess(first)
        if strength.problem:
            return strength.problem
        if first != second:
            return "The two passphrases do not match. Type the same passphrase twice."
        return ""

    def fill_suggestion(self) -> None:
        """Put a generated passphrase in both fields and show it, so it can be written down."""
        text = suggest()
        self.show_passphrase.setChecked(True)
        self.passphrase.setText(text)
        self.confirm.setText(text)
        self.error.hide()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self.busy:
            return
        problem = self.validation_error()
        if problem:
            self._show_error(problem, self.confirm if self.passphrase.text() else self.passphrase)
            return
        text = self.passphrase.text()
        self._set_busy(True)
        self._call = BackgroundCall(lambda: self._create(text))
        self._call.done.connect(self._on_create_done)
        self._call.start()

    def _on_create_done(self, result: Any, error: BaseException | None) -> None:
        call, self._call = self._call, None
        if call is not None:
            call.wait()  # so the worker thread can never drop the last reference to it
        self._set_busy(False)
        if error is None:
            self.result_value = result
            self.passphrase.clear()
            self.confirm.clear()
            self.accept()
            return
        self._show_error(message_for(error), self.passphrase)

    def _show_error(self, message: str, field: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        fit_height(self)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _on_passphrase_changed(self, text: str) -> None:
        strength = assess(text)
        self.meter.setValue(max(strength.score, 1) if text else 0)  # a red chunk while weak
        self.meter.setProperty("strength", strength.label)
        self.meter.style().unpolish(self.meter)
        self.meter.style().polish(self.meter)
        self.strength_hint.setText(strength.hint)
        self.meter.setAccessibleDescription(strength.hint)

    def _on_show_toggled(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.confirm.setEchoMode(mode)

    def _set_busy(self, busy: bool) -> None:
        # Read-only rather than disabled, so focus stays put (see UnlockDialog._set_busy).
        self.passphrase.setReadOnly(busy)
        self.confirm.setReadOnly(busy)
        self.show_passphrase.setEnabled(not busy)
        self.suggest_button.setEnabled(not busy)
        self.create_button.setEnabled(not busy)
        self.create_button.setText("Creating…" if busy else "&Create vault")
        self.create_button.setDefault(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def reject(self) -> None:
        if self.busy:
            return
        self.passphrase.clear()
        self.confirm.clear()
        super().reject()
