"""The passphrase strength shown while typing a new passphrase (create and change dialogs).

The estimate and the rule live in ``domain/passphrase.py`` (zxcvbn, imported lazily on the
first keystroke, never at start-up): the weakest passphrases are refused with a reason, the
rest are labelled fair, good or strong. ``suggest`` offers a generated six-word passphrase.
"""

from __future__ import annotations

from ...domain.passphrase import Strength
from ...domain.passphrase import assess as _assess

__all__ = ["Strength", "assess", "suggest"]


def assess(passphrase: str) -> Strength:
    return _assess(passphrase)


def suggest() -> str:
    """A diceware-style passphrase from the shipped word list (``secrets``, 6 words)."""
    from ...services.security import suggest_passphrase

    return suggest_passphrase()
