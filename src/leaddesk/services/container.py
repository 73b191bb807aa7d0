"""All services of one unlocked session, sharing one vault, one clock and one change feed."""

from __future__ import annotations

from ..domain.clock import Clock
from ..storage.vault import Vault
from .base import ChangeListener, ServiceContext
from .blocks import BlockService
from .calendar.sources import CalendarSourceService
from .calendar_ics import CalendarExchangeService
from .delegations import DelegationService
from .drafts import DraftService
from .notes import NoteService
from .people import PeopleService
from .plan_export import PlanExportService
from .planning import PlanningService
from .reviews import ReviewService
from .search import SearchService
from .security import SecurityService
from .tasks import TaskService


class Services:
    def __init__(self, vault: Vault, clock: Clock | None = None) -> None:
        self.ctx = ServiceContext(vault, clock)
        self.tasks = TaskService(self.ctx)
        self.people = PeopleService(self.ctx)
        self.blocks = BlockService(self.ctx)
        self.calendar = CalendarExchangeService(self.ctx)
        self.calendar_sources = CalendarSourceService(self.ctx)
        self.delegations = DelegationService(self.ctx)
        self.notes = NoteService(self.ctx)
        self.reviews = ReviewService(self.ctx)
        self.plan_export = PlanExportService(self.ctx)
        self.planning = PlanningService(self.ctx)
        self.security = SecurityService(self.ctx)
        self.search = SearchService(self.ctx, self.notes)  # Ctrl+K: one search
        self.drafts = DraftService(self.ctx)  # typed text of open forms (crash-safe)

    @property
    def vault(self) -> Vault:
        return self.ctx.vault

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    def subscribe(self, listener: ChangeListener) -> None:
        self.ctx.subscribe(listener)

    def close(self) -> None:
        self.ctx.vault.close()
