"""Shared fixtures: every test gets real temp locations, a real SQLCipher vault of its own
(a copy of one migrated per xdist worker) and, for UI tests, a real (offscreen) Qt
application. Nothing here mocks the database. A leaddesk ``log.error`` fails the test."""

from __future__ import annotations

import os
import stat

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "1")

import hashlib
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.clock import FixedClock
from leaddesk.paths import AppPaths, resolve_paths

if TYPE_CHECKING:
    from leaddesk.services.container import Services
    from leaddesk.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
BERLIN = ZoneInfo("Europe/Berlin")


# -- scheduling: the longest files start first ------------------------------------------
# With ``--dist loadfile`` a worker takes whole files in collection order (and
# ``--no-loadscope-reorder`` keeps xdist from putting files with few tests last, which is
# where these few-but-long ones would end the run alone). Measured with --durations;
# a file that is not listed keeps its place, so the list only ever changes the order.
LONGEST_FILES = (
    "tests/security/test_crash_durability.py",  # ~120 s: writers killed at random moments
    "tests/test_benchmark_quick.py",  # ~95 s: the benchmark's quick mode end to end
    "tests/security/test_restore_import.py",  # ~60 s: imports killed at random moments
    "tests/test_cli.py",  # ~50 s: one child process per command
    "tests/security/test_open_errors.py",
    "tests/test_packaging_wheel.py",
    "tests/packaging/test_dist_build.py",
    "tests/security/test_service_fuzz.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FILES)}
    root = config.rootpath

    def file_rank(item: pytest.Item) -> int:
        try:
            name = item.path.relative_to(root).as_posix()
        except ValueError:
            return len(rank)
        return rank.get(name, len(rank))

    items.sort(key=file_rank)  # stable: every file keeps its own order


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


@dataclass(frozen=True)
class VaultTemplate:
    """A vault made once by ``create_vault`` (real key derivation, real migrations).

    ``raw_key`` is the SQLCipher key that PASSPHRASE derives with the template's salt
    (PBKDF2-HMAC-SHA512, 256,000 iterations: SQLCipher 4's defaults, which the vault pins).
    A byte copy of the template keeps that salt, so a copy opens with the raw key without
    paying the ~0.2 s derivation again, and with PASSPHRASE like any vault.
    """

    vault: Path
    raw_key: str


def copy_vault_template(
    template: VaultTemplate, paths: AppPaths, clock: FixedClock | None
) -> Services:
    """What ``create_vault(paths, PASSPHRASE, clock)`` returns, made from a copy of the
    template: the migrated file is copied (mode kept), opened through storage's own keyed
    opener (which proves the key with a real read), given a random id of its own (as
    migration 0003 gives every new vault), then set up as ``Vault.create`` does after
    migrating. ``vault_template`` checks once per session that the result matches."""
    from leaddesk.private_files import tighten_mode
    from leaddesk.services.container import Services
    from leaddesk.storage.opening import open_raw_connection
    from leaddesk.storage.vault import Vault

    paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    tighten_mode(paths.data_dir, directory=True)
    shutil.copy(template.vault, paths.vault)
    raw = open_raw_connection(paths.vault, template.raw_key)
    # Migration 0003 draws each vault's random id: a copy draws its own, never shares one.
    raw.execute("UPDATE vault_meta SET vault_id = ? WHERE id = 1", (os.urandom(16).hex(),))
    vault = Vault(paths.vault, raw)
    vault._load_meta()
    vault._start_counting()
    return Services(vault, clock)


def _vault_shape(vault: Vault) -> dict[str, object]:
    """Attribute names and value types of an open Vault, plus its commit counter."""
    shape: dict[str, object] = {k: type(v).__name__ for k, v in vars(vault).items()}
    shape["commits"] = vault.commits
    return shape


def _listing(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for entry in folder.iterdir():
        found[entry.name] = stat.S_IMODE(entry.stat().st_mode)
    return found


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    """One migrated, encrypted, empty vault per test session (per xdist worker), made by
    ``create_vault`` itself; a first copy is checked against it before any test uses one."""
    from leaddesk.services.unlocking import create_vault

    root = tmp_path_factory.mktemp("vault-template")
    paths = resolve_paths(root / "template")
    created = create_vault(paths, PASSPHRASE)
    created_shape, created_id = _vault_shape(created.vault), created.vault.vault_id
    created.close()
    salt = paths.vault.read_bytes()[:16]
    derived = hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, 256_000, 32)
    template = VaultTemplate(paths.vault, "x'" + derived.hex() + "'")

    probe_paths = resolve_paths(root / "probe")
    probe = copy_vault_template(template, probe_paths, None)
    probe_shape, probe_id = _vault_shape(probe.vault), probe.vault.vault_id
    probe.close()
    assert probe_shape == created_shape, "the template copy no longer matches create_vault"
    assert probe_id and created_id and probe_id != created_id
    assert _listing(probe_paths.data_dir) == _listing(paths.data_dir)
    return template


@pytest.fixture
def services(
    app_paths: AppPaths, clock: FixedClock, vault_template: VaultTemplate
) -> Iterator[Services]:
    """A fresh, empty, real SQLCipher vault of its own with all services (a copy of the
    session's template: the same as ``create_vault(app_paths, PASSPHRASE, clock)``)."""
    svc = copy_vault_template(vault_template, app_paths, clock)
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


def make_vault_at_revision(paths: AppPaths, revision: str) -> None:
    """A vault (with its verifier) whose schema stops at ``revision``, as an older LeadDesk
    left it: the next unlock upgrades it, after a pre-migration backup."""
    from leaddesk.storage import verifier
    from leaddesk.storage.migrate import upgrade_to
    from leaddesk.storage.opening import open_raw_connection
    from leaddesk.storage.vault import Vault

    paths.data_dir.mkdir(parents=True, exist_ok=True)
    old = Vault(paths.vault, open_raw_connection(paths.vault, PASSPHRASE, creating=True))
    upgrade_to(old.engine, revision)
    old.close()
    verifier.write(paths.vault, PASSPHRASE)


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


# -- an unexpected log.error fails the test ----------------------------------------------
def _from_leaddesk(record: logging.LogRecord, allowed: tuple[str, ...]) -> bool:
    name = record.name
    if not (name == "leaddesk" or name.startswith("leaddesk.")):
        return False
    return not any(name == a or name.startswith(a + ".") for a in allowed)


@pytest.fixture(autouse=True)
def no_unexpected_error_log(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """A test fails when a ``leaddesk.*`` logger writes at ERROR or above while it runs.

    Tests that provoke an error on purpose say so with
    ``@pytest.mark.expected_error_log("leaddesk.ui.error_hook", ...)`` (logger names, each
    covering its children; no names: any leaddesk logger).
    """
    yield
    marker = request.node.get_closest_marker("expected_error_log")
    if marker is not None and not marker.args:
        return
    allowed = tuple(marker.args) if marker is not None else ()
    unexpected = [
        record
        for when in ("setup", "call")
        for record in caplog.get_records(when)
        if record.levelno >= logging.ERROR and _from_leaddesk(record, allowed)
    ]
    if unexpected:
        lines = "\n".join(
            f"  {r.levelname} {r.name}: {r.getMessage().splitlines()[0]}" for r in unexpected
        )
        pytest.fail(
            "unexpected error logged (mark the test with expected_error_log if it is meant):\n"
            + lines,
            pytrace=False,
        )
