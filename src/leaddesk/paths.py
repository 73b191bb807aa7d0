"""Where LeadDesk keeps things: platformdirs locations, overridable for tests and users.

Precedence: ``--data-dir`` on the command line, then ``LEADDESK_DATA_DIR``, then the
platform's user data directory. The vault and its backups live in the data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "LEADDESK_DATA_DIR"
VAULT_FILENAME = "leaddesk.vault"
APP_DIR_NAME = "LeadDesk"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @property
    def settings_file(self) -> Path:
        """QSettings INI file: window layout and non-private preferences only."""
        return self.config_dir / "leaddesk.ini"

    @property
    def vault(self) -> Path:
        return self.data_dir / VAULT_FILENAME

    @property
    def vault_exists(self) -> bool:
        """A vault is there (checked without loading the storage stack).

        An empty or truncated vault file counts: it is a damaged vault, whose backups must
        be offered, not room for a new one. Only an empty file with nothing beside it (no
        verifier, no backups: an interrupted first ``init``) is no vault.
        """
        try:
            if self.vault.stat().st_size > 0:
                return True
        except FileNotFoundError:
            return False
        except OSError:
            return True  # there, but unreadable: unlocking says why
        verifier = self.vault.with_name(self.vault.name + ".verifier")
        return verifier.exists() or any(self.backups.glob("*.leaddesk-backup"))

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "leaddesk.lock"


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or None
    from platformdirs import user_config_dir, user_data_dir

    if data_dir is None:
        data_dir = user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False)
    config_dir = user_config_dir(APP_DIR_NAME, appauthor=False, roaming=False)
    return AppPaths(Path(data_dir).expanduser().resolve(), Path(config_dir).expanduser().resolve())
