"""All services of one unlocked session, sharing one vault, one clock and one change feed."""

from __future__ import annotations

from ..domain.clock import Clock
from ..storage.vault import Vault
from .base import ChangeListener, ServiceHub
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
        self.hub = ServiceHub(vault, clock)
        self.tasks = TaskService(self.hub)
        self.people = PeopleService(self.hub)
        self.blocks = BlockService(self.hub)
        self.calendar = CalendarExchangeService(self.hub)
        self.calendar_sources = CalendarSourceService(self.hub)
        self.delegations = DelegationService(self.hub)
        self.notes = NoteService(self.hub)
        self.reviews = ReviewService(self.hub)
        self.plan_export = PlanExportService(self.hub)
        self.planning = PlanningService(self.hub)
        self.security = SecurityService(self.hub)
        self.search = SearchService(self.hub, self.notes)  # Ctrl+K: one search
        self.drafts = DraftService(self.hub)  # typed text of open forms (crash-safe)

    @property
    def vault(self) -> Vault:
        return self.hub.vault

    @property
    def clock(self) -> Clock:
        return self.hub.clock

    def subscribe(self, listener: ChangeListener) -> None:
        self.hub.subscribe(listener)

    def close(self) -> None:
        self.hub.vault.close()
