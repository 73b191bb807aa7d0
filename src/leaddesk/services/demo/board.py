"""The demo board: about forty tasks in every quadrant and the inbox, and the delegations."""

from __future__ import annotations

from typing import Any

from ...domain.model import DelegationStatus, GuidanceLevel, Quadrant
from .specs import CheckInSpec as C
from .specs import InDays as d  # d(n): n days from today

Q = Quadrant
# Every quadrant, the inbox (requests with a requester and a needed-by date) and finished
# work for the review; the seeder adds one task that was let go.
# fmt: off
BOARD: list[tuple[str, Quadrant, str, dict[str, Any]]] = [
    # Do: urgent and important.
    ("inc-fu", Q.DO, "Write the follow-ups from Tuesday's payment outage postmortem",
     dict(estimate_minutes=60, due_on=d(1), only_i_can=True,
          notes="- [ ] retry budget\n- [ ] alert on queue depth\n"
                "- [ ] runbook link in the pager message")),
    ("hire-debrief", Q.DO, "Hiring debrief: backend candidate (loop #14)",
     dict(estimate_minutes=30, due_on=d(0), only_i_can=True)),
    ("review-auth", Q.DO, "Review Priya's PR: token refresh rework",
     dict(estimate_minutes=45, person="priya")),
    ("release-gate", Q.DO, "Go/no-go call for the 4.2 release",
     dict(estimate_minutes=30, due_on=d(2), only_i_can=True)),
    ("cert", Q.DO, "Renew the API gateway TLS certificate before it expires",
     dict(estimate_minutes=30, due_on=d(3))),
    ("questionnaire", Q.DO, "Answer the security questionnaire from the bank customer",
     dict(requester="Carla Mendes", needed_by=d(1), estimate_minutes=60,
          person="carla")),
    ("perf-calib", Q.DO, "Prepare the performance calibration notes",
     dict(estimate_minutes=90, due_on=d(4), only_i_can=True)),
    # Schedule: important, not urgent.
    ("roadmap", Q.SCHEDULE, "Draft the Q1 technical roadmap",
     dict(estimate_minutes=180, only_i_can=True,
          notes="Themes: reliability, checkout latency, removing the legacy job "
                "runner.")),
    ("design-doc", Q.SCHEDULE, "Design doc: idempotent payment API",
     dict(estimate_minutes=240)),
    ("career", Q.SCHEDULE, "Career conversation prep for Marco",
     dict(estimate_minutes=45, person="marco", only_i_can=True)),
    ("onboarding", Q.SCHEDULE, "Improve the onboarding guide with Aisha's feedback",
     dict(estimate_minutes=90, person="aisha")),
    ("tech-debt", Q.SCHEDULE, "Tech-debt budget proposal for next quarter",
     dict(estimate_minutes=120)),
    ("coding", Q.SCHEDULE, "Pair on the search indexer refactor",
     dict(estimate_minutes=120)),
    ("interview-q", Q.SCHEDULE, "Refresh the system-design interview questions",
     dict(estimate_minutes=60)),
    ("skip-level", Q.SCHEDULE, "Prepare talking points for the skip-level with Sam",
     dict(estimate_minutes=30, person="sam")),
    ("handbook", Q.SCHEDULE, "On-call handbook: the escalation chapter",
     dict(estimate_minutes=90)),
    # Delegate: urgent, not important (for me).
    ("flaky", Q.DELEGATE, "Quarantine the flaky checkout end-to-end tests",
     dict(estimate_minutes=120)),
    ("dashboards", Q.DELEGATE, "Update the on-call dashboards after the metrics "
                               "migration", dict(estimate_minutes=90)),
    ("demo-prep", Q.DELEGATE, "Prepare the sprint demo", dict(estimate_minutes=60)),
    ("deps", Q.DELEGATE, "Upgrade the ORM to the new major version",
     dict(estimate_minutes=240)),
    ("release-notes", Q.DELEGATE, "Write the 4.2 release notes",
     dict(estimate_minutes=45)),
    ("status-report", Q.DELEGATE, "Weekly status report for the program office",
     dict(estimate_minutes=30)),
    # Delete: neither (candidates to let go).
    ("slides", Q.DELETE, "Polish the slide template for the all-hands",
     dict(estimate_minutes=60)),
    ("tool-eval", Q.DELETE, "Evaluate yet another diagramming tool",
     dict(estimate_minutes=45)),
    ("newsletter", Q.DELETE, "Read the backlog of engineering newsletters",
     dict(estimate_minutes=60)),
    ("wiki-reorg", Q.DELETE, "Reorganise the old wiki space",
     dict(estimate_minutes=120)),
    ("webinar", Q.DELETE, "Vendor webinar on AI code review",
     dict(estimate_minutes=60)),
    # Inbox: captured, not triaged yet (several are requests awaiting an answer).
    ("req-estimate", Q.INBOX, "Estimate for the checkout A/B test",
     dict(requester="Carla Mendes", needed_by=d(2), person="carla")),
    ("req-talk", Q.INBOX, "Give a talk at the internal tech day?",
     dict(requester="Daniel Okoro", needed_by=d(9), person="daniel")),
    ("req-budget", Q.INBOX, "Headcount plan for next year",
     dict(requester="Sam Fischer", needed_by=d(6), person="sam")),
    ("req-access", Q.INBOX, "Production read access for the data team",
     dict(requester="Data platform team", needed_by=d(1))),
    ("inbox-mentor", Q.INBOX, "Find a mentor for Lena outside the team",
     dict(person="lena")),
    ("inbox-slo", Q.INBOX, "Check why the search SLO burned 30% this week", {}),
    ("req-interns", Q.INBOX, "Review the intern project proposals",
     dict(requester="Sam Fischer", needed_by=d(5), person="sam")),
    ("inbox-offsite", Q.INBOX, "Ideas for the team offsite agenda", {}),
]
# Finished work (this week and last week) for plan-vs-done and the review.
FINISHED: list[tuple[str, Quadrant, str, int, int]] = [
    # key, quadrant, title, estimate (minutes), completed (days ago)
    ("done-rollback", Q.DO, "Roll back the cache change that caused the outage", 30, 2),
    ("done-oncall", Q.SCHEDULE, "Rework the on-call rotation for the holidays", 60, 1),
    ("done-loop", Q.DO, "Interview: backend candidate (system design)", 60, 6),
    ("done-okrs", Q.SCHEDULE, "Draft team OKRs", 120, 8),
    ("done-review", Q.DO, "Review the database migration plan", 45, 7),
]
# fmt: on

# key (for the check-ins), task key, person key, Delegation fields (dates: d(days))
DELEGATIONS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "active_overdue",
        "flaky",
        "marco",
        dict(
            level=GuidanceLevel.PARTICIPATING,
            why_this_person="Knows the checkout test suite best; wants more ownership of CI.",
            expected_outcome="Flaky tests quarantined with a ticket each; suite green 5 days "
            "in a row.",
            started_on=d(-12),
            due_on=d(3),
            check_in_every_days=3,
            next_check_in_on=d(-2),  # slipped: shows as overdue
            escalate_after_days=2,
            last_news_on=d(-5),
        ),
    ),
    (
        "active",
        "dashboards",
        "jonas",
        dict(
            level=GuidanceLevel.DELEGATING,
            why_this_person="Owns the metrics pipeline; fully autonomous on observability.",
            expected_outcome="Every on-call dashboard reads from the new metrics store.",
            started_on=d(-6),
            due_on=d(8),
            check_in_every_days=7,
            next_check_in_on=d(1),
            last_news_on=d(-1),
        ),
    ),
    (
        "active_new",
        "demo-prep",
        "lena",
        dict(
            level=GuidanceLevel.TELLING,
            why_this_person="Good first demo for Lena: visible, low risk, builds confidence.",
            expected_outcome="A 10-minute demo of the saved-cart feature with a scripted "
            "happy path.",
            started_on=d(-2),
            due_on=d(2),
            check_in_every_days=1,
            next_check_in_on=d(0),
            escalate_after_days=1,
            last_news_on=d(-1),
        ),
    ),
    (
        "blocked",
        "deps",
        "priya",
        dict(
            level=GuidanceLevel.SELLING,
            why_this_person="Deep ORM knowledge; a stretch in planning a risky migration.",
            expected_outcome="ORM upgraded behind a flag, rollback tested.",
            started_on=d(-20),
            due_on=d(10),
            check_in_every_days=7,
            next_check_in_on=d(2),
            escalate_after_days=3,
            status=DelegationStatus.BLOCKED,
            last_news_on=d(-3),
        ),
    ),
    (
        "done",
        "release-notes",
        "aisha",
        dict(
            level=GuidanceLevel.SELLING,
            why_this_person="Learns the product surface; writing for users is a growth goal.",
            expected_outcome="Release notes reviewed by product and published on the wiki.",
            started_on=d(-9),
            due_on=d(-1),
            check_in_every_days=3,
            status=DelegationStatus.DONE,
            last_news_on=d(-1),
            closed_on=d(-1),
            debrief_worked="Clear template and an example from 4.1 helped a lot.",
            debrief_hard="Finding out which tickets actually shipped.",
            debrief_differently="Start from the release branch diff, not the ticket board.",
            debrief_support="Introduce her to Carla earlier so product review is not a surprise.",
        ),
    ),
    (
        "cancelled",
        "status-report",
        "lena",
        dict(
            level=GuidanceLevel.TELLING,
            why_this_person="Seemed like a good way to learn who is who.",
            expected_outcome="Weekly report sent by Friday noon.",
            started_on=d(-25),
            check_in_every_days=7,
            status=DelegationStatus.CANCELLED,
            last_news_on=d(-11),
            closed_on=d(-11),
            debrief_worked="",
            debrief_hard="The program office dropped the report altogether.",
        ),
    ),
]

CHECK_INS: list[C] = [
    C(
        "active_overdue",
        d(-9),
        "Found 14 flaky tests; tickets filed for the worst five.",
    ),
    C(
        "active_overdue",
        d(-5),
        "Quarantine job merged; two tests still fail on the nightly run.",
    ),
    C(
        "active",
        d(-1),
        "Half the dashboards migrated; alerts untouched so far.",
    ),
    C("active_new", d(-1), "Script drafted; rehearsal tomorrow."),
    C(
        "blocked",
        d(-13),
        "Upgrade plan reviewed; starting with the read models.",
    ),
    C(
        "blocked",
        d(-3),
        "Blocked: the reporting service pins the old driver; needs a decision from the data team.",
        DelegationStatus.BLOCKED,
    ),
    C(
        "done",
        d(-5),
        "First draft ready, waiting for product review.",
    ),
    C("done", d(-1), "Published.", DelegationStatus.DONE),
    C("cancelled", d(-18), "Sent the first two reports."),
    C(
        "cancelled",
        d(-11),
        "Report discontinued by the program office.",
        DelegationStatus.CANCELLED,
    ),
]
