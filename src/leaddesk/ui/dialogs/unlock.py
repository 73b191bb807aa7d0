"""The unlock dialog: the first thing a returning user sees, so it must appear fast.

It imports QtWidgets and ``leaddesk.domain.errors`` only, and touches no ``Qt`` namespace
enum before its first paint (that costs ~20 ms, see ``ui/theme.py``), nor ``QEvent`` before
it is mapped (no Python event handler: ``setVisible`` fits its height). The actual unlock is a
callable passed in by the caller; it runs in a background thread so the dialog keeps painting
while the key is derived. A wrong passphrase shows an inline message, keeps the dialog open
and selects the field for another try; wrong tries are never counted against the user (nothing
locks, nothing is deleted).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import (
    DiskFullError,
    LeadDeskError,
    VaultDamagedError,
    VaultLockedError,
    VaultPermissionError,
    VaultReadOnlyError,
    WrongPassphraseError,
)
from ...paths import AppPaths
from .common import error_label, fit_height, header, message_for

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QPixmap  # QIcon's type: ~10 M instructions at start

    from .background import BackgroundCall  # imported when the passphrase is submitted

# Trouble of the operating system at unlock: the passphrase was not the problem, so it is
# neither counted as a wrong try nor selected for retyping, and no backup is offered (the
# vault is healthy). The message (storage/vault.py) says what is in the way in plain words.
OS_TROUBLE = (DiskFullError, VaultReadOnlyError, VaultPermissionError, VaultLockedError)


class UnlockDialog(QDialog):
    """Asks for the passphrase and runs ``unlock(passphrase)`` off the GUI thread.

    On success ``result_value`` holds what ``unlock`` returned and the dialog is accepted.
    """

    unlocking = Signal(bool)  # busy state, for tests and the status bar

    def __init__(
        self,
        unlock: Callable[[str], Any],
        parent: QWidget | None = None,
        *,
        icon: QIcon | QPixmap | None = None,
        note: str = "",
        prefill: str = "",
        on_damaged: Callable[[str, QWidget], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._unlock = unlock
        self._on_damaged = on_damaged
        self._call: BackgroundCall | None = None
        self.result_value: Any = None
        self.wrong_tries = 0
        self.setWindowTitle("Unlock LeadDesk")
        self.setObjectName("UnlockDialog")
        self.setMinimumWidth(440)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(
            header(
                "Unlock your vault",
                "Your plans and notes are encrypted. Enter your passphrase to open them.",
                icon,
            )
        )
        if note:
            notice = QLabel(note)
            notice.setObjectName("DemoNotice")
            notice.setWordWrap(True)
            layout.addWidget(notice)

        label = QLabel("&Passphrase")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Your vault passphrase")
        self.passphrase.setText(prefill)
        label.setBuddy(self.passphrase)
        layout.addWidget(label)
        layout.addWidget(self.passphrase)

        self.show_passphrase = QCheckBox("&Show passphrase")
        self.show_passphrase.setAccessibleName("Show passphrase")
        self.show_passphrase.toggled.connect(self._on_show_toggled)
        layout.addWidget(self.show_passphrase)

        self.error = error_label()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit LeadDesk")
        self.quit_button.setAutoDefault(False)  # Enter must never mean Quit
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)

        self.setTabOrder(self.passphrase, self.show_passphrase)
        self.setTabOrder(self.show_passphrase, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.quit_button)
        self.passphrase.setFocus()  # Qt's OtherFocusReason, without the Qt namespace (theme.py)

    @property
    def busy(self) -> bool:
        return self._call is not None

    def submit(self) -> None:
        """Start unlocking with what was typed (Enter or the Unlock button)."""
        if self.busy:
            return
        text = self.passphrase.text()
        if not text:
            self._show_error("Enter your passphrase.")
            return
        from .background import BackgroundCall

        self._set_busy(True)
        self._call = BackgroundCall(lambda: self._unlock(text))
        self._call.done.connect(self._on_unlock_done)
        self._call.start()

    def _on_unlock_done(self, result: Any, error: BaseException | None) -> None:
        call, self._call = self._call, None
        if call is not None:
            call.wait()  # so the worker thread can never drop the last reference to it
        self._set_busy(False)
        if error is None:
            self.result_value = result
            self.passphrase.clear()
            self.error.hide()
            self.accept()
            return
        if isinstance(error, WrongPassphraseError):
            self.wrong_tries += 1
        self._show_error(message_for(error), select=not isinstance(error, OS_TROUBLE))
        if isinstance(error, VaultDamagedError) and self._on_damaged is not None:
            self._offer_restore()

    def _offer_restore(self) -> None:
        """The passphrase is right but the file is damaged: offer a backup instead."""
        assert self._on_damaged is not None
        try:
            result = self._on_damaged(self.passphrase.text(), self)
        except LeadDeskError as exc:
            self._show_error(message_for(exc))
            return
        if result is not None:
            self.result_value = result
            self.passphrase.clear()
            self.error.hide()
            self.accept()

    def _show_error(self, message: str, *, select: bool = True) -> None:
        self.error.setText(message)
        self.error.show()
        fit_height(self)
        self.passphrase.setFocus()  # OtherFocusReason
        if select:
            self.passphrase.selectAll()

    def _set_busy(self, busy: bool) -> None:
        # Read-only rather than disabled: disabling the focused field would push focus
        # onto Quit, which then becomes the default button, and Enter would quit.
        self.passphrase.setReadOnly(busy)
        self.show_passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.unlock_button.setText("Unlocking…" if busy else "&Unlock")
        self.unlock_button.setDefault(True)
        self.unlocking.emit(busy)

    def _on_show_toggled(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)

    def setVisible(self, visible: bool) -> None:
        # Not showEvent: a Python showEvent makes PySide6 build QEvent's 170-member enum
        # (13 M instructions) before the dialog is mapped. When it is shown, its height
        # already fits the wrapped subtitle (adjustSize honours height-for-width); this
        # makes that height its minimum, as fit_height always has.
        super().setVisible(visible)
        if visible:
            fit_height(self)

    def reject(self) -> None:
        if self.busy:  # let the running unlock finish; closing mid-derivation gains nothing
            return
        self.passphrase.clear()
        super().reject()


def offer_restore(paths: AppPaths, clock: Any = None) -> Callable[[str, QWidget], Any]:
    """The ``on_damaged`` handler the app uses: offer the newest backup that opens with the
    passphrase (``dialogs/restore_backup.py``) and unlock the restored vault."""

    def offer(passphrase: str, parent: QWidget) -> Any:
        try:
            from .restore_backup import offer_restore_after_damage
        except ImportError:
            return None
        from ...services.unlocking import unlock_vault

        dialog = offer_restore_after_damage(paths, passphrase, parent)
        if dialog is None:
            return None
        return unlock_vault(paths, dialog.passphrase_used, clock)

    return offer
