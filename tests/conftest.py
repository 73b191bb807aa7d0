"""Shared fixtures: every test gets real temp locations, a real SQLCipher vault and, for UI
tests, a real (offscreen) Qt application. Nothing here mocks the database."""

from __future__ import annotations

import os
import stat

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "1")

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.clock import FixedClock
from leaddesk.paths import AppPaths, resolve_paths

PASSPHRASE = "correct horse battery staple"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-test platformdirs locations, so no test can read or write the user's real files."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        target = home / sub
        target.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(target))
    os.chmod(home / "runtime", 0o700)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("LEADDESK_DATA_DIR", raising=False)
    return home


@pytest.fixture
def clock() -> FixedClock:
    """Wednesday 18 November 2026, 10:00 in Berlin (an ordinary, non-DST week)."""
    return FixedClock(datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN))


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "vault-dir")


@pytest.fixture
def services(app_paths: AppPaths, clock: FixedClock) -> Iterator:
    """A freshly created real SQLCipher vault with all services."""
    from leaddesk.services.session import create_vault

    svc = create_vault(app_paths, PASSPHRASE, clock)
    yield svc
    svc.close()


@pytest.fixture
def app_settings(qapp, app_paths: AppPaths):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from leaddesk.ui.settings import AppSettings

    app_paths.config_dir.mkdir(parents=True, exist_ok=True)
    return AppSettings(QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat))


@pytest.fixture
def ctx(qapp, app_paths, app_settings, services, clock):  # type: ignore[no-untyped-def]
    """An unlocked AppContext over the real vault (what every area is built with)."""
    from leaddesk.ui.context import AppContext

    context = AppContext(app_paths, app_settings, clock)
    context.attach(services)
    yield context
    context.undo_stack.clear()


# -- exports: files written outside the vault -------------------------------------------
def file_mode(path: Path) -> int:
    """Permission bits of ``path`` (exports must be 0600)."""
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    """An empty folder of its own for exports (tmp_path also holds the test's XDG dirs)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """What most desktops use (022): a file created without care would be world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)
