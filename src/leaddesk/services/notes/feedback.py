"""Feedback given and received (Situation / Behavior / Impact) and the recognition balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ...domain.errors import ValidationError
from ...domain.feedback_rules import FeedbackBalance, feedback_balance, recognition_nudge
from ...domain.model import FeedbackTone, Note, NoteKind, Person
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments
from ..base import Service, ServiceHub
from .common import get_row
from .records import NoteRecordService


@dataclass(frozen=True)
class FeedbackSummary:
    balance: FeedbackBalance
    nudge: str | None
    last_recognition_on: date | None


@checked_arguments
class FeedbackService(Service):
    """Feedback notes and the summary of feedback given."""

    def __init__(self, hub: ServiceHub, records: NoteRecordService) -> None:
        super().__init__(hub)
        self.records = records  # feedback is stored as a note

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
        """Feedback as Situation / Behavior / Impact with what was agreed."""
        if not (situation.strip() or behavior.strip() or impact.strip()):
            raise ValidationError("Describe at least the situation, behavior or impact.")
        if kind not in (NoteKind.FEEDBACK_GIVEN, NoteKind.FEEDBACK_RECEIVED):
            raise ValidationError("Feedback must be given or received.")
        if tone is None:
            raise ValidationError("Choose whether the feedback was positive or constructive.")
        return self.records.add_note(
            person_id,
            kind,
            body,
            written_on=written_on,
            situation=situation,
            behavior=behavior,
            impact=impact,
            agreed_actions=agreed_actions,
            tone=FeedbackTone(tone),
        )

    def feedback_given(self, person_id: int) -> list[Note]:
        with self.hub.read() as s:
            return NotesRepository(s).notes_of_kind(person_id, NoteKind.FEEDBACK_GIVEN)

    def feedback_summary(self, person_id: int) -> FeedbackSummary:
        today = self.clock.today()
        with self.hub.read() as s:
            repo = NotesRepository(s)
            person = get_row(repo, Person, person_id, "person")
            given = repo.tones_of_kind(person_id, NoteKind.FEEDBACK_GIVEN)
        positives = [on for on, tone in given if tone is FeedbackTone.POSITIVE and on <= today]
        last = max(positives) if positives else None
        known_since = person.started_on or (person.created_at.date() if person.created_at else None)
        return FeedbackSummary(
            balance=feedback_balance(given, today),
            nudge=recognition_nudge(last, today, known_since),
            last_recognition_on=last,
        )
