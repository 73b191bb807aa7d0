"""Feedback balance: is feedback timely, and is recognition given, not only criticism?

The person page shows positive vs constructive feedback over the last 90 days and nudges
when someone has had no recognition for a long time (30 days by default). Pure rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import FeedbackTone

BALANCE_WINDOW_DAYS = 90
RECOGNITION_NUDGE_DAYS = 30


@dataclass(frozen=True)
class FeedbackBalance:
    positive: int
    constructive: int
    window_days: int = BALANCE_WINDOW_DAYS

    @property
    def total(self) -> int:
        return self.positive + self.constructive

    @property
    def positive_share(self) -> float | None:
        return None if self.total == 0 else self.positive / self.total

    def describe(self) -> str:
        if self.total == 0:
            return f"No feedback recorded in the last {self.window_days} days."
        return (
            f"Last {self.window_days} days: {self.positive} positive, "
            f"{self.constructive} constructive."
        )


def feedback_balance(
    given: Iterable[tuple[date, FeedbackTone | None]],
    today: date,
    window_days: int = BALANCE_WINDOW_DAYS,
) -> FeedbackBalance:
    """Count feedback given within ``window_days`` up to and including ``today`` by tone.

    Entries without a tone are not counted: they cannot tip the balance either way.
    """
    since = today - timedelta(days=window_days)
    positive = constructive = 0
    for on, tone in given:
        if on < since or on > today or tone is None:
            continue
        if tone is FeedbackTone.POSITIVE:
            positive += 1
        else:
            constructive += 1
    return FeedbackBalance(positive, constructive, window_days)


def recognition_nudge(
    last_recognition_on: date | None,
    today: date,
    known_since: date | None = None,
    after_days: int = RECOGNITION_NUDGE_DAYS,
) -> str | None:
    """A gentle reminder when no positive feedback was recorded for ``after_days`` days.

    ``known_since`` (start date or when the person was added) avoids nagging about someone
    who joined last week. Returns None when no nudge is due.
    """
    if last_recognition_on is not None:
        quiet = (today - last_recognition_on).days
        if quiet >= after_days:
            return f"No recognition recorded for {quiet} days. Anything worth appreciating?"
        return None
    if known_since is not None and (today - known_since).days < after_days:
        return None
    return "No recognition recorded yet. Anything worth appreciating?"
