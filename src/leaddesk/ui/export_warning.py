"""The one-time warning before a plain (unencrypted) export leaves the vault."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from .context import AppContext

WARNED_KEY = "export/plaintext_warned"


def confirm_plaintext_export(ctx: AppContext, parent: QWidget, what: str) -> bool:
    """Warn once that exports are plain files outside the vault; True to go ahead.

    ``what`` says what the file holds (e.g. "time blocks and task titles, never private
    notes"). The answer is remembered in the settings, so the warning comes only once.
    """
    if ctx.settings.get(WARNED_KEY):
        return True
    answer = QMessageBox.question(
        parent,
        "Export is not encrypted",
        "Exported files are plain, unencrypted files outside the vault. This one holds "
        f"{what}.\n\nExport anyway?",
    )
    if answer == QMessageBox.StandardButton.Yes:
        ctx.settings.set(WARNED_KEY, True)
        return True
    return False
