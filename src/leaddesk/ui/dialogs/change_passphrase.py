"""Change the vault passphrase: proves the current one, re-encrypts vault and backups.

The re-encryption is crash-safe (a kill at any moment leaves exactly one of the two
passphrases working; see services.security and tests/security). It runs on the GUI thread
behind a wait cursor: it takes about a second on a typical vault and nothing else may touch
the vault's one connection meanwhile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError
from ..context import AppContext
from .common import error_label, fit_height, header
from .strength import assess, suggest, suggest_button

log = logging.getLogger(__name__)


class ChangePassphraseDialog(QDialog):
    """Entry point: ``ChangePassphraseDialog(ctx, parent).exec()`` (Settings → Security)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.backups_left_on_old = 0
        self.setWindowTitle("Change passphrase")
        self.setObjectName("ChangePassphraseDialog")
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(
            header(
                "Change passphrase",
                "The vault and its backups are re-encrypted under the new passphrase. "
                "There is no way to recover a forgotten passphrase: keep it somewhere safe.",
            )
        )

        form = QFormLayout()
        form.setSpacing(8)
        self.current = self._secret_field("Current passphrase")
        self.new = self._secret_field("New passphrase")
        self.confirm = self._secret_field("Repeat new passphrase")
        form.addRow("&Current passphrase", self.current)
        form.addRow("&New passphrase", self.new)
        form.addRow("&Repeat new passphrase", self.confirm)
        layout.addLayout(form)

        self.strength = QLabel(" ")
        self.strength.setObjectName("StrengthHint")
        self.strength.setAccessibleName("Passphrase strength")
        self.strength.setWordWrap(True)
        layout.addWidget(self.strength)
        self.new.textChanged.connect(self._on_new_text_changed)

        self.suggest_button = suggest_button(self.fill_suggestion)
        layout.addWidget(self.suggest_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.show_text = QCheckBox("&Show passphrases")
        self.show_text.setAccessibleName("Show passphrases")
        self.show_text.toggled.connect(self._on_show_toggled)
        layout.addWidget(self.show_text)

        self.error = error_label()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.change_button = QPushButton("C&hange passphrase")
        self.change_button.setAccessibleName("Change passphrase")
        self.change_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.setTabOrder(self.current, self.new)
        self.setTabOrder(self.new, self.confirm)
        self.setTabOrder(self.confirm, self.suggest_button)
        self.setTabOrder(self.suggest_button, self.show_text)
        self.setTabOrder(self.show_text, self.change_button)
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_height(self)

    def _secret_field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _on_new_text_changed(self, text: str) -> None:
        if not text:
            self.strength.setText(" ")
            return
        strength = assess(text)
        self.strength.setText(f"Strength: {strength.label}. {strength.hint}")
        self.strength.setProperty("strength", strength.label)

    def fill_suggestion(self) -> None:
        """Put a generated passphrase in both new fields and show it, to be written down."""
        text = suggest()
        self.show_text.setChecked(True)
        self.new.setText(text)
        self.confirm.setText(text)
        self.error.hide()

    def _on_show_toggled(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for field in (self.current, self.new, self.confirm):
            field.setEchoMode(mode)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        fit_height(self)

    def submit(self) -> None:
        old, new = self.current.text(), self.new.text()
        if not old:
            self._show_error("Enter the current passphrase.")
            self.current.setFocus()
            return
        problem = assess(new).problem
        if problem:
            self._show_error(problem)
            self.new.selectAll()
            self.new.setFocus()
            return
        if new != self.confirm.text():
            self._show_error("The new passphrase and its repetition differ.")
            self.confirm.selectAll()
            self.confirm.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.change_button.setEnabled(False)
        try:
            self.backups_left_on_old = self.ctx.services.security.change_passphrase(old, new)
        except LeadDeskError as exc:
            self._show_error(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.change_button.setEnabled(True)
        for field in (self.current, self.new, self.confirm):
            field.clear()
        log.info("passphrase changed from the dialog")
        self.ctx.forget_undo_history()  # the old history belongs to the old key's vault
        if self.backups_left_on_old:
            self._tell_backups_left_behind(new)
        self.accept()

    def _tell_backups_left_behind(self, new: str) -> None:
        """Backups the change could not re-encrypt are listed, never skipped in silence."""
        try:
            left = self.ctx.services.security.backups_not_opening_with(new)
        except LeadDeskError:
            left = []
        days = ", ".join(sorted({info.day.strftime("%a %d %b %Y") for info in left}))
        count = len(left) or self.backups_left_on_old
        QMessageBox.information(
            self,
            "Some backups keep an earlier passphrase",
            f"{count} backup{'s' if count != 1 else ''} could not be re-encrypted"
            + (f" ({days})" if days else "")
            + ". They are damaged or were left under an earlier passphrase by a change that "
            "was interrupted, so the new passphrase does not open them. They stay in the "
            "backups folder beside the vault; delete them there once you no longer need them.",
        )
