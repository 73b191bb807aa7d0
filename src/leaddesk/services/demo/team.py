"""The demo team: five reports, a peer, a manager and a stakeholder, and their growth goals."""

from __future__ import annotations

from typing import Any

from ...domain.model import GoalStatus, Relationship
from .specs import InDays as d  # d(n): n days from today
from .specs import PersonSpec as P

R = Relationship
# Five reports (one new, one overdue for a one-on-one), a peer, a manager and a stakeholder,
# with cadences from weekly to monthly.
# fmt: off
PEOPLE: list[P] = [
    P("priya", "Priya Raman", "Senior Backend Engineer", R.REPORT, 1400, 14,
      preference="Recognition in private; likes direct written feedback"),
    P("marco", "Marco Bianchi", "Backend Engineer", R.REPORT, 700, 14,
      preference="Prefers feedback face to face, not in writing"),
    P("aisha", "Aisha Okafor", "Frontend Engineer", R.REPORT, 60, 7,
      preference="New to the team: weekly one-on-ones for three months"),
    P("jonas", "Jonas Weber", "Site Reliability Engineer", R.REPORT, 2100, 21,
      minutes=45, preference="Public recognition is fine; criticism 1:1"),
    P("lena", "Lena Kowalski", "Junior Software Engineer", R.REPORT, 200, 7,
      preference="Appreciates concrete examples"),
    P("daniel", "Daniel Okoro", "Tech Lead, Platform team", R.PEER, 1100, 28),
    P("sam", "Sam Fischer", "Engineering Manager", R.MANAGER, 1800, 14,
      minutes=45),
    P("carla", "Carla Mendes", "Product Manager, Checkout", R.STAKEHOLDER,
      900, 14),
]
# fmt: on

# person key, GrowthGoal fields (dates as days from today)
GROWTH_GOALS: list[tuple[str, dict[str, Any]]] = [
    (
        "priya",
        dict(
            goal="Lead the design of a cross-team system",
            next_step="Own the idempotent payment API design doc",
            target_on=d(120),
            status=GoalStatus.IN_PROGRESS,
        ),
    ),
    (
        "marco",
        dict(
            goal="Grow into platform engineering",
            next_step="Career conversation; shadow Daniel's team for a sprint",
            target_on=d(180),
            status=GoalStatus.NOT_STARTED,
        ),
    ),
    (
        "aisha",
        dict(
            goal="Write clearly for users and stakeholders",
            next_step="Release notes for 4.3 without a template",
            target_on=d(60),
            status=GoalStatus.IN_PROGRESS,
        ),
    ),
    (
        "lena",
        dict(
            goal="Present confidently in team demos",
            next_step="Give the sprint demo this week",
            target_on=d(30),
            status=GoalStatus.IN_PROGRESS,
        ),
    ),
    (
        "jonas",
        dict(
            goal="Run the incident-commander training",
            next_step="",
            target_on=d(-20),
            status=GoalStatus.ACHIEVED,
        ),
    ),
]
