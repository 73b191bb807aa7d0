"""The JSON export's reads: every record of a kind, and the vault's key/value settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..tables import vault_settings


class ExportRepository:
    """Reads for one consistent snapshot (the caller holds the transaction)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def every(self, cls: type[object]) -> list[Any]:
        """Every record of a mapped domain class, in primary-key order."""
        return list(self.s.scalars(select(cls).order_by(*inspect(cls).primary_key)))

    def settings(self) -> dict[str, Any]:
        """Every key/value setting of the vault, in key order."""
        rows = self.s.execute(select(vault_settings).order_by(vault_settings.c.key))
        return {row.key: row.value for row in rows}
