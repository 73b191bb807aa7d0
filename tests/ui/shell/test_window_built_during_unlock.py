"""Start-up builds the main window before the key is known (issue 18): while the user types
(once the preload has imported it), or else while the key is derived. The window the user
gets after the passphrase is that one, it holds no vault data before the unlock succeeded,
and a wrong passphrase keeps it (locked, hidden) for the next try."""

from __future__ import annotations

from leaddesk.bootstrap import Launcher, make_settings
from leaddesk.services.unlocking import create_vault
from leaddesk.ui.dialogs.unlock import UnlockDialog
from leaddesk.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE


def test_the_window_is_built_while_the_key_is_derived_and_kept_after_a_wrong_try(
    qapp, app_paths, qtbot
) -> None:  # type: ignore[no-untyped-def]
    services = create_vault(app_paths, PASSPHRASE)
    services.tasks.capture("Shown only once unlocked")
    services.close()
    launcher = Launcher(app_paths, make_settings(app_paths))
    launcher.start()
    try:
        dialog = launcher.dialog
        assert isinstance(dialog, UnlockDialog)
        dialog.passphrase.setText("not the passphrase")
        dialog.submit()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
        assert dialog.error.isVisible() and launcher.window is None
        built = launcher._prepared
        assert isinstance(built, MainWindow)  # built during the (failed) unlock
        assert not built.isVisible() and not built.ctx.is_unlocked
        board = built.areas["matrix"]
        assert all(model.rowCount() == 0 for model in board.models.values())  # no data

        dialog.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(launcher.window_shown, timeout=20_000):
            dialog.submit()
        assert launcher.window is built and built.isVisible() and built.ctx.is_unlocked
        titles = [
            model.index(row, 0).data()
            for model in board.models.values()
            for row in range(model.rowCount())
        ]
        assert "Shown only once unlocked" in titles
    finally:
        launcher.shutdown()
        if launcher.dialog is not None:
            launcher.dialog.close()


def test_the_window_is_built_while_the_user_types(qapp, app_paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    create_vault(app_paths, PASSPHRASE).close()
    launcher = Launcher(app_paths, make_settings(app_paths))
    launcher.start()
    try:
        dialog = launcher.dialog
        assert isinstance(dialog, UnlockDialog)
        qtbot.waitUntil(lambda: launcher._prepared is not None, timeout=30_000)  # no submit
        built = launcher._prepared
        assert not built.isVisible() and not built.ctx.is_unlocked and not dialog.busy
        # Its idle lock is started with it (off the unlock's path) and cannot lock a locked
        # window: even long past the timeout it leaves the unlock dialog alone.
        idle = launcher.idle_lock
        assert idle is not None
        idle.set_timeout_seconds(0.01)
        idle._last_activity -= 60
        idle.check()
        assert launcher.dialog is dialog and dialog.isVisible() and built.unlock_dialog is None
        idle.set_timeout_seconds(600)
        dialog.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(launcher.window_shown, timeout=20_000):
            dialog.submit()
        assert launcher.window is built and built.ctx.is_unlocked
        assert launcher.idle_lock is idle  # the same one guards the session
        idle.set_timeout_seconds(0.01)
        idle._last_activity -= 60
        idle.check()
        assert not built.ctx.is_unlocked  # and locks it once idle
    finally:
        launcher.shutdown()
        if launcher.dialog is not None:
            launcher.dialog.close()


def test_the_first_unlock_dialog_is_deleted_once_the_window_is_shown(
    qapp, app_paths, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Its lambdas' connections held it (and its widgets) for the whole session."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import Shiboken

    create_vault(app_paths, PASSPHRASE).close()
    launcher = Launcher(app_paths, make_settings(app_paths))
    launcher.start()
    try:
        dialog = launcher.dialog
        assert isinstance(dialog, UnlockDialog)
        dialog.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(launcher.window_shown, timeout=20_000):
            dialog.submit()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not Shiboken.isValid(dialog)
        assert launcher.window is not None and launcher.window.isVisible()
    finally:
        launcher.shutdown()
