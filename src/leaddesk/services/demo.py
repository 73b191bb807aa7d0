"""A realistic sample team for ``leaddesk --demo``, screenshots and first-time users.

Everything is placed relative to "today" (the clock's, unless given), so the demo always
shows a live week: this week's blocks, a one-on-one that is overdue, a delegation check-in
that slipped, requests waiting for an answer. No randomness: the same day gives the same
vault. All records go in through one transaction, as domain objects, so the demo does not
depend on any other service's methods.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.model import (
    ActionItem,
    ActionOwner,
    BlockKind,
    BlockOutcome,
    CheckIn,
    Delegation,
    DelegationStatus,
    FeedbackTone,
    GoalStatus,
    GrowthGoal,
    GuidanceLevel,
    Note,
    NoteKind,
    Person,
    Quadrant,
    Relationship,
    Task,
    TaskStatus,
    TimeBlock,
    Topic,
    WeekReview,
)
from ..domain.recurrence import Recurrence
from ..domain.week import local_datetime, week_start
from .base import ChangeKind, saved_id

if TYPE_CHECKING:
    from ..domain.clock import Clock
    from .container import Services


@dataclass(frozen=True)
class DemoSession:
    """A throwaway vault seeded with the demo team; ``close()`` removes every file."""

    services: Services
    directory: tempfile.TemporaryDirectory[str]

    def close(self) -> None:
        self.services.close()
        self.directory.cleanup()


def open_demo_session(clock: Clock | None = None) -> DemoSession:
    """A fresh vault in a temporary directory (never the user's real one), seeded.

    The passphrase is random and never shown: the demo vault is meant to be thrown away.
    """
    from ..paths import AppPaths
    from .session import create_vault

    directory = tempfile.TemporaryDirectory(prefix="leaddesk-demo-")
    root = Path(directory.name)
    paths = AppPaths(data_dir=root / "data", config_dir=root / "config")
    try:
        services = create_vault(paths, secrets.token_urlsafe(24), clock)
        seed_demo(services)
    except BaseException:
        directory.cleanup()
        raise
    return DemoSession(services, directory)


def seed_demo(services: Services, *, today: date | None = None) -> None:
    """Fill an empty vault with the demo team. Refuses a vault that already holds data."""
    clock = services.clock
    tz = clock.tz
    if today is None:
        today = clock.today()
        now = clock.now()
    else:
        now = local_datetime(today, time(10, 0), tz)
    with services.ctx.write(*ChangeKind) as s:
        people_count = s.scalar(select(func.count()).select_from(Person))
        task_count = s.scalar(select(func.count()).select_from(Task))
        if people_count or task_count:
            raise ValidationError("Demo data can only be added to an empty vault.")
        _Seeder(s, today, now, tz).run()
        # The stand-up repeats: store it ahead as far as a series made in the week view
        # is, in the same transaction (one notification for the whole seed).
        from .blocks import MATERIALIZE_AHEAD

        s.flush()
        services.blocks.store_ahead(s, now + MATERIALIZE_AHEAD)


class _Seeder:
    """Builds the demo records; one method per kind, in dependency order."""

    def __init__(self, session: Session, today: date, now: datetime, tz: tzinfo) -> None:
        self.s = session
        self.today = today
        self.now = now
        self.tz = tz
        self.monday = week_start(today)
        self.people: dict[str, Person] = {}
        self.tasks: dict[str, Task] = {}

    # -- helpers ------------------------------------------------------------------------
    def day(self, offset: int) -> date:
        """A date relative to today."""
        return self.today + timedelta(days=offset)

    def at(self, weekday: int, hour: int, minute: int = 0, week: int = 0) -> datetime:
        """Local time on a weekday (0 = Monday) of this week (or ``week`` weeks away)."""
        return local_datetime(
            self.monday + timedelta(days=weekday + 7 * week), time(hour, minute), self.tz
        )

    def ago(self, days: int, hour: int = 9) -> datetime:
        return local_datetime(self.day(-days), time(hour, 0), self.tz)

    def run(self) -> None:
        self.add_people()
        self.add_tasks()
        self.add_delegations()
        self.add_blocks()
        self.add_notes()
        self.add_growth_goals()
        self.add_review()

    # -- people -------------------------------------------------------------------------
    def add_people(self) -> None:
        """Five reports (one new, one overdue for a one-on-one), a peer, a manager and a
        stakeholder, with cadences from weekly to monthly."""
        R = Relationship
        # fmt: off
        self._person("priya", "Priya Raman", "Senior Backend Engineer", R.REPORT, 1400, 14,
                     preference="Recognition in private; likes direct written feedback")
        self._person("marco", "Marco Bianchi", "Backend Engineer", R.REPORT, 700, 14,
                     preference="Prefers feedback face to face, not in writing")
        self._person("aisha", "Aisha Okafor", "Frontend Engineer", R.REPORT, 60, 7,
                     preference="New to the team: weekly one-on-ones for three months")
        self._person("jonas", "Jonas Weber", "Site Reliability Engineer", R.REPORT, 2100, 21,
                     minutes=45, preference="Public recognition is fine; criticism 1:1")
        self._person("lena", "Lena Kowalski", "Junior Software Engineer", R.REPORT, 200, 7,
                     preference="Appreciates concrete examples")
        self._person("daniel", "Daniel Okoro", "Tech Lead, Platform team", R.PEER, 1100, 28)
        self._person("sam", "Sam Fischer", "Engineering Manager", R.MANAGER, 1800, 14,
                     minutes=45)
        self._person("carla", "Carla Mendes", "Product Manager, Checkout", R.STAKEHOLDER,
                     900, 14)
        # fmt: on
        self.s.flush()

    def _person(
        self,
        key: str,
        name: str,
        role: str,
        relationship: Relationship,
        started_days_ago: int,
        every_days: int,
        *,
        minutes: int = 30,
        preference: str = "",
    ) -> None:
        person = Person(
            name=name,
            role=role,
            relationship=relationship,
            started_on=self.day(-started_days_ago),
            one_on_one_every_days=every_days,
            one_on_one_minutes=minutes,
            feedback_preference=preference,
            created_at=self.ago(90),
        )
        self.people[key] = person
        self.s.add(person)

    # -- tasks --------------------------------------------------------------------------
    def add_tasks(self) -> None:
        """About forty tasks: every quadrant, the inbox (requests with a requester and a
        needed-by date), finished work for the review, and one that was let go."""
        Q, d = Quadrant, self.day
        # fmt: off
        board: list[tuple[str, Quadrant, str, dict[str, Any]]] = [
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
        finished: list[tuple[str, Quadrant, str, int, int]] = [
            # key, quadrant, title, estimate (minutes), completed (days ago)
            ("done-rollback", Q.DO, "Roll back the cache change that caused the outage", 30, 2),
            ("done-oncall", Q.SCHEDULE, "Rework the on-call rotation for the holidays", 60, 1),
            ("done-loop", Q.DO, "Interview: backend candidate (system design)", 60, 6),
            ("done-okrs", Q.SCHEDULE, "Draft team OKRs", 120, 8),
            ("done-review", Q.DO, "Review the database migration plan", 45, 7),
        ]
        # fmt: on
        positions: dict[Quadrant, float] = {}
        for index, (key, quadrant, title, fields) in enumerate(board):
            positions[quadrant] = positions.get(quadrant, 0.0) + 1.0
            self._task(key, quadrant, title, positions[quadrant], index % 9, **fields)
        for key, quadrant, title, estimate, days_ago in finished:
            task = self._task(key, quadrant, title, 100.0 + days_ago, 14, estimate_minutes=estimate)
            task.status = TaskStatus.DONE
            task.completed_at = self.ago(days_ago, 16)
        task = self._task(
            "letgo-poll", Q.DELETE, "Run a poll about the team channel emoji", 200.0, 20
        )
        task.status = TaskStatus.LET_GO
        task.let_go_at = self.ago(5, 17)
        self.s.flush()

    def _task(
        self,
        key: str,
        quadrant: Quadrant,
        title: str,
        position: float,
        created_days_ago: int,
        *,
        person: str | None = None,
        **fields: Any,
    ) -> Task:
        task = Task(
            title=title,
            quadrant=quadrant,
            position=position,
            person_id=self.people[person].id if person else None,
            created_at=min(self.ago(created_days_ago, 8), self.now),
            **fields,
        )
        self.tasks[key] = task
        self.s.add(task)
        return task

    # -- delegations --------------------------------------------------------------------
    def add_delegations(self) -> None:
        t, p = self.tasks, self.people
        active_overdue = Delegation(
            task_id=saved_id(t["flaky"].id),
            person_id=saved_id(p["marco"].id),
            level=GuidanceLevel.PARTICIPATING,
            why_this_person="Knows the checkout test suite best; wants more ownership of CI.",
            expected_outcome="Flaky tests quarantined with a ticket each; suite green 5 days "
            "in a row.",
            started_on=self.day(-12),
            due_on=self.day(3),
            check_in_every_days=3,
            next_check_in_on=self.day(-2),  # slipped: shows as overdue
            escalate_after_days=2,
            last_news_on=self.day(-5),
        )
        active = Delegation(
            task_id=saved_id(t["dashboards"].id),
            person_id=saved_id(p["jonas"].id),
            level=GuidanceLevel.DELEGATING,
            why_this_person="Owns the metrics pipeline; fully autonomous on observability.",
            expected_outcome="Every on-call dashboard reads from the new metrics store.",
            started_on=self.day(-6),
            due_on=self.day(8),
            check_in_every_days=7,
            next_check_in_on=self.day(1),
            last_news_on=self.day(-1),
        )
        active_new = Delegation(
            task_id=saved_id(t["demo-prep"].id),
            person_id=saved_id(p["lena"].id),
            level=GuidanceLevel.TELLING,
            why_this_person="Good first demo for Lena: visible, low risk, builds confidence.",
            expected_outcome="A 10-minute demo of the saved-cart feature with a scripted "
            "happy path.",
            started_on=self.day(-2),
            due_on=self.day(2),
            check_in_every_days=1,
            next_check_in_on=self.day(0),
            escalate_after_days=1,
            last_news_on=self.day(-1),
        )
        blocked = Delegation(
            task_id=saved_id(t["deps"].id),
            person_id=saved_id(p["priya"].id),
            level=GuidanceLevel.SELLING,
            why_this_person="Deep ORM knowledge; a stretch in planning a risky migration.",
            expected_outcome="ORM upgraded behind a flag, rollback tested.",
            started_on=self.day(-20),
            due_on=self.day(10),
            check_in_every_days=7,
            next_check_in_on=self.day(2),
            escalate_after_days=3,
            status=DelegationStatus.BLOCKED,
            last_news_on=self.day(-3),
        )
        done = Delegation(
            task_id=saved_id(t["release-notes"].id),
            person_id=saved_id(p["aisha"].id),
            level=GuidanceLevel.SELLING,
            why_this_person="Learns the product surface; writing for users is a growth goal.",
            expected_outcome="Release notes reviewed by product and published on the wiki.",
            started_on=self.day(-9),
            due_on=self.day(-1),
            check_in_every_days=3,
            status=DelegationStatus.DONE,
            last_news_on=self.day(-1),
            closed_on=self.day(-1),
            debrief_worked="Clear template and an example from 4.1 helped a lot.",
            debrief_hard="Finding out which tickets actually shipped.",
            debrief_differently="Start from the release branch diff, not the ticket board.",
            debrief_support="Introduce her to Carla earlier so product review is not a surprise.",
        )
        cancelled = Delegation(
            task_id=saved_id(t["status-report"].id),
            person_id=saved_id(p["lena"].id),
            level=GuidanceLevel.TELLING,
            why_this_person="Seemed like a good way to learn who is who.",
            expected_outcome="Weekly report sent by Friday noon.",
            started_on=self.day(-25),
            check_in_every_days=7,
            status=DelegationStatus.CANCELLED,
            last_news_on=self.day(-11),
            closed_on=self.day(-11),
            debrief_worked="",
            debrief_hard="The program office dropped the report altogether.",
        )
        delegations = [active_overdue, active, active_new, blocked, done, cancelled]
        self.s.add_all(delegations)
        t["release-notes"].status = TaskStatus.DONE
        t["release-notes"].completed_at = self.ago(1, 15)
        t["status-report"].status = TaskStatus.LET_GO
        t["status-report"].let_go_at = self.ago(11, 12)
        self.s.flush()
        self.s.add_all(
            [
                CheckIn(
                    saved_id(active_overdue.id),
                    self.day(-9),
                    "Found 14 flaky tests; tickets filed for the worst five.",
                ),
                CheckIn(
                    saved_id(active_overdue.id),
                    self.day(-5),
                    "Quarantine job merged; two tests still fail on the nightly run.",
                ),
                CheckIn(
                    saved_id(active.id),
                    self.day(-1),
                    "Half the dashboards migrated; alerts untouched so far.",
                ),
                CheckIn(
                    saved_id(active_new.id), self.day(-1), "Script drafted; rehearsal tomorrow."
                ),
                CheckIn(
                    saved_id(blocked.id),
                    self.day(-13),
                    "Upgrade plan reviewed; starting with the read models.",
                ),
                CheckIn(
                    saved_id(blocked.id),
                    self.day(-3),
                    "Blocked: the reporting service pins the "
                    "old driver; needs a decision from the data team.",
                    DelegationStatus.BLOCKED,
                ),
                CheckIn(
                    saved_id(done.id),
                    self.day(-5),
                    "First draft ready, waiting for product review.",
                ),
                CheckIn(saved_id(done.id), self.day(-1), "Published.", DelegationStatus.DONE),
                CheckIn(saved_id(cancelled.id), self.day(-18), "Sent the first two reports."),
                CheckIn(
                    saved_id(cancelled.id),
                    self.day(-11),
                    "Report discontinued by the program office.",
                    DelegationStatus.CANCELLED,
                ),
            ]
        )

    # -- time blocks ----------------------------------------------------------------------
    def add_blocks(self) -> None:
        """This week's plan (Monday to Friday) and last week's blocks with outcomes."""
        K, b = BlockKind, self._block
        # fmt: off
        this_week = [
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
        done, partly, derailed = BlockOutcome.DONE, BlockOutcome.PARTLY_DONE, BlockOutcome.DERAILED
        last_week = [
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
        for index, block in enumerate(this_week):
            if block.end <= self.now:
                block.outcome, block.outcome_reason = self._outcome_this_week(index, block.kind)
        for block, outcome, reason in last_week:
            block.outcome, block.outcome_reason = outcome, reason
        self.s.add_all(this_week + [block for block, _, _ in last_week])
        self._add_standups()

    def _block(
        self,
        weekday: int,
        at: str,
        minutes: int,
        kind: BlockKind,
        title: str,
        task: str | None = None,
        *,
        person: str | None = None,
        protected: bool = False,
        week: int = 0,
    ) -> TimeBlock:
        """A block on ``weekday`` (0 = Monday) at local ``at`` ("HH:MM") of this week, or of
        ``week`` weeks away."""
        hour, minute = (int(part) for part in at.split(":"))
        start = self.at(weekday, hour, minute, week)
        return TimeBlock(
            title=title,
            kind=kind,
            start=start,
            end=start + timedelta(minutes=minutes),
            task_id=self.tasks[task].id if task else None,
            person_id=self.people[person].id if person else None,
            protected=protected,
        )

    @staticmethod
    def _outcome_this_week(index: int, kind: BlockKind) -> tuple[BlockOutcome, str]:
        if kind is BlockKind.FOCUS and index % 2 == 1:
            return BlockOutcome.PARTLY_DONE, "Interrupted by a production question"
        if kind is BlockKind.BUFFER:
            return BlockOutcome.DONE, ""
        if kind is BlockKind.ADMIN:
            return BlockOutcome.SKIPPED, "Sprint planning overran"
        return BlockOutcome.DONE, ""

    def _add_standups(self) -> None:
        """A daily stand-up series, stored as the week area stores series: every occurrence
        is a row pointing at the first one, which also carries the rule (open-ended; seed_demo
        stores it ahead like a series made in the week view)."""
        first_start = self.at(0, 9, 0)
        rule = Recurrence.make(first_start, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", self.tz)
        blocks: list[TimeBlock] = []
        for weekday in range(5):
            start = self.at(weekday, 9, 0)
            block = TimeBlock(
                title="Team stand-up",
                kind=BlockKind.MEETING,
                start=start,
                end=start + timedelta(minutes=15),
            )
            if block.end <= self.now:
                block.outcome = BlockOutcome.DONE
            blocks.append(block)
        head = blocks[0]
        head.recurrence = rule.to_text()
        self.s.add(head)
        self.s.flush()
        for block in blocks:
            block.series_id = head.id
        self.s.add_all(blocks[1:])

    # -- notes --------------------------------------------------------------------------
    def add_notes(self) -> None:
        p = self.people
        # person, days ago, Markdown body, [(owner, text, done days ago)], [topic, resolved?]
        one_on_ones: list[
            tuple[str, int, str, list[tuple[ActionOwner, str, int | None]], list[tuple[str, bool]]]
        ] = [
            (
                "priya",
                2,
                "## Token refresh rework\n"
                "- PR is big; agreed to split it into **three** reviews.\n"
                "- Worried the ORM upgrade is stuck on the reporting service.\n\n"
                "## Growth\nWants to lead the payment API design next quarter.",
                [
                    (ActionOwner.MINE, "Ask the data team lead about the old driver pin", None),
                    (ActionOwner.THEIRS, "Split the token PR into three", None),
                ],
                [("Staff-level expectations: what would a promotion case need?", False)],
            ),
            (
                "priya",
                16,
                "## Catch-up\n- Back from holiday, energy good.\n"
                "- Mentoring Lena on code reviews is going well.",
                [(ActionOwner.MINE, "Share the staff engineer rubric", 10)],
                [("Conference budget for spring", True)],
            ),
            (
                "marco",
                1,
                "## CI flakiness\n- The quarantine job works, nightly still red.\n"
                "- Feels he is always the one fixing CI. *Knowledge silo risk.*\n\n"
                "## Career\nInterested in the platform team; wants to talk about it properly.",
                [
                    (ActionOwner.MINE, "Book a career conversation (45 min)", None),
                    (ActionOwner.THEIRS, "Pair with Lena on the next CI fix", None),
                ],
                [("Rotation of CI ownership across the team", False)],
            ),
            (
                "aisha",
                0,
                "## Week 8\n- Release notes shipped, proud of it.\n"
                "- Onboarding guide gaps: local HTTPS setup, feature flags.\n"
                "- Getting a dog next month 🐶",
                [
                    (ActionOwner.MINE, "Add the onboarding gaps to the guide task", None),
                    (ActionOwner.THEIRS, "List the three most confusing wiki pages", None),
                ],
                [("How is the first on-call shadow week going?", False)],
            ),
            (
                "aisha",
                7,
                "## Week 7\n- Release notes draft under way.\n"
                "- Unsure when to ask for help; agreed: after 2 hours stuck, ask.",
                [(ActionOwner.THEIRS, "Send the release notes draft to Carla", 3)],
                [("Pairing with Priya on backend tickets", True)],
            ),
            (
                "jonas",
                30,
                "## Observability\n- Metrics migration plan approved.\n"
                "- Tired after three incident-heavy weeks; discussed the on-call load.",
                [
                    (ActionOwner.MINE, "Take the holiday on-call slot off Jonas", 24),
                    (ActionOwner.MINE, "Raise on-call compensation with Sam", None),
                ],
                [("On-call load: did the rotation change help?", False)],
            ),
            (
                "lena",
                6,
                "## First demo\n- Nervous about the sprint demo; we scripted it "
                "together.\n- Code reviews: wants more detailed comments from seniors.",
                [
                    (ActionOwner.MINE, "Ask Priya to pair with Lena on one review a week", 4),
                    (ActionOwner.THEIRS, "Rehearse the demo with Marco", None),
                ],
                [("Mentor outside the team", False)],
            ),
            (
                "sam",
                0,
                "## With Sam\n- Headcount plan due next week.\n"
                "- Feedback for me: status updates are too long for the program office.",
                [(ActionOwner.MINE, "Draft the headcount plan", None)],
                [("Promotion case for Priya", False)],
            ),
            (
                "daniel",
                12,
                "## Platform sync\n- Their job-runner replacement lands in Q1; "
                "we migrate after.\n- Offered a talk slot at the tech day.",
                [(ActionOwner.THEIRS, "Share the job-runner migration guide", None)],
                [],
            ),
            (
                "carla",
                8,
                "## Checkout priorities\n- A/B test on the one-page checkout "
                "wants engineering estimates.\n- Latency complaints from two big merchants.",
                [(ActionOwner.MINE, "Send the A/B test estimate", None)],
                [("Latency budget for checkout", False)],
            ),
        ]
        for key, days_ago, body, actions, topics in one_on_ones:
            note = Note(
                person_id=saved_id(p[key].id),
                kind=NoteKind.ONE_ON_ONE,
                written_on=self.day(-days_ago),
                body=body,
                created_at=min(self.ago(days_ago, 15), self.now),
                updated_at=min(self.ago(days_ago, 15), self.now),
            )
            self.s.add(note)
            self.s.flush()
            for owner, text, done_ago in actions:
                self.s.add(
                    ActionItem(
                        person_id=note.person_id,
                        owner=owner,
                        text=text,
                        note_id=note.id,
                        created_on=note.written_on,
                        done_on=self.day(-done_ago) if done_ago is not None else None,
                    )
                )
            for text, resolved in topics:
                self.s.add(
                    Topic(
                        person_id=note.person_id,
                        text=text,
                        note_id=note.id,
                        created_on=note.written_on,
                        resolved_on=self.day(-max(days_ago - 7, 0)) if resolved else None,
                    )
                )
        others = [
            Note(
                person_id=saved_id(p["marco"].id),
                kind=NoteKind.FEEDBACK_GIVEN,
                written_on=self.day(-3),
                situation="Tuesday's payment outage, incident call.",
                behavior="Marco took notes, kept the timeline and called out when we were "
                "going in circles.",
                impact="We found the rollback path 20 minutes faster; the postmortem was "
                "easy to write.",
                agreed_actions="Ask him to run the next incident review.",
                tone=FeedbackTone.POSITIVE,
            ),
            Note(
                person_id=saved_id(p["priya"].id),
                kind=NoteKind.FEEDBACK_GIVEN,
                written_on=self.day(-9),
                situation="The token refresh pull request last week.",
                behavior="Opened a 2,000-line PR without a heads-up or a design note.",
                impact="Reviewers postponed it for days; the release slipped.",
                agreed_actions="Post a short design note before big changes; split PRs "
                "over 500 lines.",
                tone=FeedbackTone.CONSTRUCTIVE,
            ),
            Note(
                person_id=saved_id(p["lena"].id),
                kind=NoteKind.FEEDBACK_GIVEN,
                written_on=self.day(-13),
                situation="Her first production fix.",
                behavior="Wrote a regression test before the fix and explained it in the PR.",
                impact="Reviewers approved within the hour.",
                agreed_actions="Keep doing it; share the approach at the next team sync.",
                tone=FeedbackTone.POSITIVE,
            ),
            Note(
                person_id=saved_id(p["sam"].id),
                kind=NoteKind.FEEDBACK_RECEIVED,
                written_on=self.day(0),
                situation="Weekly status updates to the program office.",
                behavior="The updates run to two pages.",
                impact="Nobody reads past the first paragraph.",
                agreed_actions="Three bullets: done, next, risks.",
                tone=FeedbackTone.CONSTRUCTIVE,
            ),
            Note(
                person_id=saved_id(p["aisha"].id),
                kind=NoteKind.PERSONAL,
                written_on=self.day(-4),
                body="Getting a dog next month; may work from home more in the first weeks.",
            ),
            Note(
                person_id=saved_id(p["jonas"].id),
                kind=NoteKind.CONCERN,
                written_on=self.day(-10),
                body="Seemed drained in the incident review. Check the on-call load at the "
                "next one-on-one — it is overdue.",
            ),
            Note(
                person_id=saved_id(p["marco"].id),
                kind=NoteKind.WIN,
                written_on=self.day(-3),
                body="Ran the outage timeline brilliantly (see feedback).",
            ),
        ]
        for note in others:
            note.created_at = note.updated_at = min(
                local_datetime(note.written_on, time(17, 0), self.tz), self.now
            )
        self.s.add_all(others)

    def add_growth_goals(self) -> None:
        p = self.people
        self.s.add_all(
            [
                GrowthGoal(
                    person_id=saved_id(p["priya"].id),
                    goal="Lead the design of a cross-team system",
                    next_step="Own the idempotent payment API design doc",
                    target_on=self.day(120),
                    status=GoalStatus.IN_PROGRESS,
                ),
                GrowthGoal(
                    person_id=saved_id(p["marco"].id),
                    goal="Grow into platform engineering",
                    next_step="Career conversation; shadow Daniel's team for a sprint",
                    target_on=self.day(180),
                    status=GoalStatus.NOT_STARTED,
                ),
                GrowthGoal(
                    person_id=saved_id(p["aisha"].id),
                    goal="Write clearly for users and stakeholders",
                    next_step="Release notes for 4.3 without a template",
                    target_on=self.day(60),
                    status=GoalStatus.IN_PROGRESS,
                ),
                GrowthGoal(
                    person_id=saved_id(p["lena"].id),
                    goal="Present confidently in team demos",
                    next_step="Give the sprint demo this week",
                    target_on=self.day(30),
                    status=GoalStatus.IN_PROGRESS,
                ),
                GrowthGoal(
                    person_id=saved_id(p["jonas"].id),
                    goal="Run the incident-commander training",
                    next_step="",
                    target_on=self.day(-20),
                    status=GoalStatus.ACHIEVED,
                ),
            ]
        )

    # -- the review of last week ----------------------------------------------------------
    def add_review(self) -> None:
        last_monday = self.monday - timedelta(days=7)
        finished = local_datetime(last_monday + timedelta(days=4), time(15, 10), self.tz)
        self.s.add(
            WeekReview(
                week_start=last_monday,
                step=4,
                planned_count=12,
                done_count=7,
                figures={
                    "plan_done_percent": 58.0,
                    "do_share_percent": 45.0,
                    "schedule_share_percent": 30.0,
                    "focus_hours": 5.5,
                    "focus_target_hours": 8.0,
                    "one_on_ones_held": 4.0,
                    "one_on_ones_due": 5.0,
                },
                lessons="Protect Tuesday's focus block: the outage ate it. Book a buffer "
                "after every long meeting.",
                derailed_notes="Payment outage on Tuesday (about 5 hours). Avoidable: the "
                "cache change went out without a canary.",
                deprioritized={
                    str(self.tasks["wiki-reorg"].id): "Nobody is blocked by the old wiki.",
                    str(self.tasks["tech-debt"].id): "Moved to next week after the outage.",
                },
                finished_at=finished,
            )
        )
