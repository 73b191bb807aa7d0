"""Real window server (Xvfb): keyboard navigation and the lock/unlock round trip.

Run with ``QT_QPA_PLATFORM=xcb xvfb-run -a python -m pytest -m e2e tests/ui/shell``.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from leaddesk.ui.area import AREAS
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _needs_xcb() -> None:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        pytest.skip("needs a real window server: QT_QPA_PLATFORM=xcb xvfb-run -a ...")


def test_keyboard_only_session(ctx, make_window, qtbot) -> None:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area_key() == AREAS[2].key

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.unlock_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.passphrase, "wrong")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy, timeout=10_000)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctx.is_unlocked and window.isVisible(), timeout=10_000)
    assert window.current_area_key() == AREAS[2].key
