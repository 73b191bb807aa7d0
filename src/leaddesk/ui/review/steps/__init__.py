"""The five working screens of the Friday review (PRODUCT.md, "The weekly planning method").

One module per step (look_back, inbox, prune, people_check, plan), the StepPage base in
base.py and the keyboard triage list steps 2 and 3 share in triage.py. Each page reads
through services and writes through undoable commands or the review's own autosave; none
keeps private state of its own beyond what is on screen.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .base import StepPage

# The steps in order: (module, class, title). A step's module is imported when the step is
# first opened (ui/lazy_pages.py); the review lists the titles before that. Each class's
# ``title`` is the same text (tests/ui/shell/test_area_memory.py checks).
STEPS: tuple[tuple[str, str, str], ...] = (
    ("look_back", "LookBackPage", "Look back at this week"),
    ("inbox", "InboxPage", "Empty the inbox"),
    ("prune", "PrunePage", "Analyze and prune"),
    ("people_check", "PeoplePage", "Check people and delegations"),
    ("plan", "PlanPage", "Plan next week"),
)
STEP_TITLES = tuple(title for _module, _name, title in STEPS)


def step_class(index: int) -> type[StepPage]:
    """The page class of step ``index`` (0-based), its module imported now if need be."""
    module, name, _title = STEPS[index]
    cls: type[StepPage] = getattr(import_module(f"{__name__}.{module}"), name)
    return cls


def __getattr__(name: str) -> Any:
    """``STEP_CLASSES`` and the page classes by name, imported when first asked for."""
    if name == "STEP_CLASSES":
        return tuple(step_class(i) for i in range(len(STEPS)))
    for index, (_module, class_name, _title) in enumerate(STEPS):
        if class_name == name:
            return step_class(index)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
