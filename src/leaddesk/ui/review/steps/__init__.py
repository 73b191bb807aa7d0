"""The five working screens of the Friday review (PRODUCT.md, "The weekly planning method").

One module per step (look_back, inbox, prune, people_check, plan), the StepPage base in
base.py and the keyboard triage list steps 2 and 3 share in triage.py. Each page reads
through services and writes through undoable commands or the review's own autosave; none
keeps private state of its own beyond what is on screen.
"""

from __future__ import annotations

from .base import StepPage
from .inbox import InboxPage
from .look_back import LookBackPage
from .people_check import PeoplePage
from .plan import PlanPage
from .prune import PrunePage

STEP_CLASSES: tuple[type[StepPage], ...] = (
    LookBackPage,
    InboxPage,
    PrunePage,
    PeoplePage,
    PlanPage,
)
