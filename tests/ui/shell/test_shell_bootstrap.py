"""Start-up: first run creates a vault, later runs unlock it, --demo never touches either."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from leaddesk import bootstrap
from leaddesk.bootstrap import Launcher, demo_paths, make_settings
from leaddesk.services.unlocking import create_vault
from leaddesk.ui.dialogs.create_vault import CreateVaultDialog
from leaddesk.ui.dialogs.unlock import UnlockDialog
from leaddesk.ui.main_window import DEMO_TITLE
from tests.conftest import PASSPHRASE


@pytest.fixture
def launch(qapp, qtbot):  # type: ignore[no-untyped-def]
    launchers = []

    def start(paths, *, demo=False):  # type: ignore[no-untyped-def]
        launcher = Launcher(paths, make_settings(paths), demo=demo)
        launchers.append(launcher)
        launcher.start()
        return launcher

    yield start
    for launcher in launchers:
        launcher.shutdown()
        if launcher.dialog is not None:
            launcher.dialog.close()


def test_first_run_asks_for_a_new_passphrase_then_opens_the_window(launch, app_paths, qtbot):
    launcher = launch(app_paths)
    dialog = launcher.dialog
    assert isinstance(dialog, CreateVaultDialog) and dialog.isVisible()
    assert app_paths.settings_file.exists() or app_paths.config_dir.is_dir()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.confirm.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        dialog.submit()
    window = launcher.window
    assert window.isVisible() and window.ctx.is_unlocked
    assert app_paths.vault.exists()
    window.ctx.services.tasks.capture("Plan the offsite")


def test_later_runs_ask_to_unlock(launch, app_paths, qtbot):
    create_vault(app_paths, PASSPHRASE).close()
    launcher = launch(app_paths)
    dialog = launcher.dialog
    assert isinstance(dialog, UnlockDialog)
    dialog.passphrase.setText("nope")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert launcher.window is None
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=5000):
        dialog.submit()
    assert launcher.window.ctx.is_unlocked


def test_cancelling_the_first_dialog_ends_the_app(launch, app_paths, qtbot):
    launcher = launch(app_paths)
    with qtbot.waitSignal(launcher.finished, timeout=10_000):
        launcher.dialog.reject()
    assert launcher.window is None
    assert not app_paths.vault.exists()


def test_settings_are_an_ini_file_in_the_config_dir(app_paths):
    settings = make_settings(app_paths)
    settings.set("ui/theme", "dark")
    assert app_paths.settings_file.suffix == ".ini"
    assert "theme=dark" in app_paths.settings_file.read_text()


def test_demo_opens_seeded_throwaway_vault_without_touching_the_real_one(launch, app_paths, qtbot):
    paths = demo_paths()
    try:
        launcher = launch(paths, demo=True)
        window = launcher.window
        assert launcher.dialog is None  # no passphrase dialog
        assert window.windowTitle() == DEMO_TITLE
        assert window.ctx.demo
        assert paths.vault != app_paths.vault
        assert not app_paths.vault.exists()
        assert not app_paths.settings_file.exists()
        try:
            import leaddesk.services.demo  # noqa: F401
        except ImportError:
            pass
        else:
            assert window.ctx.services.tasks.open_tasks()  # seeded
        # Locking the demo asks for its generated passphrase, which is filled in.
        window.lock_now()
        dialog = window.unlock_dialog
        assert dialog.passphrase.text()
        dialog.submit()
        qtbot.waitUntil(lambda: window.ctx.is_unlocked, timeout=5000)
    finally:
        launcher.shutdown()
        import shutil

        shutil.rmtree(paths.data_dir.parent, ignore_errors=True)


def test_run_gui_demo_deletes_its_temp_dir_at_exit(app_paths, qapp, monkeypatch):
    made = []

    def tracking_demo_paths():  # type: ignore[no-untyped-def]
        paths = demo_paths()
        made.append(paths)
        return paths

    monkeypatch.setattr(bootstrap, "demo_paths", tracking_demo_paths)
    # Process hardening (no core dumps, not dumpable) would outlive this test in pytest.
    monkeypatch.setattr(bootstrap, "_harden", lambda: None)

    def close_the_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow"]
        visible = [w for w in windows if w.isVisible()]
        if not visible:
            QTimer.singleShot(50, close_the_window)
            return
        assert made and made[0].vault.exists()
        visible[0].close()

    QTimer.singleShot(50, close_the_window)
    sheet, palette = qapp.styleSheet(), qapp.palette()  # Fusion is already the style
    try:
        status = bootstrap.run_gui(app_paths, demo=True)
    finally:  # leave the shared QApplication as other tests expect it
        from leaddesk.ui.theme import ThemeManager

        for manager in qapp.findChildren(ThemeManager):
            manager.setParent(None)
            manager.deleteLater()
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setQuitOnLastWindowClosed(True)
    assert status == 0
    assert made and not made[0].data_dir.parent.exists()
    assert not app_paths.vault.exists()


def test_a_second_launch_on_the_same_data_dir_hands_over_and_exits(app_paths, qapp, monkeypatch):
    from leaddesk.ui.single_instance import SingleInstance

    monkeypatch.setattr(bootstrap, "_harden", lambda: None)

    first = SingleInstance(app_paths.data_dir)
    assert first.claim()
    try:
        assert bootstrap.run_gui(app_paths) == 0  # returns at once, no dialog
        assert not app_paths.vault.exists()
    finally:
        first.release()
        qapp.setQuitOnLastWindowClosed(True)


def test_the_window_locks_itself_after_the_idle_time(launch, app_paths, qtbot):
    create_vault(app_paths, PASSPHRASE).close()
    launcher = launch(app_paths)
    launcher.dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        launcher.dialog.submit()
    window = launcher.window
    assert launcher.idle_lock is not None
    launcher.idle_lock.set_timeout_seconds(0.01)
    launcher.idle_lock._last_activity -= 60  # as if the user left a minute ago
    launcher.idle_lock.check()
    assert not window.ctx.is_unlocked
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()
    launcher.bring_to_front()  # a second launch while locked shows the unlock dialog only
    assert not window.isVisible()


def test_the_unlock_dialog_needs_neither_sqlalchemy_nor_the_services():
    """Start-up speed: what runs before the unlock dialog must not import the heavy parts."""
    import subprocess
    import sys

    code = (
        "import sys, leaddesk.bootstrap, leaddesk.ui.dialogs.unlock;"
        "heavy = [m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic',"
        " 'leaddesk.services', 'leaddesk.storage', 'leaddesk.ui.context'))];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
