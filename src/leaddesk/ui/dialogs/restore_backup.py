"""Restore from backup: list the backups with date and size, restore after confirmation.

The current vault is never overwritten: services.security moves it (with its -wal/-shm)
into ``set-aside/`` beside the vault before the backup is copied in, and the backup is
checked with the passphrase before anything moves. Works while locked (after a damaged
vault was reported) as well as from a running session: ``before_restore`` is called right
before the files move, and is where the shell locks the vault.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError, VaultDamagedError, WrongPassphraseError
from ...paths import AppPaths
from ...services import security
from ..roles import PATH_ROLE
from .common import error_label, fit_height, header

log = logging.getLogger(__name__)

REASON_LABELS = {
    "daily": "Automatic",
    "pre-migration": "Before an upgrade",
    "manual": "Made by you",
}


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover


class RestoreBackupDialog(QDialog):
    """Entry point: ``RestoreBackupDialog(paths, parent, ...).exec()``.

    After acceptance, ``restore_result`` holds the :class:`security.RestoreResult` and
    ``passphrase_used`` the passphrase that opened the backup (to unlock with).
    """

    def __init__(
        self,
        paths: AppPaths,
        parent: QWidget | None = None,
        *,
        passphrase: str = "",
        before_restore: Callable[[], None] | None = None,
        preselect: Path | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._before_restore = before_restore
        self.restore_result: security.RestoreResult | None = None
        self.passphrase_used = ""
        self.setWindowTitle("Restore from backup")
        self.setObjectName("RestoreBackupDialog")
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(
            header(
                "Restore from backup",
                reason
                or "Pick a backup to bring back. Your current vault is kept aside, "
                "not overwritten, so nothing is lost if you change your mind.",
            )
        )

        self.list = QTreeWidget()
        self.list.setAccessibleName("Backups")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(["Taken", "Size", "Kind"])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.list.header().resizeSection(1, 100)
        self.list.header().resizeSection(2, 150)
        self.list.setMinimumHeight(200)
        layout.addWidget(self.list)

        self.empty = QLabel("There are no backups yet. LeadDesk makes one each day you unlock.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("EmptyState")
        layout.addWidget(self.empty)

        self.passphrase_label = label = QLabel("&Passphrase of the backup")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase of the backup")
        self.passphrase.setPlaceholderText("Usually your current passphrase")
        self.passphrase.setText(passphrase)
        label.setBuddy(self.passphrase)
        layout.addWidget(label)
        layout.addWidget(self.passphrase)

        self.error = error_label()
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)

        self.setTabOrder(self.list, self.passphrase)
        self.setTabOrder(self.passphrase, self.restore_button)
        self.reload(preselect)
        fit_height(self)

    # -- listing ------------------------------------------------------------------------
    def reload(self, preselect: Path | None = None) -> None:
        self.list.clear()
        found = security.list_backups(self.paths)
        for info in found:
            local = info.taken_at.astimezone()
            item = QTreeWidgetItem(
                [
                    local.strftime("%a %d %b %Y, %H:%M"),
                    human_size(info.size_bytes) + "  ",  # a gap before the next column
                    REASON_LABELS.get(info.reason, info.reason.replace("-", " ").capitalize()),
                ]
            )
            item.setData(0, PATH_ROLE, str(info.path))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            if preselect is not None and Path(preselect) == info.path:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        has_any = bool(found)
        for widget in (self.list, self.passphrase_label, self.passphrase):
            widget.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self._on_list_selection_changed()

    def selected_path(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(0, PATH_ROLE)) if item is not None else None

    def _on_list_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected_path() is not None)

    # -- restoring ----------------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        fit_height(self)

    def confirm(self, backup: Path) -> bool:
        """Ask once more (a separate method so tests and the shell can replace it)."""
        item = self.list.currentItem()
        when = item.text(0) if item is not None else backup.name
        answer = QMessageBox.question(
            self,
            "Restore from backup",
            f"Replace your vault with the backup from {when}?\n\n"
            "Changes made since then will not be in the restored vault. Your current vault "
            f"is kept in “{self.paths.data_dir / 'set-aside'}”.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def submit(self) -> None:
        backup = self.selected_path()
        if backup is None:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error("Enter the passphrase the backup was made with.")
            self.passphrase.setFocus()
            return
        if not self.confirm(backup):
            return
        if self._before_restore is not None:
            self._before_restore()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.restore_result = security.restore_backup(self.paths, backup, passphrase)
        except WrongPassphraseError:
            self._show_error(
                "This passphrase does not open that backup. Backups made before a passphrase "
                "change may need the earlier passphrase."
            )
            return
        except VaultDamagedError:
            self._show_error("That backup is damaged; choose an older one.")
            return
        except LeadDeskError as exc:
            # The service's message is true and plain (no space, read-only, not a backup...):
            # the vault is only replaced once the restored copy is complete and verified.
            log.warning("restore failed: %s", type(exc).__name__)
            self._show_error(f"The backup could not be restored. {exc}")
            return
        except OSError as exc:
            log.warning("restore failed: %s", type(exc).__name__)
            self._show_error("The backup could not be restored; your vault was left in place.")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase_used = passphrase
        self.passphrase.clear()
        log.info("backup restored from the dialog")
        self.accept()


def offer_restore_after_damage(
    paths: AppPaths, passphrase: str, parent: QWidget | None = None
) -> RestoreBackupDialog | None:
    """After unlock reported VaultDamagedError: offer the newest backup that opens.

    Returns the accepted dialog (its ``passphrase_used`` unlocks the restored vault), or
    None when the user declined or no backup opens with this passphrase. The damaged file
    is kept aside by the restore (once the restored copy is in place), never deleted.
    """
    newest = security.newest_backup_that_opens(paths, passphrase)
    if newest is None:
        QMessageBox.warning(
            parent,
            "LeadDesk",
            "The vault file is damaged and no backup opens with this passphrase. "
            "The damaged file has not been changed.",
        )
        return None
    dialog = RestoreBackupDialog(
        paths,
        parent,
        passphrase=passphrase,
        preselect=newest.path,
        reason="The vault file is damaged. The newest backup that opens with your passphrase "
        "is selected; the damaged file will be kept aside, not deleted.",
    )
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog
    return None


class VaultSafetyPanel(QWidget):
    """Buttons for the Preferences → Security page: change passphrase, back up, restore.

    Entry point: ``form.addRow(VaultSafetyPanel(ctx, page))``. Restoring from a running
    session locks the vault first (``ctx.lock()``): the shell then asks for the passphrase,
    which opens the restored vault.
    """

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QHBoxLayout

        super().__init__(parent)
        self.ctx = ctx
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setObjectName("BackupStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Backup status")
        column.addWidget(self.status)
        row = QHBoxLayout()
        self.change_button = QPushButton("Change &passphrase…")
        self.change_button.setAccessibleName("Change passphrase")
        self.backup_button = QPushButton("&Back up now")
        self.backup_button.setAccessibleName("Back up now")
        self.restore_button = QPushButton("&Restore from backup…")
        self.restore_button.setAccessibleName("Restore from backup")
        for button in (self.change_button, self.backup_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.change_button.clicked.connect(self._on_change_clicked)
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.refresh()

    def refresh(self) -> None:
        found = security.list_backups(self.ctx.paths)
        if not found:
            self.status.setText("No backups yet. LeadDesk makes one each day you unlock.")
            return
        newest = found[0].taken_at.astimezone().strftime("%a %d %b %Y, %H:%M")
        self.status.setText(
            f"{len(found)} encrypted backup{'' if len(found) == 1 else 's'} beside the vault; "
            f"the newest is from {newest}."
        )

    def _on_change_clicked(self) -> None:
        from .change_passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self, "LeadDesk", "The passphrase was changed.")
        self.refresh()

    def _on_backup_clicked(self) -> None:
        # On the vault's own connection, so on this thread: ~0.1 s at five years of data,
        # ~0.9 s at fifty. The cursor, the button and the status line say it is working.
        had_focus = self.backup_button.hasFocus()
        self.backup_button.setEnabled(False)
        self.status.setText("Backing up…")
        self.status.repaint()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        failure: LeadDeskError | None = None
        try:
            self.ctx.services.security.backup_now()
        except LeadDeskError as exc:
            failure = exc
        finally:
            QGuiApplication.restoreOverrideCursor()
            self.backup_button.setEnabled(True)
            if had_focus:  # disabling it moved the focus on
                self.backup_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if failure is not None:
            self.ctx.report(failure, self)
        self.refresh()

    def _on_restore_clicked(self) -> None:
        dialog = RestoreBackupDialog(
            self.ctx.paths,
            self.window(),
            before_restore=lambda: self.ctx.lock(forget_history=True),  # other records' ids
        )
        dialog.exec()
