"""Restore and import never leave the vault path without a working vault (issue 19, items 5, 13).

* A crafted backup's own triggers and views never survive an import: the data is copied
  into a fresh schema made by LeadDesk, so a trigger that copies note text into task titles
  cannot leak notes into an export made without --include-notes.
* A full disk leaves the vault exactly where it was, and the message says so truthfully.
* Importing the vault's own file (same path or a hard link) is refused; a copy works.
* SIGKILL at random moments during an import always leaves a vault that opens.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leaddesk.domain.errors import DiskFullError, ValidationError, VaultError
from leaddesk.paths import AppPaths, resolve_paths
from leaddesk.services import security
from leaddesk.services.export import ExportService
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.storage.opening import open_raw_connection
from tests.conftest import PASSPHRASE
from tests.security.small_disks import mounted_tmpfs

SECRET = "SECRET-NOTE-TEXT-7f3a"
HERE = Path(__file__).resolve()


def _exported_vault(tmp_path: Path, *titles: str, note: str = SECRET) -> Path:
    """An encrypted export (``export --format backup``) of a vault with a note and tasks."""
    paths = resolve_paths(tmp_path / "machine-a")
    svc = create_vault(paths, PASSPHRASE)
    try:
        person = svc.people.add("Ada Example")
        svc.notes.add_note(person.id, body=note)
        for title in titles:
            svc.tasks.capture(title)
        target = tmp_path / "moving.leaddesk-backup"
        svc.security.export_backup(target)
    finally:
        svc.close()
    return target


def _craft(path: Path, *statements: str) -> None:
    """Change a real SQLCipher export the way an attacker with the passphrase could."""
    conn = open_raw_connection(path, PASSPHRASE)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _schema(paths: AppPaths) -> set[tuple[str, str]]:
    conn = open_raw_connection(paths.vault, PASSPHRASE)
    try:
        return {(r[0], r[1]) for r in conn.execute("SELECT type, name FROM sqlite_master")}
    finally:
        conn.close()


def _titles(paths: AppPaths) -> set[str]:
    svc = unlock_vault(paths, PASSPHRASE)
    try:
        return {t.title for t in svc.tasks.open_tasks()}
    finally:
        svc.close()


def test_crafted_trigger_and_view_do_not_survive_import(tmp_path: Path) -> None:
    source = _exported_vault(tmp_path, "plain task")
    _craft(
        source,
        "CREATE TRIGGER leak_notes AFTER INSERT ON tasks BEGIN "
        "UPDATE tasks SET title = title || ' ' || (SELECT group_concat(body) FROM notes) "
        "WHERE id = new.id; END",
        "CREATE VIEW everything_private AS SELECT body FROM notes",
        "CREATE TABLE smuggled (x TEXT)",
    )
    paths = resolve_paths(tmp_path / "machine-b")

    security.import_backup(paths, source, PASSPHRASE)

    schema = _schema(paths)
    assert ("trigger", "leak_notes") not in schema
    assert ("view", "everything_private") not in schema
    assert ("table", "smuggled") not in schema
    assert ("trigger", "notes_fts_ai") in schema  # LeadDesk's own objects are there
    svc = unlock_vault(paths, PASSPHRASE)
    try:
        svc.tasks.capture("captured after the import")
        exported = json.dumps(ExportService(svc.hub).export_json(include_private_notes=False))
        with_notes = json.dumps(ExportService(svc.hub).export_json(include_private_notes=True))
        assert {t.title for t in svc.tasks.open_tasks()} == {
            "plain task",
            "captured after the import",
        }
    finally:
        svc.close()
    assert SECRET not in exported
    assert SECRET in with_notes  # the data itself was imported


def test_a_view_standing_in_for_a_table_is_refused(tmp_path: Path) -> None:
    source = _exported_vault(tmp_path, "plain task")
    _craft(
        source,
        "ALTER TABLE tasks RENAME TO tasks_real",
        "CREATE VIEW tasks AS SELECT * FROM tasks_real",
    )
    paths = resolve_paths(tmp_path / "machine-b")
    create_vault(paths, PASSPHRASE).close()
    before = paths.vault.read_bytes()

    with pytest.raises(ValidationError, match="not a LeadDesk"):
        security.import_backup(paths, source, PASSPHRASE)

    assert paths.vault.read_bytes() == before
    assert not (paths.data_dir / "set-aside").exists()
    assert not [p for p in paths.data_dir.iterdir() if "incoming" in p.name]


@pytest.mark.parametrize("how", ["same path", "hard link", "relative path"])
def test_importing_the_vaults_own_file_is_refused(tmp_path: Path, how: str) -> None:
    paths = resolve_paths(tmp_path / "data")
    svc = create_vault(paths, PASSPHRASE)
    svc.tasks.capture("keep me")
    svc.close()
    if how == "hard link":
        source = tmp_path / "link.leaddesk-backup"
        os.link(paths.vault, source)
    elif how == "relative path":
        source = Path(os.path.relpath(paths.vault))
    else:
        source = paths.vault

    with pytest.raises(ValidationError, match="the vault itself"):
        security.import_backup(paths, source, PASSPHRASE)

    assert _titles(paths) == {"keep me"}
    assert not (paths.data_dir / "set-aside").exists()


def test_cli_import_of_the_vaults_own_file_keeps_the_vault(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    svc = create_vault(paths, PASSPHRASE)
    svc.tasks.capture("keep me")
    svc.close()
    done = subprocess.run(
        [
            *(sys.executable, "-m", "leaddesk", "--data-dir", str(paths.data_dir)),
            *("import-backup", str(paths.vault), "--passphrase-stdin"),
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "the vault itself" in done.stderr and "nothing was changed" in done.stderr
    assert _titles(paths) == {"keep me"}


def test_importing_a_copy_of_the_vault_keeps_both(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    svc = create_vault(paths, PASSPHRASE)
    svc.tasks.capture("keep me")
    svc.close()
    copy = tmp_path / "copy.vault"
    shutil.copyfile(paths.vault, copy)

    result = security.import_backup(paths, copy, PASSPHRASE)

    assert _titles(paths) == {"keep me"}
    assert result.set_aside is not None and result.set_aside.is_file()


@pytest.fixture
def small_tmpfs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 4 MiB file system (needs root and mount); skipped elsewhere."""
    with mounted_tmpfs(tmp_path / "small-disk", "4m") as disk:
        yield disk


def test_restore_on_a_full_disk_leaves_the_vault_where_it_was(
    tmp_path: Path, small_tmpfs: Path
) -> None:
    big = "x" * 4000
    source = _exported_vault(tmp_path, *(f"task {i} {big}" for i in range(400)))
    assert source.stat().st_size > 1_500_000
    paths = resolve_paths(small_tmpfs / "data")
    svc = create_vault(paths, PASSPHRASE)
    svc.tasks.capture("the vault on the small disk")
    svc.close()
    before = paths.vault.read_bytes()
    free = shutil.disk_usage(small_tmpfs).free
    (small_tmpfs / "ballast").write_bytes(b"\0" * max(0, free - 600_000))

    with pytest.raises(DiskFullError) as caught:
        security.import_backup(paths, source, PASSPHRASE)

    message = str(caught.value)
    assert "not enough free disk space" in message and "left as it was" in message
    assert paths.vault.read_bytes() == before  # exactly where it was
    assert not (paths.data_dir / "set-aside").exists()
    assert sorted(p.name for p in paths.data_dir.iterdir() if "incoming" in p.name) == []
    (small_tmpfs / "ballast").unlink()
    assert _titles(paths) == {"the vault on the small disk"}


def test_restore_on_a_read_only_disk_says_so_and_changes_nothing(
    tmp_path: Path, small_tmpfs: Path
) -> None:
    source = _exported_vault(tmp_path, "from the backup")
    paths = resolve_paths(small_tmpfs / "data")
    svc = create_vault(paths, PASSPHRASE)
    svc.tasks.capture("on read-only media")
    svc.close()
    before = {p.name: p.read_bytes() for p in paths.data_dir.iterdir() if p.is_file()}
    remount = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_tmpfs)], capture_output=True, check=False
    )
    if remount.returncode != 0:
        pytest.skip("cannot remount read-only here")

    with pytest.raises(VaultError, match="read-only") as caught:
        security.import_backup(paths, source, PASSPHRASE)

    assert "nothing was changed" in str(caught.value) or "left as it was" in str(caught.value)
    assert {p.name: p.read_bytes() for p in paths.data_dir.iterdir() if p.is_file()} == before


# -- SIGKILL at random moments ----------------------------------------------------------
def _child() -> None:
    """Import a file as the vault when told to (imports done first, like crash_harness)."""
    from leaddesk.paths import resolve_paths as resolve
    from leaddesk.services import security as sec

    print("ready", flush=True)
    data_dir, source, passphrase = sys.stdin.readline().rstrip("\n").split("\t")
    sec.import_backup(resolve(Path(data_dir)), Path(source), passphrase)
    print("done", flush=True)


def _start_child() -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(HERE), "child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(HERE.parents[2]),
        env={**os.environ, "PYTHONPATH": str(HERE.parents[2])},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def test_import_killed_at_random_moments_always_leaves_a_working_vault(tmp_path: Path) -> None:
    source = _exported_vault(tmp_path, "new 1", "new 2")
    template = resolve_paths(tmp_path / "template")
    svc = create_vault(template, PASSPHRASE)
    svc.tasks.capture("old")
    svc.close()
    # One import to its end, to learn how long one takes here.
    trial = tmp_path / "timing"
    shutil.copytree(template.data_dir, trial)
    child = _start_child()
    started = time.monotonic()
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{trial}\t{source}\t{PASSPHRASE}\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "done"
    duration = time.monotonic() - started
    child.wait(timeout=30)

    rng = random.Random(19)
    outcomes = {"old": 0, "new": 0}
    for n in range(12):
        data_dir = tmp_path / f"trial-{n}"
        shutil.copytree(template.data_dir, data_dir)
        child = _start_child()
        assert child.stdin is not None
        child.stdin.write(f"{data_dir}\t{source}\t{PASSPHRASE}\n")
        child.stdin.flush()
        time.sleep(rng.uniform(0.0, duration * 1.1))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        paths = resolve_paths(data_dir)
        titles = _titles(paths)  # opens, passes its integrity checks
        assert titles in ({"old"}, {"new 1", "new 2"}), titles
        outcomes["old" if titles == {"old"} else "new"] += 1
        svc = unlock_vault(paths, PASSPHRASE)
        try:
            assert svc.security.integrity_ok()
        finally:
            svc.close()
    assert sum(outcomes.values()) == 12


FILE_CHANGES = "rename,renameat,renameat2,link,linkat"  # each is one step of the swap


def _traced_by(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status").read_text()
    return any(
        line.startswith("TracerPid:") and line.split()[1] != "0" for line in status.splitlines()
    )


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_import_killed_at_each_change_of_the_vault_path_leaves_a_working_vault(
    tmp_path: Path, nth: int
) -> None:
    """Deterministic: strace kills the importer as it enters its nth rename and nth link
    (before the call takes effect); the vault must open every time. (The old code moved the
    vault aside with rename 1 and copied the backup in with rename 2: killed there, no vault
    was left at the vault path.)"""
    if shutil.which("strace") is None or not Path("/proc/self/status").exists():
        pytest.skip("needs strace and /proc")
    source = _exported_vault(tmp_path, "new 1", "new 2")
    paths = resolve_paths(tmp_path / "data")
    svc = create_vault(paths, PASSPHRASE)
    svc.tasks.capture("old")
    svc.close()
    child = _start_child()
    tracer = subprocess.Popen(
        [
            *("strace", "-qq", "-f", "-o", os.devnull, "-p", str(child.pid)),
            *("-e", f"trace={FILE_CHANGES}"),
            *("-e", f"inject={FILE_CHANGES}:signal=KILL:when={nth}"),
        ],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while not _traced_by(child.pid):
            if time.monotonic() > deadline or tracer.poll() is not None:
                pytest.skip("strace could not attach here")
            time.sleep(0.05)
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(f"{paths.data_dir}\t{source}\t{PASSPHRASE}\n")
        child.stdin.flush()
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
        tracer.wait(timeout=30)
    titles = _titles(paths)  # a working vault: opens and passes its integrity checks
    if child.returncode == -signal.SIGKILL:
        assert titles in ({"old"}, {"new 1", "new 2"}), titles
    else:
        assert titles == {"new 1", "new 2"}


if __name__ == "__main__" and sys.argv[1:] == ["child"]:
    _child()
