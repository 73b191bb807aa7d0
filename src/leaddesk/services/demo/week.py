"""The demo calendar: this week's plan, last week's blocks with outcomes, last week's review."""

from __future__ import annotations

from typing import Any

from ...domain.model import BlockKind, BlockOutcome
from .specs import BlockSpec as b

K = BlockKind
done, partly, derailed = BlockOutcome.DONE, BlockOutcome.PARTLY_DONE, BlockOutcome.DERAILED
# This week's plan (Monday to Friday); blocks that have ended get an outcome from the seeder.
# fmt: off
THIS_WEEK: list[b] = [
    # Monday
    b(0, "09:30", 120, K.FOCUS, "Focus: idempotent payment API design", "design-doc",
      protected=True),
    b(0, "11:30", 30, K.BUFFER, "Buffer"),
    b(0, "12:00", 60, K.BREAK, "Lunch"),
    b(0, "13:00", 60, K.MEETING, "Sprint planning"),
    b(0, "14:00", 30, K.ONE_ON_ONE, "1:1 Priya", person="priya"),
    b(0, "15:00", 60, K.REVIEW, "Code reviews (batched)", "review-auth"),
    b(0, "16:00", 30, K.ADMIN, "Email and approvals batch"),
    # Tuesday
    b(1, "10:00", 120, K.FOCUS, "Coding: search indexer refactor", "coding",
      protected=True),
    b(1, "12:00", 60, K.BREAK, "Lunch"),
    b(1, "13:30", 30, K.ONE_ON_ONE, "1:1 Marco", person="marco"),
    b(1, "14:00", 60, K.MEETING, "Architecture review"),
    b(1, "15:30", 60, K.MEETING, "Hiring loop: system design interview"),
    b(1, "16:30", 30, K.BUFFER, "Buffer"),
    # Wednesday
    b(2, "09:30", 30, K.ONE_ON_ONE, "1:1 Aisha", person="aisha"),
    b(2, "10:00", 120, K.THINKING, "Q1 roadmap draft", "roadmap", protected=True),
    b(2, "12:00", 60, K.BREAK, "Lunch"),
    b(2, "13:00", 45, K.ONE_ON_ONE, "1:1 with Sam", person="sam"),
    b(2, "14:00", 60, K.MEETING, "Outage postmortem", "inc-fu"),
    b(2, "15:00", 60, K.REVIEW, "Code reviews (batched)"),
    b(2, "16:00", 30, K.BUFFER, "Buffer"),
    # Thursday
    b(3, "09:30", 150, K.FOCUS, "Focus: design doc, part 2", "design-doc",
      protected=True),
    b(3, "12:00", 60, K.BREAK, "Lunch"),
    b(3, "13:00", 45, K.ONE_ON_ONE, "1:1 Jonas", person="jonas"),
    b(3, "14:00", 30, K.ONE_ON_ONE, "1:1 Lena", person="lena"),
    b(3, "15:00", 60, K.MEETING, "Checkout sync with Carla", person="carla"),
    b(3, "16:00", 30, K.BREAK, "Walk"),
    # Friday
    b(4, "09:30", 90, K.FOCUS, "Coding: pair on the indexer", "coding", protected=True),
    b(4, "11:00", 30, K.ONE_ON_ONE, "1:1 Aisha (weekly)", person="aisha"),
    b(4, "12:00", 60, K.BREAK, "Lunch"),
    b(4, "13:00", 60, K.ADMIN, "Performance calibration notes", "perf-calib"),
    b(4, "14:00", 60, K.THINKING, "Weekly planning and review", protected=True),
    b(4, "15:00", 60, K.BUFFER, "Buffer for the unexpected"),
]
LAST_WEEK: list[tuple[b, BlockOutcome, str]] = [
    (b(0, "09:30", 120, K.FOCUS, "Focus: OKR draft", "done-okrs", protected=True,
       week=-1), done, ""),
    (b(0, "14:00", 30, K.ONE_ON_ONE, "1:1 Priya", person="priya", week=-1), done, ""),
    (b(1, "10:00", 120, K.FOCUS, "Coding: retry budget", protected=True, week=-1),
     derailed, "Payment outage pulled me into the incident call"),
    (b(1, "13:30", 30, K.ONE_ON_ONE, "1:1 Marco", person="marco", week=-1), done, ""),
    (b(2, "10:00", 60, K.REVIEW, "Review the database migration plan", "done-review",
       week=-1), done, ""),
    (b(2, "13:00", 45, K.ONE_ON_ONE, "1:1 with Sam", person="sam", week=-1), done, ""),
    (b(3, "09:30", 150, K.FOCUS, "Focus: search indexer", protected=True, week=-1),
     partly, "Ran out of time after a long architecture review"),
    (b(3, "15:00", 60, K.MEETING, "Interview: backend candidate", "done-loop",
       week=-1), done, ""),
    (b(4, "11:00", 30, K.ONE_ON_ONE, "1:1 Aisha", person="aisha", week=-1), done, ""),
    (b(4, "14:00", 60, K.THINKING, "Weekly planning and review", protected=True,
       week=-1), done, ""),
]
# fmt: on

# The review of last week, written and finished on its Friday at 15:10 (its figures are
# computed from the week by the review service; deprioritized: task keys).
REVIEW: dict[str, Any] = dict(
    lessons="Protect Tuesday's focus block: the outage ate it. Book a buffer "
    "after every long meeting.",
    derailed_notes="Payment outage on Tuesday (about 5 hours). Avoidable: the "
    "cache change went out without a canary.",
)
DEPRIORITIZED: dict[str, str] = {
    "wiki-reorg": "Nobody is blocked by the old wiki.",
    "tech-debt": "Moved to next week after the outage.",
}
