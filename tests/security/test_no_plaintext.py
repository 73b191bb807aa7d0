"""No plaintext on disk: marker strings written into every kind of record through the
services appear in no file under the data, config, cache, state, runtime and temp
directories, nor in the logs, while the vault is open and after it is closed."""

from __future__ import annotations

import logging
import secrets
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from leaddesk.domain.model import (
    ActionOwner,
    BlockKind,
    BlockOutcome,
    DelegationStatus,
    FeedbackTone,
    NoteKind,
)
from leaddesk.paths import AppPaths
from leaddesk.services.unlocking import create_vault, unlock_vault
from tests.conftest import BERLIN, PASSPHRASE

KINDS = (
    "person",
    "role",
    "task",
    "requester",
    "block",
    "delegation",
    "checkin",
    "debrief",
    "note",
    "feedback",
    "action",
    "topic",
    "goal",
    "review",
    "export",
)


def _markers() -> dict[str, str]:
    token = secrets.token_hex(6)
    return {kind: f"ZQX{kind.upper()}{token}" for kind in KINDS}


def _scan(directories: list[Path], markers: dict[str, str]) -> list[str]:
    """Every (file, marker) where a marker occurs, in UTF-8 or UTF-16."""
    hits = []
    for directory in directories:
        if not directory.exists():
            continue
        for path in directory.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            for kind, marker in markers.items():
                for encoded in (marker.encode(), marker.encode("utf-16-le")):
                    if encoded in data:
                        hits.append(f"{path.name}: {kind}")
    return hits


def _write_everything(services, m: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    person = services.people.add(f"Ada {m['person']}", role=m["role"])
    task = services.tasks.capture(f"Prepare {m['task']}", requester=m["requester"])
    start = datetime(2026, 11, 19, 9, 0, tzinfo=BERLIN)
    change = services.blocks.create(
        f"Focus {m['block']}", BlockKind.FOCUS, start, start + timedelta(hours=2)
    )
    block_ids = getattr(change, "created_ids", None)
    if block_ids:
        services.blocks.set_outcome(list(block_ids), BlockOutcome.DERAILED, m["block"])
    delegation = services.delegations.create(
        None,
        person.id,
        new_task_title=f"Hand over {m['delegation']}",
        why_this_person=m["delegation"],
        expected_outcome=m["delegation"],
    )
    services.delegations.check_in(delegation.id, note=f"news {m['checkin']}")
    services.delegations.close(
        delegation.id, DelegationStatus.DONE, worked=m["debrief"], hard=m["debrief"]
    )
    note = services.notes.add_note(person.id, NoteKind.ONE_ON_ONE, f"We talked {m['note']}")
    services.notes.add_feedback(
        person.id,
        situation=m["feedback"],
        behavior=m["feedback"],
        impact=m["feedback"],
        tone=FeedbackTone.POSITIVE,
    )
    services.notes.add_action_item(person.id, ActionOwner.MINE, m["action"], note_id=note.id)
    services.notes.add_topic(person.id, m["topic"], note_id=note.id)
    services.notes.add_goal(person.id, m["goal"], next_step=m["goal"])
    assert services.notes.search(m["note"])  # the full-text index holds it too
    week = date(2026, 11, 16)
    services.reviews.start(week)
    services.reviews.save(week, lessons=m["review"], derailed_notes=m["review"])
    services.tasks.update(task.id, notes=m["task"])


def test_no_marker_reaches_disk_or_logs(
    app_paths: AppPaths,
    isolated_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    temp_dir = tmp_path / "temp"
    temp_dir.mkdir()
    for name in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    caplog.set_level(logging.DEBUG)
    markers = _markers()
    scanned = [app_paths.data_dir, app_paths.config_dir, isolated_dirs, temp_dir]

    services = create_vault(app_paths, PASSPHRASE)
    try:
        _write_everything(services, markers)
        services.security.backup_now()
        services.security.export_backup(app_paths.data_dir / f"export{markers['export']}.bin")
        # While open: the vault, its WAL and shared memory, the backups, the export.
        assert list(app_paths.data_dir.glob("*-wal")), "expected an open WAL to scan"
        assert _scan(scanned, markers) == []
    finally:
        services.close()
    unlock_vault(app_paths, PASSPHRASE).close()  # a reopen: verifier, daily backup
    assert _scan(scanned, markers) == []
    assert sorted(p.name for p in app_paths.data_dir.iterdir())  # files were there to scan
    log_text = caplog.text
    for marker in markers.values():
        assert marker not in log_text


def test_scan_finds_a_marker_when_one_is_there(tmp_path: Path) -> None:
    """The scanner itself must work, or the test above proves nothing."""
    markers = _markers()
    (tmp_path / "plain.txt").write_bytes(b"xx" + markers["note"].encode() + b"yy")
    (tmp_path / "wide.txt").write_bytes(markers["goal"].encode("utf-16-le"))
    assert sorted(_scan([tmp_path], markers)) == ["plain.txt: note", "wide.txt: goal"]
