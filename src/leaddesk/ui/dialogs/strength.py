"""A rough passphrase strength hint (no network, no word lists): length and variety.

It is a nudge, not a gate: the user may keep a weak passphrase, but sees why it is weak.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

HUMAN_PATTERN_FACTOR = 0.6


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    label: str  # "weak" | "fair" | "good" | "strong"
    hint: str


def estimate_bits(passphrase: str) -> float:
    """Bits of a naive brute-force search; words separated by spaces count as words."""
    if not passphrase:
        return 0.0
    words = passphrase.split()
    if len(words) >= 3 and all(w.isalpha() and len(w) >= 3 for w in words):
        # A passphrase of common words: assume a 7,776-word (diceware) list.
        return len(words) * math.log2(7776)
    pool = 0
    if any(ch in string.ascii_lowercase for ch in passphrase):
        pool += 26
    if any(ch in string.ascii_uppercase for ch in passphrase):
        pool += 26
    if any(ch in string.digits for ch in passphrase):
        pool += 10
    if any(ch in string.punctuation or ch == " " for ch in passphrase):
        pool += 33
    if any(ord(ch) > 127 for ch in passphrase):
        pool += 100
    distinct = len(set(passphrase))
    effective_length = min(len(passphrase), distinct * 2)
    # People pick characters in patterns (capital first, digit last, l33t): count each
    # character as worth a bit more than half of a truly random one.
    return effective_length * math.log2(max(pool, 2)) * HUMAN_PATTERN_FACTOR


def assess(passphrase: str) -> Strength:
    bits = estimate_bits(passphrase)
    if not passphrase:
        return Strength(0, "weak", "Use four or more random words, or a long sentence.")
    if bits < 40:
        return Strength(1, "weak", "Weak: easy to guess. Add more words.")
    if bits < 60:
        return Strength(2, "fair", "Fair: one or two more words would make it much stronger.")
    if bits < 75:
        return Strength(3, "good", "Good: hard to guess.")
    return Strength(4, "strong", "Strong: very hard to guess.")
