"""services/arguments.py: checked at the door, but a valid call goes through unchanged."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from leaddesk.domain.errors import LeadDeskError, ValidationError
from leaddesk.domain.model import BlockKind, Quadrant
from tests.conftest import BERLIN


def test_named_parameters_are_not_checked_as_model_fields(services) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 11, 17, 9, tzinfo=BERLIN)
    block_id = services.blocks.create(
        "Deep work", BlockKind.FOCUS, start, start + timedelta(hours=1)
    ).created_ids[0]
    # outcome=None is the editor's "leave the outcome alone", not a TimeBlock.outcome value
    services.blocks.edit(block_id, "this", outcome=None, outcome_reason="", title="Deep work: RFC")
    assert services.blocks.get(block_id).title == "Deep work: RFC"
    with pytest.raises(ValidationError, match="time zone"):
        services.blocks.edit(block_id, "this", start=datetime(2026, 11, 17, 9))


def test_enum_values_and_generators_still_work(services) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.capture("Plain", quadrant="do")
    assert services.tasks.get(task.id).quadrant is Quadrant.DO
    services.tasks.complete(t for t in [task.id])  # a generator is read once, fully
    assert services.tasks.open_tasks() == []
    with pytest.raises(ValidationError, match="far too large"):
        services.tasks.get(2**70)
    with pytest.raises(ValidationError, match="not text"):
        services.tasks.capture("bad \ud800 title")


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("x" * 5000, "too long"),
        ("/proc/no-such-folder/export.leaddesk-backup", "does not exist"),
        ("\ud800.leaddesk-backup", "not valid text"),
        (None, "required"),
        (42, "must be a file path"),
    ],
)
def test_export_and_manual_backup_refuse_bad_paths_plainly(services, target, reason) -> None:  # type: ignore[no-untyped-def]
    for call in (services.security.export_backup, services.security.backup_now):
        if target is None and call == services.security.backup_now:
            continue  # None means "the usual backups folder"
        with pytest.raises(LeadDeskError, match=reason):
            call(target)
