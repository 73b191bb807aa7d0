"""Replacing the vault with a backup or an import, so that a working vault is always in place.

Two steps, both crash-safe:

1. :func:`rebuild_copy` writes the replacement as a *fresh* vault in a temporary file in the
   vault's own folder: the schema is created by LeadDesk's own migrations (at the source's
   schema revision), and only the rows of the tables LeadDesk knows are copied across. A
   crafted file's own triggers, views, indexes or extra tables never come along, and a file
   whose "tables" are views (a view shadowing a table) is refused. The copy is then made a
   single file (rollback journal), fsynced, and verified (it opens with the passphrase, and
   ``integrity_check`` and ``cipher_integrity_check`` are clean).
2. :func:`swap_in` keeps the current vault by *hard link* in ``set-aside/`` (no space needed;
   a file system without hard links gets a copy, fsynced, before anything else happens),
   and only then renames the replacement over the vault path (one atomic ``rename``).

A kill at any moment therefore leaves a working vault at the vault path: the old one before
the rename, the new one after it. Running out of space while writing the replacement
removes the temporary file and leaves the vault exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.errors import DiskFullError, ValidationError, VaultError
from ..private_files import fsync_dir, fsync_file
from .backups import SET_ASIDE_DIR, VAULT_COMPANIONS, free_name, stamp, verify_copy
from .driver_errors import translate_errors
from .opening import driver, open_raw_connection, set_key
from .vault import Vault

log = logging.getLogger(__name__)

INCOMING_SUFFIX = ".incoming"
NOT_OURS = "That file is not a LeadDesk vault or backup; nothing was changed."
_BATCH = 500


def incoming_path(vault_path: Path) -> Path:
    """The temporary file a replacement is built in (same folder: the rename stays atomic)."""
    return vault_path.with_name(f".{vault_path.name}{INCOMING_SUFFIX}-{os.getpid()}")


def remove_leftovers(vault_path: Path) -> None:
    """Delete temporary replacements an earlier, killed restore left behind."""
    prefix = f".{vault_path.name}{INCOMING_SUFFIX}-"
    with contextlib.suppress(OSError):
        for entry in vault_path.parent.iterdir():
            if entry.name.startswith(prefix):
                with contextlib.suppress(OSError):
                    entry.unlink()


def _unlink_all(path: Path) -> None:
    for companion in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + companion).unlink()


def _source_revision(src: Any) -> str:
    kinds = dict(src.execute("SELECT name, type FROM sqlite_master").fetchall())
    if kinds.get("alembic_version") != "table":
        raise ValidationError(NOT_OURS)
    row = src.execute("SELECT version_num FROM alembic_version").fetchone()
    if not row or not isinstance(row[0], str):
        raise ValidationError(NOT_OURS)
    return row[0]


def _known_tables(conn: Any) -> list[str]:
    """The plain tables a fresh LeadDesk schema has (not FTS, shadow or internal tables)."""
    rows = conn.execute("PRAGMA main.table_list").fetchall()
    return sorted(
        str(name)
        for _schema, name, kind, *_ in rows
        if _schema == "main"
        and kind == "table"
        and not str(name).startswith("sqlite_")
        and name != "alembic_version"
    )


def _columns(conn: Any, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]


def rebuild_copy(source: Path, passphrase: str, target: Path) -> None:
    """Write ``source``'s data into a fresh vault at ``target`` (same passphrase), verified.

    Raises :class:`ValidationError` for a file LeadDesk did not make (or a newer LeadDesk
    made), :class:`DiskFullError` when there is no room, and the errors of
    :func:`verify_copy` for a wrong passphrase or a damaged source. ``target`` is removed on
    every failure.
    """
    verify_copy(source, passphrase)
    _unlink_all(target)
    try:
        # Created here first, so a read-only or forbidden folder or a full disk is told by
        # its errno (see services.security) rather than by SQLite's "unable to open".
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        _rebuild(source, passphrase, target)
        fsync_file(target)
        fsync_dir(target.parent)
        verify_copy(target, passphrase)
    except BaseException as exc:
        _unlink_all(target)
        raise _explained(exc) from None


LEFT_AS_IT_WAS = "your vault was left as it was."


def _explained(exc: BaseException) -> BaseException:
    """A true, plain message for a failure while writing the replacement."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        exc = DiskFullError("")
    if isinstance(exc, DiskFullError):
        return DiskFullError(
            f"There is not enough free disk space for the restored vault; {LEFT_AS_IT_WAS}"
        )
    if isinstance(exc, ValidationError | OSError) or not isinstance(exc, Exception):
        return exc
    if isinstance(exc, VaultError) and "read-only" in str(exc):
        return VaultError(f"The vault's folder is read-only; {LEFT_AS_IT_WAS}")
    if isinstance(exc, VaultError):
        return VaultError(
            f"The restored copy could not be written (the disk reported an error); {LEFT_AS_IT_WAS}"
        )
    return exc


def _rebuild(source: Path, passphrase: str, target: Path) -> None:
    sqlcipher = driver()
    src = sqlcipher.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        src.execute("PRAGMA cipher_log_level = NONE")
        set_key(src, passphrase)
        src.execute("PRAGMA cipher_compatibility = 4")
        src.execute("PRAGMA trusted_schema = OFF")  # a crafted schema's functions never run
        src.execute("PRAGMA query_only = ON")
        revision = _source_revision(src)
        raw = open_raw_connection(target, passphrase, creating=True)
        with contextlib.suppress(OSError):
            os.chmod(target, 0o600)
        vault = Vault(target, raw)
        try:
            _make_schema(vault, revision)
            with translate_errors():
                _copy_rows(src, raw)
                for pragma in ("user_version", "application_id"):
                    value = src.execute(f"PRAGMA {pragma}").fetchone()[0]
                    if isinstance(value, int) and value:
                        raw.execute(f"PRAGMA {pragma} = {int(value)}")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                raw.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            vault.close()
    except sqlcipher.DatabaseError as exc:
        message = str(exc).lower()
        if "full" in message:
            raise DiskFullError("The disk is full.") from None
        if "readonly" in message or "read-only" in message:
            raise VaultError("read-only") from None
        raise VaultError("The restored copy could not be written.") from None
    finally:
        src.close()


def _make_schema(vault: Vault, revision: str) -> None:
    from .migrate import upgrade_to

    try:
        upgrade_to(vault.engine, revision)
    except VaultError:
        raise
    except Exception as exc:
        if "full" in str(exc).lower():
            raise DiskFullError("The disk is full.") from None
        # Alembic does not know the revision: a newer LeadDesk (or not LeadDesk) made it.
        raise ValidationError(
            "That file was made by a newer version of LeadDesk, or is not a LeadDesk vault; "
            "nothing was changed."
        ) from None


def _copy_rows(src: Any, raw: Any) -> None:
    kinds = dict(src.execute("SELECT name, type FROM sqlite_master").fetchall())
    raw.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table
    raw.execute("BEGIN IMMEDIATE")
    try:
        for table in _known_tables(raw):
            if kinds.get(table) != "table":  # missing, or a view standing in for the table
                raise ValidationError(NOT_OURS)
            columns = _columns(raw, table)
            if sorted(_columns(src, table)) != sorted(columns):
                raise ValidationError(NOT_OURS)
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            cursor = src.execute(f'SELECT {names} FROM main."{table}"')
            insert = f'INSERT INTO main."{table}" ({names}) VALUES ({marks})'
            raw.execute(f'DELETE FROM main."{table}"')  # rows a migration seeded
            while rows := cursor.fetchmany(_BATCH):
                raw.executemany(insert, rows)
        raw.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):
            raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def swap_in(replacement: Path, vault_path: Path, reason: str) -> Path | None:
    """Keep the current vault in ``set-aside/`` and rename ``replacement`` over it.

    The current vault (with its ``-wal``/``-shm``) is hard-linked aside first, so it is kept
    before anything at the vault path changes; its ``-wal``/``-shm`` are then removed from
    the vault path (their links stay aside: a stale ``-wal`` must never meet the new file),
    and the replacement is renamed in. Returns where the old vault was kept (None if there
    was none).
    """
    present = [c for c in VAULT_COMPANIONS if Path(str(vault_path) + c).exists()]
    aside: Path | None = None
    if present:
        aside_dir = vault_path.parent / SET_ASIDE_DIR
        aside_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(aside_dir, 0o700)
        stem = f"{vault_path.stem}-{stamp(datetime.now(UTC))}-{reason}"
        aside = free_name(aside_dir, stem, vault_path.suffix)
        try:
            for companion in present:
                _keep(Path(str(vault_path) + companion), Path(str(aside) + companion))
        except BaseException:
            for companion in present:
                with contextlib.suppress(OSError):
                    Path(str(aside) + companion).unlink()
            raise
        fsync_dir(aside_dir)
        for companion in VAULT_COMPANIONS[1:]:
            with contextlib.suppress(FileNotFoundError):
                Path(str(vault_path) + companion).unlink()
        if "" not in present:
            aside = None  # only stray companions were kept; there was no vault
    os.replace(replacement, vault_path)
    fsync_dir(vault_path.parent)
    log.info("vault replaced (%s)", reason)
    return aside


def _keep(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target``; a copy (fsynced) where links are not possible."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _no_room_to_keep() from None
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(source, partial)
        with contextlib.suppress(OSError):
            os.chmod(partial, 0o600)
        fsync_file(partial)
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _no_room_to_keep() from None
        raise


def _no_room_to_keep() -> DiskFullError:
    return DiskFullError(
        "There is not enough free disk space to keep a copy of your current vault; "
        "your vault was left as it was."
    )
