"""Time blocks in the week view: create, move, resize, recur, outcomes, capacity."""

from __future__ import annotations

from .base import Service


class BlockService(Service):
    """Owned by the blocks area; methods are added as the area lands."""
