"""Where LeadDesk keeps things: platformdirs locations, overridable for tests and users.

Precedence: ``--data-dir`` on the command line, then ``LEADDESK_DATA_DIR``, then the
platform's user data directory. The vault and its backups live in the data directory.

This module is on the launch path (issue 18), so it imports neither ``dataclasses`` (~10 M
instructions to import, ~4 M per frozen class: ``AppPaths`` is a ``NamedTuple``) nor, on
Linux, ``platformdirs`` (~10-18 M): the XDG directories are read as platformdirs reads
them (``_xdg_base``), and platformdirs answers every other case.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

DATA_DIR_ENV = "LEADDESK_DATA_DIR"
VAULT_FILENAME = "leaddesk.vault"
APP_DIR_NAME = "LeadDesk"


class AppPaths(NamedTuple):
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


def _xdg_base(variable: str, default: str) -> str | None:
    """An XDG base directory on Linux as platformdirs (4.x, ``Unix``) reads it: the variable
    if it holds an absolute path, else ``default`` under the home directory. None wherever
    platformdirs might answer differently (not plain Linux, Android, a relative ``HOME``,
    no home to expand): the caller then asks platformdirs itself.
    tests/test_paths.py compares the two over set, empty and relative variables."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    if "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ:
        return None
    value = os.environ.get(variable, "")
    if os.path.isabs(value):
        return value
    home = os.environ.get("HOME")
    if home is not None and not os.path.isabs(home):
        return None  # platformdirs then asks the password database
    expanded = os.path.expanduser(default)
    return expanded if os.path.isabs(expanded) else None


def user_data_dir() -> str:
    """LeadDesk's data directory of the user, as platformdirs names it."""
    base = _xdg_base("XDG_DATA_HOME", "~/.local/share")
    if base is not None:
        return os.path.join(base, APP_DIR_NAME)
    import platformdirs

    return platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False)


def user_config_dir() -> str:
    """LeadDesk's configuration directory of the user, as platformdirs names it."""
    base = _xdg_base("XDG_CONFIG_HOME", "~/.config")
    if base is not None:
        return os.path.join(base, APP_DIR_NAME)
    import platformdirs

    return platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=False)


def user_cache_dir() -> str:
    """LeadDesk's cache directory of the user, as platformdirs names it (nothing private is
    kept there: ``pyside_code_cache``)."""
    base = _xdg_base("XDG_CACHE_HOME", "~/.cache")
    if base is not None:
        return os.path.join(base, APP_DIR_NAME)
    import platformdirs

    return platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or None
    if data_dir is None:
        data_dir = user_data_dir()
    config_dir = user_config_dir()
    return AppPaths(Path(data_dir).expanduser().resolve(), Path(config_dir).expanduser().resolve())
