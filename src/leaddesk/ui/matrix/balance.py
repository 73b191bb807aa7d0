"""Balance hints from the planning method: gentle nudges when the board is lopsided.

Pure Python over quadrant counts (no Qt), so the rules are easy to read and test.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...domain.model import Quadrant

MIN_TRIAGED_FOR_HINTS = 4  # too few cards say nothing about balance


def counts_line(counts: Mapping[Quadrant, int]) -> str:
    """E.g. "Inbox 3 · Do 5 · Schedule 2 · Delegate 1 · Delete 0"."""
    return " · ".join(f"{q.label} {counts.get(q, 0)}" for q in Quadrant)


def balance_hints(counts: Mapping[Quadrant, int], unbooked_schedule: int = 0) -> list[str]:
    """The hints that apply to these counts, most important first (may be empty)."""
    do = counts.get(Quadrant.DO, 0)
    schedule = counts.get(Quadrant.SCHEDULE, 0)
    delegate = counts.get(Quadrant.DELEGATE, 0)
    delete = counts.get(Quadrant.DELETE, 0)
    triaged = do + schedule + delegate + delete
    hints: list[str] = []
    if triaged >= MIN_TRIAGED_FOR_HINTS:
        if delegate + delete == 0:
            hints.append(
                "Only the top two quadrants hold tasks: is everything really important? "
                "Ask of each: what happens if I don't do this?"
            )
        if do * 2 > triaged:
            hints.append(
                "Do holds most of the board: that is firefighting. Move long-term work to "
                "Schedule and hand urgent, less important work to the team."
            )
        if schedule == 0:
            hints.append(
                "Schedule is empty: nothing long-term is planned. What important work keeps "
                "getting pushed back?"
            )
    if unbooked_schedule > 0:
        noun = "task has" if unbooked_schedule == 1 else "tasks have"
        hints.append(f"{unbooked_schedule} Schedule {noun} no time booked this week.")
    return hints
