"""Full-text search over notes: safe FTS5 queries, ranked hits and highlighted snippets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ...domain.model import NoteKind
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments
from ..base import Service, ServiceHub
from .records import NoteRecordService

RANKED_MAX = 1_000  # search results ranked by relevance up to this many matches
# FTS5's snippet() is quadratic in the number of hits inside one note (measured: 16 s for a
# 100 KB note repeating the searched word), so longer notes get a simpler snippet in Python.
SNIPPET_MAX_CHARS = 8_000
# Marks around matched words in search snippets; the UI turns them into highlighting after
# escaping the text, so note content can never inject markup.
HIT_START = "\x02"
HIT_END = "\x03"


@dataclass(frozen=True)
class SearchHit:
    note_id: int
    person_id: int
    person_name: str
    kind: NoteKind
    written_on: date
    snippet: str  # matched words wrapped in HIT_START / HIT_END


_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(user_query: str) -> str:
    """Turn anything the user types into a safe FTS5 query (never a syntax error).

    Words become quoted terms joined by AND; a quoted "phrase" stays a phrase; a word typed
    with a trailing ``*`` (and the last word, for search-as-you-type) matches as a prefix.
    Operators and punctuation (``AND OR NEAR ( ) : ^ -``) are treated as plain text.
    Returns "" when nothing searchable is left.
    """
    parts: list[str] = []
    matches = list(_TOKEN.finditer(user_query or ""))
    for i, match in enumerate(matches):
        phrase, bare = match.group(1), match.group(2)
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        words = _WORD.findall(bare)
        if not words:
            continue
        prefix = bare.endswith("*") or i == len(matches) - 1
        if len(words) > 1:  # "e-mail", "foo.bar": a phrase of its pieces
            parts.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
        else:
            parts.append(f'"{words[0]}"' + ("*" if prefix else ""))
    return " AND ".join(parts)


def _fold(text_: str) -> str:
    """Lower case without diacritics, keeping one character per input character."""
    out = []
    for ch in text_:
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        out.append(base.casefold()[:1] or ch)
    return "".join(out)


def python_snippet(text_: str, user_query: str, width: int = 160) -> str:
    """A snippet like FTS5's for very long notes: a window around the first match, the
    matched words wrapped in HIT_START/HIT_END (case- and accent-insensitive)."""
    words = [_fold(w) for w in _WORD.findall(user_query or "")]
    if not text_ or not words:
        return text_[:width]
    folded = _fold(text_)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    first = pattern.search(folded)
    if first is None:
        return text_[:width] + ("…" if len(text_) > width else "")
    start = max(0, first.start() - width // 3)
    end = min(len(text_), start + width)
    parts: list[str] = ["…" if start > 0 else ""]
    pos = start
    for hit in pattern.finditer(folded, start, end):
        parts.append(text_[pos : hit.start()])
        parts.append(HIT_START + text_[hit.start() : hit.end()] + HIT_END)
        pos = hit.end()
    parts.append(text_[pos:end])
    parts.append("…" if end < len(text_) else "")
    return "".join(parts)


@checked_arguments
class NoteSearchService(Service):
    """Full-text search over every note (FTS5 in the vault)."""

    def __init__(self, hub: ServiceHub, records: NoteRecordService) -> None:
        super().__init__(hub)
        self.records = records

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Full-text search over every note (FTS5 in the vault).

        Any input is accepted: it is rewritten into safe FTS5 syntax first. Up to
        RANKED_MAX matches are ordered by relevance (bm25); a query that matches more (a
        very common word) lists the newest notes first instead, because ranking tens of
        thousands of matches costs hundreds of milliseconds and says little anyway.
        """
        match = fts_query(query)
        if not match:
            return []
        with self.hub.read() as s:
            repo = NotesRepository(s)
            many = repo.count_matches(match, RANKED_MAX + 1)
            rows = repo.search(
                match,
                by_rank=many <= RANKED_MAX,
                limit=int(limit),
                marks=(HIT_START, HIT_END),
                snippet_max_chars=SNIPPET_MAX_CHARS,
                head_chars=200_000,
            )
        return [
            SearchHit(
                note_id=row.note_id,
                person_id=row.person_id,
                person_name=row.person_name,
                kind=row.kind,
                written_on=row.written_on,
                snippet=(
                    row.snippet
                    if row.snippet is not None
                    else python_snippet(row.text_head or "", query)
                ),
            )
            for row in rows
        ]

    def highlighted_body(self, note_id: int, query: str) -> str:
        """The note body with matched words wrapped in HIT_START/HIT_END (jump target)."""
        match = fts_query(query)
        note = self.records.get(note_id)
        if not match or len(note.body) > 200_000:  # highlight() is slow on huge notes
            return note.body
        with self.hub.read() as s:
            value = NotesRepository(s).highlighted_body(note_id, match, (HIT_START, HIT_END))
        return value if value is not None else note.body
