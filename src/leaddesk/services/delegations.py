"""Delegations and their check-ins, debriefs and the needs-attention list."""

from __future__ import annotations

from .base import Service


class DelegationService(Service):
    """Owned by the delegations area; methods are added as the area lands."""
