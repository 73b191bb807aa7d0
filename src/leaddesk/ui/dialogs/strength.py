"""The passphrase strength shown while typing a new passphrase (create and change dialogs).

The estimate and the rule live in ``domain/passphrase.py`` (zxcvbn, imported lazily on the
first keystroke, never at start-up): the weakest passphrases are refused with a reason, the
rest are labelled fair, good or strong. ``suggest`` offers a generated six-word passphrase.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton

from ...domain.passphrase import Strength
from ...domain.passphrase import assess as _assess

__all__ = ["Strength", "assess", "suggest", "suggest_button"]


def assess(passphrase: str) -> Strength:
    return _assess(passphrase)


def suggest() -> str:
    """A diceware-style passphrase from the shipped word list (``secrets``, 6 words)."""
    from ...services.security import suggest_passphrase

    return suggest_passphrase()


def suggest_button(on_click: Callable[[], None]) -> QPushButton:
    """The "Suggest a passphrase" button both dialogs show under the new passphrase."""
    button = QPushButton("S&uggest a passphrase")
    button.setAccessibleName("Suggest a passphrase")
    button.setToolTip("Six random words from a list of 7,776, chosen by a secure random generator.")
    button.setAutoDefault(False)
    button.clicked.connect(on_click)
    return button
