"""Typed text that lives only in a widget must not be lost when the vault locks.

``ctx.about_to_lock`` fires while the vault is still open (Ctrl+L, idle lock, sleep, quit).
Valid typed text is then saved synchronously through the normal undoable commands (the undo
history survives the lock, so the save can be undone after unlocking); invalid or untouched
input is dropped silently: no message box may pop up in the middle of a lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from ..context import AppContext
from ..undo import ServiceCommand


def save_dialog_before_lock(
    ctx: AppContext, dialog: QDialog, make_command: Callable[[], ServiceCommand | None]
) -> Callable[[], None]:
    """While ``dialog`` runs (``exec``), a lock saves what it holds and closes it.

    ``make_command`` returns the command that the dialog's OK would run, or None when
    nothing was entered or changed. Returns a function to call once the dialog is done.
    """

    def on_about_to_lock() -> None:
        if not dialog.isVisible():
            return
        command = make_command()
        if command is not None:
            ctx.push(command, quiet=True)
        dialog.reject()  # the caller's exec() then returns "rejected": no second save

    ctx.about_to_lock.connect(on_about_to_lock)

    def done() -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            ctx.about_to_lock.disconnect(on_about_to_lock)

    return done
