"""The Friday weekly review and the insights over weeks."""

from __future__ import annotations

from .base import Service


class ReviewService(Service):
    """Owned by the reviews area; methods are added as the area lands."""
