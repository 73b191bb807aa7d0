"""Schema migrations with Alembic, shipped inside the package and applied at unlock.

Importing Alembic costs start-up time, so the head revision is also kept as a constant and
checked against the vault directly; Alembic is loaded only when a vault is behind (a test
keeps the constant equal to Alembic's real head).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION = "0006"  # 0006: people.email, calendar_sources.content_key


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).fetchone()
        return str(row[0]) if row else None


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD_REVISION


def _config(engine: Engine | None) -> Config:
    """Alembic's configuration; ``engine`` is what migrations/env.py runs on (None when only
    the scripts are read)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    command.upgrade(_config(engine), revision)


def upgrade_to_head(engine: Engine) -> None:
    upgrade_to(engine, "head")


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config(None))
    head = script.get_current_head()
    assert head is not None
    return head
