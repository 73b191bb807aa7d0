"""Private per-person notes: the NoteService facade over the note sub-services.

Everything a lead remembers about a person lives in this package, one sub-domain per module:
``records`` (notes and the timeline), ``quick_note``, ``action_items``, ``topics``, ``goals``,
``feedback``, ``cadence`` (one-on-one cadence and the people list), ``brief`` and ``search``;
``common`` holds the limits and checks they share. Every write is one transaction and refuses
(ValidationError) to touch an archived person's records: their notes stay, read-only, until
the person is restored. Error messages never carry note text.

``NoteService`` (``services.notes``) keeps one entry point for the UI: each method hands the
call to the sub-service that owns it, unchanged. The read models live in their sub-module.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ...domain.cadence import CadenceStatus
from ...domain.model import (
    ActionItem,
    ActionOwner,
    FeedbackTone,
    GoalStatus,
    GrowthGoal,
    Note,
    NoteKind,
    Person,
    Task,
    TimeBlock,
    Topic,
)
from ..base import ChangeKind, Service, ServiceHub
from .action_items import ActionItemService
from .brief import Brief, BriefService
from .cadence import CadenceService, PersonOverview
from .feedback import FeedbackService, FeedbackSummary
from .goals import GoalService
from .quick_note import QUICK_NOTE_WINDOW, QuickNoteService
from .records import NoteRecordService, NoteSummary
from .search import NoteSearchService, SearchHit
from .topics import TopicService


class NoteService(Service):
    """One entry point over the note sub-services (they check arguments; this only delegates)."""

    def __init__(self, hub: ServiceHub) -> None:
        super().__init__(hub)
        self._records = NoteRecordService(hub)
        self._quick = QuickNoteService(hub)
        self._items = ActionItemService(hub)
        self._topics = TopicService(hub)
        self._goals = GoalService(hub)
        self._feedback = FeedbackService(hub, self._records)
        self._cadence = CadenceService(hub)
        self._brief = BriefService(hub, self._cadence)
        self._search = NoteSearchService(hub, self._records)

    # == notes (records.py) ===============================================================
    def get(self, note_id: int) -> Note:
        return self._records.get(note_id)

    def count_notes(self, person_id: int) -> int:
        return self._records.count_notes(person_id)

    def timeline_page(
        self,
        person_id: int,
        *,
        after: tuple[date, int] | None = None,
        limit: int = 100,
    ) -> list[NoteSummary]:
        return self._records.timeline_page(person_id, after=after, limit=limit)

    def add_note(
        self,
        person_id: int,
        kind: NoteKind = NoteKind.ONE_ON_ONE,
        body: str = "",
        *,
        written_on: date | None = None,
        situation: str = "",
        behavior: str = "",
        impact: str = "",
        agreed_actions: str = "",
        tone: FeedbackTone | None = None,
    ) -> Note:
        return self._records.add_note(
            person_id,
            kind,
            body,
            written_on=written_on,
            situation=situation,
            behavior=behavior,
            impact=impact,
            agreed_actions=agreed_actions,
            tone=tone,
        )

    def update_note(self, note_id: int, **changes: Any) -> Note:
        return self._records.update_note(note_id, **changes)

    def set_body(self, note_id: int, body: str) -> Note:
        return self._records.set_body(note_id, body)

    def remove_note(self, note_id: int, *, with_open_items: bool = False) -> None:
        self._records.remove_note(note_id, with_open_items=with_open_items)

    def items_of_note(self, note_id: int) -> tuple[list[ActionItem], list[Topic]]:
        return self._records.items_of_note(note_id)

    # == quick note (quick_note.py) =======================================================
    def just_ended_one_on_one(self, within: timedelta = QUICK_NOTE_WINDOW) -> TimeBlock | None:
        return self._quick.just_ended_one_on_one(within)

    def keep_unfiled(
        self,
        *,
        discussed: str,
        mine: Sequence[str] = (),
        theirs: Sequence[str] = (),
        revisit: Sequence[str] = (),
    ) -> None:
        self._quick.keep_unfiled(discussed=discussed, mine=mine, theirs=theirs, revisit=revisit)

    def take_unfiled(self) -> dict[str, Any] | None:
        return self._quick.take_unfiled()

    def save_quick_note(
        self,
        person_id: int,
        note_id: int | None,
        *,
        discussed: str,
        mine: Sequence[str] = (),
        theirs: Sequence[str] = (),
        revisit: Sequence[str] = (),
    ) -> int:
        return self._quick.save_quick_note(
            person_id, note_id, discussed=discussed, mine=mine, theirs=theirs, revisit=revisit
        )

    # == action items (action_items.py) ===================================================
    def open_action_items(
        self, person_id: int, owner: ActionOwner | None = None
    ) -> list[ActionItem]:
        return self._items.open_action_items(person_id, owner)

    def action_items(self, person_id: int, *, include_done: bool = True) -> list[ActionItem]:
        return self._items.action_items(person_id, include_done=include_done)

    def get_action_item(self, item_id: int) -> ActionItem:
        return self._items.get_action_item(item_id)

    def add_action_item(
        self, person_id: int, owner: ActionOwner, text_: str, *, note_id: int | None = None
    ) -> ActionItem:
        return self._items.add_action_item(person_id, owner, text_, note_id=note_id)

    def set_action_done(self, item_id: int, done: bool) -> date | None:
        return self._items.set_action_done(item_id, done)

    def remove_action_item(self, item_id: int) -> None:
        self._items.remove_action_item(item_id)

    def action_to_task(self, item_id: int) -> Task:
        return self._items.action_to_task(item_id)

    # == topics to revisit (topics.py) ====================================================
    def open_topics(self, person_id: int) -> list[Topic]:
        return self._topics.open_topics(person_id)

    def add_topic(self, person_id: int, text_: str, *, note_id: int | None = None) -> Topic:
        return self._topics.add_topic(person_id, text_, note_id=note_id)

    def set_topic_resolved(self, topic_id: int, resolved: bool) -> date | None:
        return self._topics.set_topic_resolved(topic_id, resolved)

    def remove_topic(self, topic_id: int) -> None:
        self._topics.remove_topic(topic_id)

    # == growth goals (goals.py) ==========================================================
    def goals(self, person_id: int) -> list[GrowthGoal]:
        return self._goals.goals(person_id)

    def get_goal(self, goal_id: int) -> GrowthGoal:
        return self._goals.get_goal(goal_id)

    def add_goal(
        self,
        person_id: int,
        goal: str,
        *,
        next_step: str = "",
        target_on: date | None = None,
        status: GoalStatus = GoalStatus.NOT_STARTED,
    ) -> GrowthGoal:
        return self._goals.add_goal(
            person_id, goal, next_step=next_step, target_on=target_on, status=status
        )

    def update_goal(self, goal_id: int, **changes: Any) -> dict[str, Any]:
        return self._goals.update_goal(goal_id, **changes)

    def remove_goal(self, goal_id: int) -> None:
        self._goals.remove_goal(goal_id)

    # == feedback (feedback.py) ===========================================================
    def add_feedback(
        self,
        person_id: int,
        *,
        situation: str,
        behavior: str,
        impact: str,
        agreed_actions: str = "",
        tone: FeedbackTone,
        written_on: date | None = None,
        kind: NoteKind = NoteKind.FEEDBACK_GIVEN,
        body: str = "",
    ) -> Note:
        return self._feedback.add_feedback(
            person_id,
            situation=situation,
            behavior=behavior,
            impact=impact,
            agreed_actions=agreed_actions,
            tone=tone,
            written_on=written_on,
            kind=kind,
            body=body,
        )

    def feedback_given(self, person_id: int) -> list[Note]:
        return self._feedback.feedback_given(person_id)

    def feedback_summary(self, person_id: int) -> FeedbackSummary:
        return self._feedback.feedback_summary(person_id)

    # == cadence and the people list (cadence.py) =========================================
    def last_one_on_one(self, person_id: int) -> date | None:
        return self._cadence.last_one_on_one(person_id)

    def cadence(self, person: Person) -> CadenceStatus:
        return self._cadence.cadence(person)

    def people_overview(self, *, include_archived: bool = False) -> list[PersonOverview]:
        return self._cadence.people_overview(include_archived=include_archived)

    def next_booked(self, person_ids: Iterable[int]) -> dict[int, datetime]:
        return self._cadence.next_booked(person_ids)

    # == the pre-one-on-one brief (brief.py) ==============================================
    def brief(self, person_id: int) -> Brief:
        return self._brief.brief(person_id)

    def refreshed_brief(self, previous: Brief, changed: Collection[ChangeKind]) -> Brief:
        return self._brief.refreshed_brief(previous, changed)

    # == search (search.py) ===============================================================
    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        return self._search.search(query, limit=limit)

    def highlighted_body(self, note_id: int, query: str) -> str:
        return self._search.highlighted_body(note_id, query)
