"""Passphrase rules for a NEW passphrase (creating a vault, changing the passphrase).

The vault file can be copied and attacked offline, so the passphrase is its only defence.
A new passphrase is estimated with zxcvbn (Dropbox's estimator: dictionaries, common
passwords, keyboard patterns, sequences, repeats, dates, l33t), imported lazily because it
costs ~60 ms and only the create/change dialogs and ``leaddesk init`` need it.

The rule (one for every entry point: the create and change dialogs, ``leaddesk init`` and
``SecurityService.change_passphrase``): at least ``MIN_LENGTH`` characters and a zxcvbn
score of at least ``MIN_SCORE`` (score 2 means about 10^8 guesses). ``Vault.create`` itself
applies no rule, so tests and the demo can make vaults freely.

:func:`generate` makes a diceware-style passphrase: ``words`` picked with ``secrets`` from a
word list (the shipped EFF large word list: 7,776 words, 12.9 bits each; six words give
77 bits).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ValidationError

MIN_LENGTH = 8
MIN_SCORE = 2
GENERATED_WORDS = 6
# zxcvbn refuses longer input (its matching is quadratic); the first 72 characters of a
# longer passphrase are estimated, which only ever underestimates it.
ESTIMATE_PREFIX = 72

# Words an attacker of a LeadDesk vault tries first (zxcvbn treats them as a dictionary).
APP_WORDS = ("leaddesk", "lead", "desk", "vault", "passphrase", "password", "planning")

LABELS = ("weak", "weak", "fair", "good", "strong")


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4 (zxcvbn's scale)
    label: str  # "weak" (refused) | "fair" | "good" | "strong"
    hint: str  # plain words for the dialog; never contains the passphrase
    problem: str  # why it is refused, or "" when it is acceptable

    @property
    def acceptable(self) -> bool:
        return not self.problem


def assess(passphrase: str) -> Strength:
    """How strong a new passphrase is, and whether LeadDesk accepts it."""
    if not isinstance(passphrase, str) or not passphrase:
        return Strength(0, "weak", "Use four or more random words, or a long sentence.", _EMPTY)
    from zxcvbn import zxcvbn  # lazy: only the dialogs and `init` estimate passphrases

    result = zxcvbn(passphrase[:ESTIMATE_PREFIX], user_inputs=list(APP_WORDS))
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip()
    suggestions = [str(s).strip() for s in feedback.get("suggestions") or [] if s]
    problem = ""
    if "\x00" in passphrase:
        problem = "The passphrase cannot contain a NUL character."
    elif len(passphrase) < MIN_LENGTH:
        problem = (
            f"Too short: a passphrase needs at least {MIN_LENGTH} characters "
            "(four or more random words are best)."
        )
    elif score < MIN_SCORE:
        reason = warning or "It would be guessed quickly."
        problem = f"Too easy to guess: {_sentence(reason)} Add more words, or use a suggestion."
    label = LABELS[score] if not problem else "weak"
    if problem:
        hint = problem
    elif score == 2:
        hint = "Fair: one or two more words would make it much stronger."
    elif score == 3:
        hint = "Good: hard to guess."
    else:
        hint = "Strong: very hard to guess."
    if warning and not problem and score < 4:
        hint = f"{hint} {_sentence(warning)}"
    elif suggestions and problem and not warning:
        hint = f"{hint} {_sentence(suggestions[0])}"
    return Strength(score if not problem else min(score, 1), label, hint, problem)


_EMPTY = "Choose a passphrase."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def check_new_passphrase(passphrase: object) -> str:
    """``passphrase`` if LeadDesk accepts it as a new passphrase; else ValidationError."""
    if not isinstance(passphrase, str):
        raise ValidationError("The passphrase must be text.")
    if not passphrase.strip():
        raise ValidationError("The passphrase cannot be empty (spaces alone do not count).")
    strength = assess(passphrase)
    if strength.problem:
        raise ValidationError(strength.problem)
    return passphrase


def generate(words: Sequence[str], count: int = GENERATED_WORDS, separator: str = " ") -> str:
    """``count`` words chosen with ``secrets`` (a CSPRNG), joined by ``separator``."""
    pool = [w for w in words if w and w.strip() == w and " " not in w]
    if len(pool) < 1024:
        raise ValueError("the word list is too short for a safe passphrase")
    if count < 4:
        raise ValueError("a generated passphrase has at least four words")
    return separator.join(secrets.choice(pool) for _ in range(count))
