"""Small building blocks shared by the shell's dialogs (header, inline error, busy state)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.errors import LeadDeskError, WrongPassphraseError

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon  # named at run time only where an icon is made (~10 M)

log = logging.getLogger(__name__)

# Two enum values the unlock dialog needs before its first paint, set as Qt properties (which
# take plain integers): the first touch of the ``Qt`` namespace makes PySide6 build all of
# its ~100 enums, 116 million instructions (~20 ms here) of the launch figure.
# tests/ui/shell/test_startup_path.py checks they equal Qt.AlignmentFlag.AlignTop and
# Qt.TextInteractionFlag.NoTextInteraction.
ALIGN_TOP = 0x0020
NO_TEXT_INTERACTION = 0

WRONG_PASSPHRASE_MESSAGE = (
    "That passphrase did not unlock the vault. Check Caps Lock and the keyboard layout, "
    "then try again."
)


def header(title: str, subtitle: str, icon: QIcon | QPixmap | None = None) -> QWidget:
    """Icon, a bold title and a muted one-line explanation, as at the top of each dialog.
    A QPixmap is shown as it is (the start path's 48 px picture, ``bootstrap.py``)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(14)
    if icon is not None and not icon.isNull():
        picture = QLabel()
        picture.setPixmap(icon if isinstance(icon, QPixmap) else icon.pixmap(48, 48))
        picture.setProperty("alignment", ALIGN_TOP)
        row.addWidget(picture)
    texts = QVBoxLayout()
    texts.setSpacing(2)
    title_label = QLabel(title)
    title_label.setObjectName("DialogTitle")
    subtitle_label = QLabel(subtitle)
    subtitle_label.setObjectName("DialogSubtitle")
    subtitle_label.setWordWrap(True)
    texts.addWidget(title_label)
    texts.addWidget(subtitle_label)
    row.addLayout(texts, 1)
    return box


def error_label() -> QLabel:
    """An inline, initially hidden error line (red-ish, wraps, readable by screen readers)."""
    label = QLabel()
    label.setObjectName("ErrorMessage")
    label.setWordWrap(True)
    label.setAccessibleName("Error")
    label.setProperty("textInteractionFlags", NO_TEXT_INTERACTION)
    label.hide()
    return label


def message_for(exc: BaseException) -> str:
    """What to tell the user about a failed unlock/create; never private text."""
    if isinstance(exc, WrongPassphraseError):
        detail = str(exc)
        # After an interrupted passphrase change, say which passphrase still opens it.
        return detail if "interrupted" in detail else WRONG_PASSPHRASE_MESSAGE
    if isinstance(exc, LeadDeskError):
        return str(exc)
    log.error("vault could not be opened: %s", type(exc).__name__)
    return "The vault could not be opened because of an unexpected error."


def fit_height(dialog: QDialog) -> None:
    """Grow the dialog so wrapped labels (subtitle, error, warning) are never clipped.

    Top-level windows do not honour height-for-width layouts by themselves; without this a
    two-line message is cut in half.
    """
    layout = dialog.layout()
    if layout is None:
        return
    width = max(dialog.width(), dialog.minimumWidth(), layout.minimumSize().width())
    height = layout.totalHeightForWidth(width)
    if height > 0:
        dialog.setMinimumHeight(height)
        if dialog.height() < height:
            dialog.resize(width, height)
