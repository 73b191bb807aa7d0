"""Topics to revisit at the next one-on-one, open until resolved."""

from __future__ import annotations

from datetime import date

from ...domain.model import Topic
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments
from ..base import ChangeKind, Service
from .common import clean_item, get_row, writable_person


@checked_arguments
class TopicService(Service):
    """A person's topics to revisit."""

    def open_topics(self, person_id: int) -> list[Topic]:
        with self.hub.read() as s:
            return NotesRepository(s).open_topics(person_id)

    def add_topic(self, person_id: int, text_: str, *, note_id: int | None = None) -> Topic:
        topic = Topic(
            person_id=person_id,
            text=clean_item(text_, "topic"),
            note_id=note_id,
            created_on=self.clock.today(),
        )
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            writable_person(repo, person_id)
            repo.add(topic)
        return topic

    def set_topic_resolved(self, topic_id: int, resolved: bool) -> date | None:
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            topic = get_row(repo, Topic, topic_id, "topic")
            writable_person(repo, topic.person_id)
            before = topic.resolved_on
            topic.resolved_on = (before or self.clock.today()) if resolved else None
        return before

    def remove_topic(self, topic_id: int) -> None:
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            topic = get_row(repo, Topic, topic_id, "topic")
            writable_person(repo, topic.person_id)
            repo.delete(topic)
