"""services.notes is a thin facade: every public method of each note sub-service is offered
with the same signature, and the facade adds no behaviour of its own (issue 14 item 7)."""

from __future__ import annotations

import inspect

from leaddesk.services.notes import NoteService
from leaddesk.services.notes.action_items import ActionItemService
from leaddesk.services.notes.brief import BriefService
from leaddesk.services.notes.cadence import CadenceService
from leaddesk.services.notes.feedback import FeedbackService
from leaddesk.services.notes.goals import GoalService
from leaddesk.services.notes.quick_note import QuickNoteService
from leaddesk.services.notes.records import NoteRecordService
from leaddesk.services.notes.search import NoteSearchService
from leaddesk.services.notes.topics import TopicService

SUB_SERVICES = (
    NoteRecordService,
    QuickNoteService,
    ActionItemService,
    TopicService,
    GoalService,
    FeedbackService,
    CadenceService,
    BriefService,
    NoteSearchService,
)


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(function)
        for name, function in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def test_the_facade_offers_each_sub_service_method_with_the_same_signature() -> None:
    facade = _public(NoteService)
    offered: set[str] = set()
    for cls in SUB_SERVICES:
        for name, signature in _public(cls).items():
            assert name not in offered, f"{name} is owned by two sub-services"
            assert name in facade, f"NoteService does not offer {cls.__name__}.{name}"
            assert facade[name] == signature, f"NoteService.{name} differs from {cls.__name__}"
            offered.add(name)
    assert set(facade) == offered


def test_the_facade_and_a_sub_service_see_the_same_vault(services) -> None:  # type: ignore[no-untyped-def]
    ana = services.people.add("Ana")
    topic = services.notes.add_topic(ana.id, "Conference budget")
    topics = TopicService(services.hub)
    assert [t.id for t in topics.open_topics(ana.id)] == [topic.id]
    topics.set_topic_resolved(topic.id, True)
    assert services.notes.open_topics(ana.id) == []
