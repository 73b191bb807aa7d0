"""A form's draft goes with its record (services/drafts.py, storage/repositories/drafts.py).

Deleting a task (and with it its delegations), purging let-go tasks or deleting a block drops
their drafts in the delete's own transaction; undoing the delete brings the record and its
draft back (the row tracker records ``vault_settings`` like every user table), redoing it
drops both again. A draft is never kept for a record that no longer exists, and drafts left
behind by older versions are swept once per session. Real vault, no Qt.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert

from leaddesk.domain.errors import NotFoundError
from leaddesk.domain.model import BlockKind, Quadrant
from leaddesk.services.unlocking import unlock_vault
from leaddesk.storage import tables
from tests.conftest import BERLIN, PASSPHRASE


def _recorded(services, action):  # type: ignore[no-untyped-def]
    """Run ``action`` as one user action (as AppContext.run does); its recorded rows."""
    with services.hub.operation() as op:
        action()
    return op.rows


def _task_with_delegation(services, title: str):  # type: ignore[no-untyped-def]
    person = services.people.add(f"Person for {title}")
    task = services.tasks.capture(title, quadrant=Quadrant.DELEGATE)
    delegation = services.delegations.create(task.id, person.id)
    return task.id, delegation.id


def test_deleting_a_task_drops_its_drafts_and_undo_brings_them_back(services) -> None:
    drafts = services.drafts
    task, delegation = _task_with_delegation(services, "Migrate the CI")
    kept_task = services.tasks.capture("Keep me").id
    drafts.keep("task", {"notes": "half a thought"}, task)
    drafts.keep("delegation-for-task", {"why": "growth"}, task)
    drafts.keep("delegation", {"outcome": "green builds"}, delegation)
    drafts.keep("check-in", {"note": "stuck on caches"}, delegation)
    drafts.keep("debrief", {"went_well": "pairing"}, delegation)
    drafts.keep("task", {"notes": "still mine"}, kept_task)
    drafts.keep("task", {"title": "a new task being typed"})  # a create form: no record
    before = drafts.kept_forms()

    rows = _recorded(services, lambda: services.tasks.remove([task]))

    assert sorted(drafts.kept_forms()) == sorted(["task/new", f"task/{kept_task}"])
    assert drafts.find("task", kept_task) == {"notes": "still mine"}
    with pytest.raises(NotFoundError):
        services.delegations.get(delegation)  # deleted with its task (cascade)

    services.hub.undo(rows)  # the record comes back, and what was typed for it
    assert services.tasks.get(task).title == "Migrate the CI"
    assert services.delegations.get(delegation).task_id == task
    assert drafts.kept_forms() == before
    assert drafts.find("check-in", delegation) == {"note": "stuck on caches"}

    services.hub.redo(rows)
    assert sorted(drafts.kept_forms()) == sorted(["task/new", f"task/{kept_task}"])


def test_purging_let_go_tasks_drops_their_drafts(services) -> None:
    gone = services.tasks.capture("Old idea").id
    services.tasks.let_go([gone])
    services.drafts.keep("task", {"notes": "why it was dropped"}, gone)
    rows = _recorded(services, services.tasks.purge_let_go)
    assert services.drafts.kept_forms() == []
    services.hub.undo(rows)
    assert services.drafts.find("task", gone) == {"notes": "why it was dropped"}


def test_deleting_a_block_drops_its_draft_and_undo_brings_it_back(services) -> None:
    start = datetime(2026, 11, 19, 9, 0, tzinfo=BERLIN)
    end = datetime(2026, 11, 19, 10, 0, tzinfo=BERLIN)
    block = services.blocks.create("Deep work", BlockKind.FOCUS, start, end).created_ids[0]
    other = services.blocks.create("Review", BlockKind.REVIEW, end, end.replace(hour=11))
    other_id = other.created_ids[0]
    services.drafts.keep("block", {"title": "Deep work on the parser"}, block)
    services.drafts.keep("block", {"title": "Review the RFC"}, other_id)
    services.drafts.keep("derail", {"text": "a prod incident"}, block)  # its outcome prompt

    rows = _recorded(services, lambda: services.blocks.delete(block))
    assert services.drafts.kept_forms() == [f"block/{other_id}"]
    services.hub.undo(rows)
    assert services.drafts.find("block", block) == {"title": "Deep work on the parser"}
    assert services.blocks.get(block).title == "Deep work"


def test_no_draft_is_kept_for_a_deleted_record(services) -> None:
    """A form left open on a task deleted meanwhile: its draft is refused, so undoing the
    delete can put the task and its draft back (an orphan under the same key would make
    that undo fail)."""
    task = services.tasks.capture("Write the memo").id
    services.drafts.keep("task", {"notes": "first lines"}, task)
    rows = _recorded(services, lambda: services.tasks.remove([task]))
    with pytest.raises(NotFoundError):
        services.drafts.keep("task", {"notes": "typed after the delete"}, task)
    assert services.drafts.kept_forms() == []
    services.hub.undo(rows)
    assert services.drafts.find("task", task) == {"notes": "first lines"}
    services.drafts.keep("task", {"notes": "typed after the undo"}, task)  # kept again
    assert services.drafts.find("task", task) == {"notes": "typed after the undo"}


def test_drafts_left_by_older_versions_are_swept_once(services, app_paths, clock) -> None:
    task = services.tasks.capture("Still here").id
    services.drafts.keep("task", {"notes": "mine"}, task)
    services.drafts.keep("delegation", {"outcome": "new one"})
    with services.vault.transaction() as s:  # what an older version left behind
        for key in ("draft/task/9001", "draft/delegation/77", "draft/check-in/77"):
            s.execute(insert(tables.vault_settings).values(key=key, value={"fields": {"x": 1}}))
        s.execute(
            insert(tables.vault_settings).values(
                key="draft/some-future-form/5", value={"fields": {"x": 1}}
            )
        )
    services.close()
    reopened = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        drafts = reopened.drafts
        assert len(drafts.kept_forms()) == 6  # nothing is swept before a form asks
        assert drafts.find("task", task) == {"notes": "mine"}  # the first form opening
        assert sorted(drafts.kept_forms()) == sorted(
            ["delegation/new", "some-future-form/5", f"task/{task}"]
        )
        assert drafts.sweep() == 0
    finally:
        reopened.close()
