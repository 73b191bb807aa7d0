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

from sqlalchemy import text

from .arguments import checked_arguments
from .base import ServiceContext
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
    def __init__(self, ctx: ServiceContext, notes: NoteService) -> None:
        self.ctx = ctx
        self._notes = notes

    def search(self, query: str, *, limit: int = 50) -> list[SearchResult]:
        """Every kind of record that matches ``query``, best first (at most ``limit``)."""
        needle = " ".join(str(query)[:QUERY_MAX].split())
        if not needle:
            return []
        folded = needle.casefold()
        like = _like_pattern(needle)
        hits: list[SearchResult] = []
        params = {"p": like, "n": PER_KIND}
        with self.ctx.read() as s:
            for row in s.execute(
                text(
                    "SELECT id, name, archived FROM people WHERE name LIKE :p ESCAPE '\\' "
                    "ORDER BY archived, name LIMIT :n"
                ),
                params,
            ):
                hits.append(
                    SearchResult(
                        HitKind.PERSON,
                        row[0],
                        row[1],
                        "archived" if row[2] else "",
                        person_id=row[0],
                        is_open=not row[2],
                    )
                )
            for row in s.execute(
                text(
                    "SELECT id, title, quadrant, status FROM tasks "
                    "WHERE title LIKE :p ESCAPE '\\' "
                    "ORDER BY status != 'open', id DESC LIMIT :n"
                ),
                params,
            ):
                status = str(row[3])
                detail = str(row[2]).capitalize() if status == "open" else status.replace("_", " ")
                hits.append(
                    SearchResult(
                        HitKind.TASK,
                        row[0],
                        _first_line(row[1]),
                        detail,
                        task_id=row[0],
                        is_open=status == "open",
                    )
                )
            for row in s.execute(
                text(
                    "SELECT d.id, t.title, p.name, d.status, d.task_id, d.person_id "
                    "FROM delegations AS d JOIN tasks AS t ON t.id = d.task_id "
                    "JOIN people AS p ON p.id = d.person_id "
                    "WHERE t.title LIKE :p ESCAPE '\\' OR d.expected_outcome LIKE :p ESCAPE '\\' "
                    "ORDER BY d.status NOT IN ('active', 'blocked'), d.id DESC LIMIT :n"
                ),
                params,
            ):
                status = str(row[3])
                hits.append(
                    SearchResult(
                        HitKind.DELEGATION,
                        row[0],
                        _first_line(row[1]),
                        f"{row[2]} · {status}",
                        person_id=row[5],
                        task_id=row[4],
                        is_open=status in ("active", "blocked"),
                    )
                )
            for kind, table, closed in (
                (HitKind.ACTION_ITEM, "action_items", "done_on"),
                (HitKind.TOPIC, "topics", "resolved_on"),
            ):
                for row in s.execute(
                    text(
                        f"SELECT x.id, x.text, x.person_id, p.name, x.{closed} "
                        f"FROM {table} AS x JOIN people AS p ON p.id = x.person_id "
                        "WHERE x.text LIKE :p ESCAPE '\\' "
                        f"ORDER BY x.{closed} IS NOT NULL, x.id DESC LIMIT :n"
                    ),
                    params,
                ):
                    done = row[4] is not None
                    hits.append(
                        SearchResult(
                            kind,
                            row[0],
                            _first_line(row[1]),
                            f"{row[3]}{' · done' if done else ''}",
                            person_id=row[2],
                            is_open=not done,
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
