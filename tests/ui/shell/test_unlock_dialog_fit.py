"""The unlock dialog fits its wrapped text when shown, without a Python ``showEvent``.

A Python event handler makes PySide6 build ``QEvent`` (its 170-member enum, 13 M
instructions) before the dialog is mapped; the dialog fits its height in ``setVisible``
instead (issue 18). What the user sees must not change: the shown dialog is exactly as tall
as its wrapped labels need at its width, that height is its minimum, and a shorter window
is never mapped (a hidden-then-shown dialog or one with a long notice included).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QIcon, QPixmap

from leaddesk.ui import theme
from leaddesk.ui.dialogs.unlock import UnlockDialog

LONG_NOTE = (
    "This is the demo vault: its passphrase is filled in for you. Nothing you type here is "
    "kept once the demo ends, and your real vault is never touched by it."
)


def _icon() -> QIcon:
    pixmap = QPixmap(48, 48)
    pixmap.fill(theme.TRANSPARENT)
    return QIcon(pixmap)


@pytest.mark.parametrize("note", ["", LONG_NOTE], ids=["plain", "long notice"])
def test_the_shown_dialog_fits_its_wrapped_text(qtbot, note: str) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(lambda _text: None, icon=_icon(), note=note)
    qtbot.addWidget(dialog)
    for _ in range(2):  # first show, and again after being hidden
        dialog.show()
        needed = dialog.layout().totalHeightForWidth(dialog.width())
        assert dialog.minimumHeight() == needed
        assert dialog.height() >= needed
        assert dialog.width() >= 440
        dialog.hide()


def test_an_error_grows_the_shown_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(lambda _text: None, icon=_icon())
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.height()
    dialog.submit()  # empty: says so inline
    assert dialog.error.isVisible()
    assert dialog.height() > before
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())


def test_no_python_event_handler_is_on_the_dialog() -> None:
    handlers = {name for name in vars(UnlockDialog) if name.endswith("Event") or name == "event"}
    assert handlers == set()
