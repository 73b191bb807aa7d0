"""Export: every record of the vault as plain, documented JSON (no lock-in).

The notes about people are the most sensitive thing LeadDesk holds, so they are left out
unless the caller explicitly asks for them (``include_private_notes=True``): one-on-one and
feedback notes, action items, topics to revisit and growth goals. Everything else — people,
tasks, time blocks, delegations with their check-ins, weekly reviews and vault settings —
is always included.

Shape (``format`` / ``version`` let future readers recognise and migrate the file)::

    {"format": "leaddesk-export", "version": 1, "exported_at": "...+00:00",
     "app_version": "0.1.0", "private_notes_included": false,
     "omitted": ["notes", "action_items", "topics", "growth_goals"],
     "people": [...], "tasks": [...], "time_blocks": [...], "delegations": [...],
     "check_ins": [...], "week_reviews": [...], "settings": {...}}

Each record is an object of the domain dataclass's fields; dates are ISO ``YYYY-MM-DD``,
times ISO 8601 in UTC, enums their stored value.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..domain import model as m
from ..private_files import write_private_text
from ..storage.repositories.export import ExportRepository
from .base import Service

EXPORT_FORMAT = "leaddesk-export"
EXPORT_VERSION = 1

# Sections always exported, in file order: (key, dataclass).
PLANNING_SECTIONS: tuple[tuple[str, type], ...] = (
    ("people", m.Person),
    ("tasks", m.Task),
    ("time_blocks", m.TimeBlock),
    ("delegations", m.Delegation),
    ("check_ins", m.CheckIn),
    ("week_reviews", m.WeekReview),
)
# Private notes about people: exported only on explicit request.
PRIVATE_SECTIONS: tuple[tuple[str, type], ...] = (
    ("notes", m.Note),
    ("action_items", m.ActionItem),
    ("topics", m.Topic),
    ("growth_goals", m.GrowthGoal),
)


# Free text about people inside planning records: blanked unless private notes are asked for.
PRIVATE_FIELDS: dict[type, tuple[str, ...]] = {
    m.Task: ("notes",),
    m.Delegation: (
        "why_this_person",
        "expected_outcome",
        "debrief_worked",
        "debrief_hard",
        "debrief_differently",
        "debrief_support",
    ),
    m.CheckIn: ("note",),
    m.WeekReview: ("lessons", "derailed_notes", "deprioritized"),
}


# Settings that hold text typed about people (a form's unsaved draft, a quick note typed
# before its person was chosen): exported only with the private notes.
PRIVATE_SETTINGS = ("draft/", "quick_note/")


class ExportService(Service):
    def export_json(self, include_private_notes: bool = False) -> dict[str, Any]:
        """A JSON-ready dict of the whole vault, read in one consistent snapshot."""
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": to_json(self.clock.now().astimezone(UTC)),
            "app_version": __version__,
            "private_notes_included": include_private_notes,
            "omitted": []
            if include_private_notes
            else [key for key, _ in PRIVATE_SECTIONS]
            + [f"{cls.__name__}.{name}" for cls, names in PRIVATE_FIELDS.items() for name in names]
            + [f"settings.{prefix}*" for prefix in PRIVATE_SETTINGS],
        }
        sections = PLANNING_SECTIONS + (PRIVATE_SECTIONS if include_private_notes else ())
        with self.hub.read() as s, s.begin():
            stored = ExportRepository(s)
            for key, cls in sections:
                rows_out = [record_to_json(obj) for obj in stored.every(cls)]
                if not include_private_notes:
                    for record in rows_out:
                        for name in PRIVATE_FIELDS.get(cls, ()):
                            record.pop(name, None)
                data[key] = rows_out
            data["settings"] = {
                key: value
                for key, value in stored.settings().items()
                if include_private_notes or not key.startswith(PRIVATE_SETTINGS)
            }
        return data

    def write_json(
        self,
        path: str | os.PathLike[str],
        include_private_notes: bool = False,
        *,
        exclusive: bool = True,
    ) -> Path:
        """Write :meth:`export_json` to ``path``: mode 0600 from the first byte, atomic.

        ``exclusive`` (default): an existing file is never replaced (``FileExistsError``).
        """
        data = self.export_json(include_private_notes=include_private_notes)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return write_private_text(path, text, exclusive=exclusive)


def record_to_json(obj: Any) -> dict[str, Any]:
    """One domain object as a dict of JSON values, in the dataclass's field order."""
    return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value
