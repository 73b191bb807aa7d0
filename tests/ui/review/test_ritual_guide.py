"""The first-run guide to the Friday ritual: once after a vault is created, Esc closes it,
Help → Friday ritual guide opens it again, "Start the review now" starts it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leaddesk.bootstrap import Launcher, make_settings
from leaddesk.services.unlocking import create_vault
from leaddesk.ui.actions import ActionId
from leaddesk.ui.dialogs.create_vault import CreateVaultDialog
from leaddesk.ui.dialogs.unlock import UnlockDialog
from leaddesk.ui.review.area import ReviewArea
from leaddesk.ui.review.guide import RitualGuide
from tests.conftest import PASSPHRASE


def _guides() -> list[RitualGuide]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, RitualGuide) and w.isVisible()
    ]


@pytest.fixture
def launch(qapp, qtbot):  # type: ignore[no-untyped-def]
    launchers = []

    def start(paths):  # type: ignore[no-untyped-def]
        launcher = Launcher(paths, make_settings(paths))
        launchers.append(launcher)
        launcher.start()
        return launcher

    yield start
    for launcher in launchers:
        launcher.shutdown()
        if launcher.dialog is not None:
            launcher.dialog.close()
    for guide in _guides():
        guide.close()


def test_the_guide_shows_once_after_creating_a_vault_and_esc_closes_it(
    launch, app_paths, qtbot
) -> None:
    launcher = launch(app_paths)
    dialog = launcher.dialog
    assert isinstance(dialog, CreateVaultDialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.confirm.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        dialog.submit()
    qtbot.waitUntil(lambda: len(_guides()) == 1, timeout=3000)
    (guide,) = _guides()
    assert guide.parentWidget() is launcher.window
    assert "Ctrl+Enter" in guide.text.text()
    qtbot.keyClick(guide, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _guides(), timeout=3000)


def test_an_existing_vault_opens_without_the_guide(launch, app_paths, qtbot) -> None:
    create_vault(app_paths, PASSPHRASE).close()
    launcher = launch(app_paths)
    assert isinstance(launcher.dialog, UnlockDialog)
    launcher.dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        launcher.dialog.submit()
    qtbot.wait(50)
    assert _guides() == []


def test_help_reopens_the_guide_and_start_begins_the_review(ctx, qtbot) -> None:
    from leaddesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    action = window.actions_by_id[ActionId.RITUAL_GUIDE]
    assert action in window.menus["help"].actions()
    action.trigger()
    (guide,) = _guides()
    guide.start_button.click()
    assert not _guides()
    area = window.ensure_area("review")
    assert isinstance(area, ReviewArea)
    assert window.current_area_key() == "review"
    assert area._step_index() == 0
