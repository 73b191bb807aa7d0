"""One search across the vault (Ctrl+K): people by name, notes, tasks, delegations, action
items and topics, ranked, each hit naming where it opens.

Notes use the FTS5 index (``NoteService.search``); the rest are short columns searched with
LIKE, each query bounded by a LIMIT so a five-year vault answers in a few milliseconds.
Ranking: how the text matches (the whole text, its start, a word's start, anywhere), then
the kind (a person's name before a task title before a note), open before closed, newer
first. Reads only; no query is logged or stored anywhere.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from ..storage.repositories.search import SearchRepository
from .arguments import checked_arguments
from .base import ServiceHub
from .notes import NoteService

QUERY_MAX = 200  # characters of a query that are used
PER_KIND = 20  # rows read per kind before ranking


class HitKind(enum.StrEnum):
    PERSON = "person"
    TASK = "task"
    DELEGATION = "delegation"
    ACTION_ITEM = "action_item"
    TOPIC = "topic"
    NOTE = "note"

    @property
    def label(self) -> str:
        return {
            HitKind.PERSON: "Person",
            HitKind.TASK: "Task",
            HitKind.DELEGATION: "Delegation",
            HitKind.ACTION_ITEM: "Action item",
            HitKind.TOPIC: "Topic",
            HitKind.NOTE: "Note",
        }[self]


KIND_WEIGHT = {  # ties on how the text matches: the kind decides
    HitKind.PERSON: 6,
    HitKind.TASK: 5,
    HitKind.DELEGATION: 4,
    HitKind.ACTION_ITEM: 3,
    HitKind.TOPIC: 2,
    HitKind.NOTE: 1,
}


@dataclass(frozen=True)
class SearchResult:
    kind: HitKind
    record_id: int  # the person, task, delegation, action item, topic or note id
    title: str  # one line: a name, a title, an item's text or a note's snippet
    detail: str  # where it lives: "Do", "Ana Pérez · done", "1:1 · 12 Nov 2026"
    person_id: int | None = None
    task_id: int | None = None
    is_open: bool = True
    score: float = 0.0


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_score(haystack: str, needle: str) -> int:
    """3: the whole text, 2: its start, 1: a word's start, 0: anywhere, -1: nowhere."""
    hay = haystack.casefold()
    if not needle:
        return -1
    if hay == needle:
        return 3
    if hay.startswith(needle):
        return 2
    if re.search(r"(?<!\w)" + re.escape(needle), hay):
        return 1
    return 0 if needle in hay else -1


def _first_line(value: str, limit: int = 160) -> str:
    return " ".join(value.split("\n", 1)[0].split())[:limit]


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


@checked_arguments
class SearchService:
    def __init__(self, hub: ServiceHub, notes: NoteService) -> None:
        self.hub = hub
        self._notes = notes

    def search(self, query: str, *, limit: int = 50) -> list[SearchResult]:
        """Every kind of record that matches ``query``, best first (at most ``limit``)."""
        needle = " ".join(str(query)[:QUERY_MAX].split())
        if not needle:
            return []
        folded = needle.casefold()
        like = _like_pattern(needle)
        hits: list[SearchResult] = []
        with self.hub.read_rows() as raw:
            found = SearchRepository(raw)
            people = found.people(like, PER_KIND)
            tasks = found.tasks(like, PER_KIND)
            # Fewer tasks than asked for: they are every task whose title matches.
            every_match = [t.id for t in tasks] if len(tasks) < PER_KIND else None
            delegations = found.delegations(like, PER_KIND, every_match)
            items = [
                (HitKind.ACTION_ITEM, found.action_items(like, PER_KIND)),
                (HitKind.TOPIC, found.topics(like, PER_KIND)),
            ]
        for person in people:
            hits.append(
                SearchResult(
                    HitKind.PERSON,
                    person.id,
                    person.name,
                    "archived" if person.archived else "",
                    person_id=person.id,
                    is_open=not person.archived,
                )
            )
        for task in tasks:
            is_open = task.status == "open"
            detail = task.quadrant.capitalize() if is_open else task.status.replace("_", " ")
            hits.append(
                SearchResult(
                    HitKind.TASK,
                    task.id,
                    _first_line(task.title),
                    detail,
                    task_id=task.id,
                    is_open=is_open,
                )
            )
        for d in delegations:
            hits.append(
                SearchResult(
                    HitKind.DELEGATION,
                    d.id,
                    _first_line(d.title),
                    f"{d.person_name} · {d.status}",
                    person_id=d.person_id,
                    task_id=d.task_id,
                    is_open=d.status in ("active", "blocked"),
                )
            )
        for kind, matches in items:
            for item in matches:
                hits.append(
                    SearchResult(
                        kind,
                        item.id,
                        _first_line(item.text),
                        f"{item.person_name}{' · done' if item.closed else ''}",
                        person_id=item.person_id,
                        is_open=not item.closed,
                    )
                )
        for rank, note in enumerate(self._notes.search(needle, limit=PER_KIND)):
            snippet = _first_line(note.snippet.replace("\x02", "").replace("\x03", ""), 200)
            hits.append(
                SearchResult(
                    HitKind.NOTE,
                    note.note_id,
                    snippet,
                    f"{note.person_name} · {note.written_on:%d %b %Y}",
                    person_id=note.person_id,
                    score=-rank / 100,  # keep the FTS order among notes
                )
            )
        ranked = [self._scored(hit, folded) for hit in hits]
        ranked.sort(key=lambda h: -h.score)
        return ranked[: max(int(limit), 0)]

    @staticmethod
    def _scored(hit: SearchResult, needle: str) -> SearchResult:
        how = match_score(hit.title, needle)
        if hit.kind is HitKind.DELEGATION and how < 0:
            how = 0  # matched its expected outcome
        if hit.kind is HitKind.NOTE:
            how = max(how, 0)  # FTS matched words, maybe in another form
        score = how * 10 + KIND_WEIGHT[hit.kind] + (0.5 if hit.is_open else 0) + hit.score
        return SearchResult(
            hit.kind,
            hit.record_id,
            hit.title,
            hit.detail,
            hit.person_id,
            hit.task_id,
            hit.is_open,
            score,
        )
