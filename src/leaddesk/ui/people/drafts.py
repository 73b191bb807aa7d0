"""Typed text that lives only in a widget must not be lost when the vault locks.

Dialogs are ``RecordDialog``s: the AppContext saves every open one before a lock (see
``ui/record_dialog.py``). This module binds a person dialog, which runs with ``exec()`` and
whose command its caller builds, to that mechanism. Valid typed text is then saved
synchronously through the normal undoable command (the undo history survives the lock, so
the save can be undone after unlocking); invalid or untouched input is dropped silently: no
message box may pop up in the middle of a lock.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import AppContext
from ..record_dialog import RecordDialog
from ..undo import Operation


def save_dialog_before_lock(
    ctx: AppContext, dialog: RecordDialog, make_command: Callable[[], Operation | None]
) -> None:
    """While ``dialog`` is open, a lock saves what it holds (then the context closes it,
    so the caller's ``exec()`` returns "rejected": no second save).

    ``make_command`` returns the command that the dialog's OK would run, or None when
    nothing was entered or changed.
    """

    def save() -> bool:
        command = make_command()
        return command is not None and ctx.push(command, quiet=True)

    dialog.bind(ctx, save=save)
