"""Drafts of open forms: what was typed before Save, kept so a crash does not lose it.

A form with a Save button (the task editor, the block editor, the delegation dialogs) keeps
its fields here while it is open and changed (``ui/form_draft.py`` writes them at least
every two seconds of typing); Save or Cancel forgets the draft, and the next time the same
form opens for the same record it comes back filled.

A draft is private text: it lives only in the vault (encrypted, in its key/value settings),
never in a log, QSettings or a temp file. Writing one is not a user action: it is no undo
step and announces no change (no view reloads for it), and it is kept out of the commit
that records a user action because the form writes it from its own timer.

A draft of a record goes when the record goes: the delete paths (tasks, blocks, and the
delegations deleted with their task) drop it in the delete's own transaction, so undoing the
delete brings the draft back with the record (the row tracker records ``vault_settings``).
A draft is never kept for a record that no longer exists (a form left open on a deleted
task): such a draft could never be opened, and an undo of the delete would then find its key
taken and fail. Drafts left behind by older versions are swept the first time a form asks
for its draft in a session.

A draft also says why it was last kept: while the form was being typed in (the app may then
have crashed or been killed) or by a lock (``at_lock``), so the form that brings it back can
say which ("... before LeadDesk locked" or "... before LeadDesk closed").
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from typing import Any

from ..domain.errors import LeadDeskError, NotFoundError, ValidationError
from ..storage.repositories.drafts import DRAFT_PREFIX, DraftRepository
from .arguments import checked_arguments
from .base import Service

log = logging.getLogger(__name__)

FORM_NAME = re.compile(r"[a-z][a-z-]{0,31}")
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_FIELDS = 64
MAX_DRAFT_CHARS = 5_000_000  # the task notes' own limit; a draft never holds more
Scalar = str | int | float | bool | None


def draft_key(form: str, record_id: int | None) -> str:
    """``draft/<form>/<record id or "new">`` (at most 64 characters: the settings key)."""
    if not FORM_NAME.fullmatch(form):
        raise ValidationError("The form name is not valid.")
    if record_id is not None and record_id <= 0:
        raise ValidationError("The record id must be a positive number.")
    return f"{DRAFT_PREFIX}{form}/{'new' if record_id is None else record_id}"


def _check_scalar(value: Any) -> int:
    """The characters ``value`` adds to the draft; refuses what a draft cannot hold."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ValidationError("A draft field is far too large.")
        return 20
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError("A draft field must be a finite number.")
        return 24
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("A draft field contains characters that are not text.") from None
        return len(value)
    raise ValidationError("A draft field must be text, a number, yes/no or empty.")


def check_fields(fields: dict[str, Any]) -> dict[str, Scalar | list[Scalar]]:
    """The fields as kept: names are short identifiers, values are text, numbers, yes/no,
    empty, or lists of those; the whole draft stays under :data:`MAX_DRAFT_CHARS`."""
    if not fields:
        raise ValidationError("A draft needs at least one field.")
    if len(fields) > MAX_FIELDS:
        raise ValidationError("A draft has far too many fields.")
    size = 0
    kept: dict[str, Scalar | list[Scalar]] = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not FIELD_NAME.fullmatch(name):
            raise ValidationError("A draft field name is not valid.")
        if isinstance(value, list | tuple):
            if len(value) > MAX_FIELDS:
                raise ValidationError("A draft field has far too many items.")
            size += sum(_check_scalar(item) for item in value)
            kept[name] = list(value)
        else:
            size += _check_scalar(value)
            kept[name] = value
    if size > MAX_DRAFT_CHARS:
        raise ValidationError("The draft is too long to keep.")
    return kept


@dataclass(frozen=True)
class KeptDraft:
    """A kept draft: its fields, and whether a lock kept it last (else: the form was being
    typed in, so the app closed without a lock: a crash, a kill, a power cut)."""

    fields: dict[str, Any]
    at_lock: bool = False


@checked_arguments
class DraftService(Service):
    """Keeps, gives back and forgets the drafts of open forms (one per form and record)."""

    _swept = False  # drafts of records deleted before this session: swept once, see find()

    def keep(
        self,
        form: str,
        fields: dict[str, Any],
        record_id: int | None = None,
        *,
        at_lock: bool = False,
    ) -> None:
        """Keep ``fields`` as the draft of ``form`` for ``record_id`` (None: a new record),
        replacing the previous draft. ``at_lock``: kept because the vault is locking (see
        :class:`KeptDraft`). Quiet: no undo step, no change notice."""
        key = draft_key(form, record_id)
        value: dict[str, Any] = {"fields": check_fields(fields)}
        if at_lock:
            value["at_lock"] = True
        with self.hub.vault.transaction() as s:  # not hub.write: nothing to announce
            repo = DraftRepository(s)
            if record_id is not None and repo.record_missing(form, record_id):
                raise NotFoundError("That record no longer exists; its draft was not kept.")
            repo.put(key, value)

    def find(self, form: str, record_id: int | None = None) -> dict[str, Any] | None:
        """The kept draft's fields, or None (a read: the draft stays until :meth:`drop`)."""
        return self.find_each([form], record_id).get(form)

    def find_kept(self, form: str, record_id: int | None = None) -> KeptDraft | None:
        """The kept draft with why it was kept, or None (a read, as :meth:`find`)."""
        return self.find_each_kept([form], record_id).get(form)

    def find_each(self, forms: list[str], record_id: int | None = None) -> dict[str, Any]:
        """The kept drafts' fields of several forms of one record, by form, in one read (a
        page with several forms opens without a read per form); forms without one are left
        out."""
        return {form: kept.fields for form, kept in self.find_each_kept(forms, record_id).items()}

    def find_each_kept(
        self, forms: list[str], record_id: int | None = None
    ) -> dict[str, KeptDraft]:
        """:meth:`find_each` with why each draft was kept."""
        keys = {draft_key(form, record_id): form for form in forms}
        if not self._swept:
            try:
                self.sweep()
            except LeadDeskError as exc:  # a read-only vault: the drafts simply stay
                log.info("drafts not swept: %s", type(exc).__name__)
        with self.hub.read() as s:
            stored = DraftRepository(s).values(list(keys))
        found: dict[str, KeptDraft] = {}
        for key, value in stored.items():
            if isinstance(value, dict) and isinstance(value.get("fields"), dict):
                found[keys[key]] = KeptDraft(dict(value["fields"]), value.get("at_lock") is True)
        return found

    def mark_kept_at_lock(self, form: str, record_ids: list[int]) -> int:
        """The vault is locking: the drafts of ``form`` for ``record_ids`` that are kept
        (written earlier in the session, e.g. when another person was opened) now say a
        lock kept them; how many. Quiet, as :meth:`keep`."""
        keys = [draft_key(form, record_id) for record_id in record_ids]
        if not keys:
            return 0
        marked = 0
        with self.hub.vault.transaction() as s:
            repo = DraftRepository(s)
            for key, value in repo.values(keys).items():
                if isinstance(value, dict) and value.get("at_lock") is not True:
                    repo.put(key, {**value, "at_lock": True})
                    marked += 1
        return marked

    def drop(self, form: str, record_id: int | None = None) -> bool:
        """Forget the draft (saved or cancelled); True when there was one. Quiet."""
        key = draft_key(form, record_id)
        with self.hub.vault.transaction() as s:
            return DraftRepository(s).remove(key)

    def sweep(self) -> int:
        """Forget the drafts whose record no longer exists (left by versions that kept them
        past a delete, or by an undo of a record's creation); how many went. Quiet and no
        undo step; once per session is enough (``find`` runs it the first time)."""
        self._swept = True
        with self.hub.read() as s:
            if not DraftRepository(s).orphan_keys():
                return 0  # the usual case: a read, no write
        with self.hub.vault.transaction(tracked=False) as s:
            return len(DraftRepository(s).drop_orphans())

    def kept_forms(self) -> list[str]:
        """The keys of every kept draft (``<form>/<record id or "new">``), for tests and a
        future "drafts" list; no field values."""
        with self.hub.read() as s:
            return [key[len(DRAFT_PREFIX) :] for key in DraftRepository(s).draft_keys()]
