"""The drag format for tasks, shared by every view that drags or accepts tasks.

``application/x-leaddesk-task-ids`` carries comma-separated task ids (ASCII); views add
the titles as plain text for drops outside LeadDesk. One definition, so a card dragged
from the board and a task dragged from the week's side panel can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData

TASK_IDS_MIME = "application/x-leaddesk-task-ids"


def encode_task_ids(task_ids: Sequence[int]) -> QByteArray:
    return QByteArray(",".join(str(int(i)) for i in task_ids).encode("ascii"))


def decode_task_ids(mime: QMimeData | None) -> list[int]:
    """The task ids a drag carries, in order, without repeats; [] when it carries none or
    anything malformed (a drop must never act on half a payload)."""
    if mime is None or not mime.hasFormat(TASK_IDS_MIME):
        return []
    raw = bytes(mime.data(TASK_IDS_MIME).data()).decode("ascii", errors="replace")
    ids: list[int] = []
    for part in raw.split(","):
        part = part.strip()
        if not part.isdigit():
            return []
        if int(part) not in ids:
            ids.append(int(part))
    return ids
