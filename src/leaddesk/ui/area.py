"""The contract between the main window shell and each working area.

An area is a QWidget built with the AppContext. The shell creates it lazily the first time it
is shown, calls ``refresh()`` after unlock, and ``clear_private()`` on lock (drop every model
row and any text that came from the vault). Areas listen to ``ctx.changed`` themselves and
refresh only on the change kinds they show.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from .context import AppContext


class Area(QWidget):
    title: str = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self) -> None:
        """Reload what is shown from the services (called after unlock and on show)."""

    def clear_private(self) -> None:
        """Forget every piece of vault content (called on lock)."""


@dataclass(frozen=True)
class AreaSpec:
    key: str  # stable id, stored in QSettings as the last area
    title: str
    target: str  # "module:ClassName", imported when first shown
    empty_hint: str  # shown while an area is not built yet


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec(
        "matrix",
        "Matrix",
        "leaddesk.ui.matrix.area:MatrixArea",
        "Sort everything on your plate into Do, Schedule, Delegate and Delete.",
    ),
    AreaSpec(
        "week",
        "Week",
        "leaddesk.ui.week.area:WeekArea",
        "Turn priorities into a plan: drag tasks into next week's time slots.",
    ),
    AreaSpec(
        "delegations",
        "Delegations",
        "leaddesk.ui.delegation.area:DelegationArea",
        "Track what you handed to whom, and when to check in.",
    ),
    AreaSpec(
        "people",
        "People",
        "leaddesk.ui.people.area:PeopleArea",
        "Private notes per person: one-on-ones, feedback, growth.",
    ),
    AreaSpec(
        "review",
        "Review",
        "leaddesk.ui.review.area:ReviewArea",
        "The Friday review: look back, triage, prune and plan next week.",
    ),
)
