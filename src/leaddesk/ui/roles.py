"""The item-data roles of LeadDesk's models and item widgets, named once for every area.

Qt leaves the roles from ``UserRole`` up to the application. Each area used to number its
own, so ``UserRole + 1`` was a row's object in one area and its sort key in another; here
every number has one meaning. A model answers only the roles it needs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = Qt.ItemDataRole.UserRole

ID_ROLE = _USER  # the id or key that names a row (a task id, a step key, a person id)
OBJECT_ROLE = _USER + 1  # the domain object behind a row (Note, Goal, BoardCard, Delegation)
TASK_ID_ROLE = _USER + 2  # the id of the task a row shows (matrix cards, week task list)
SORT_ROLE = _USER + 3  # the value a sort proxy orders a column by
HTML_ROLE = _USER + 4  # rich text for a highlighting delegate (search hits)
MARKERS_ROLE = _USER + 5  # a matrix card's CardMarkers
KIND_ROLE = _USER + 6  # what a row is in a mixed list ("person" or "delegation" in the review)
PATH_ROLE = _USER + 7  # a file path a row stands for (restore a backup)
