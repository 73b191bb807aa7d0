"""Writing files outside the vault (exports) privately: mode 0600 from the first byte.

Exports are plain text about real colleagues. Whatever the umask, nobody but the owner may
read them, not even while they are being written. Every write goes to a 0600 temporary file
in the target's folder and is then renamed over the target (atomic: a crash never leaves
half a file under the real name). Qt writers that want a path (``QPdfWriter``,
``QImage.save``) use :func:`private_target`.

Neutral module (no Qt, no storage): both ``services`` and ``ui`` may use it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import time
from collections.abc import Iterator
from pathlib import Path

PRIVATE_MODE = 0o600
STALE_TEMP_SECONDS = 600


class TargetExistsError(FileExistsError):
    """``exclusive=True`` and the target already exists (it was left untouched)."""


def _remove_stale_temps(target: Path) -> None:
    """Temp files of ``target`` left by a crash mid-write (older than a few minutes; a
    younger one may belong to a write still running). They hold plaintext, or an old
    passphrase verifier, that nobody will ever use."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.partial"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _create_private_temp(target: Path) -> tuple[int, Path]:
    """An empty 0600 file beside ``target`` (same folder, so the rename is atomic)."""
    _remove_stale_temps(target)
    for _ in range(20):
        temp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.partial")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        except FileExistsError:
            continue
        fchmod = getattr(os, "fchmod", None)  # POSIX only
        if fchmod is not None:
            with contextlib.suppress(OSError):  # a strange umask could remove owner bits
                fchmod(fd, PRIVATE_MODE)
        return fd, temp
    raise FileExistsError("could not create a temporary file beside the export")


def fsync_file(path: Path) -> None:
    """Flush a written file's bytes to the disk (before it is renamed into place)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _publish(temp: Path, target: Path, *, exclusive: bool) -> None:
    """Move the finished temp file to ``target`` (refusing to replace when exclusive)."""
    if exclusive:
        try:
            os.link(temp, target)  # atomic and fails if the target exists
        except FileExistsError:
            raise TargetExistsError("the file already exists") from None
        except OSError:  # no hard links on this file system: check, then rename
            if target.exists():
                raise TargetExistsError("the file already exists") from None
            os.replace(temp, target)
        else:
            os.unlink(temp)
    else:
        os.replace(temp, target)
    fsync_dir(target.parent)


def write_private_bytes(
    path: str | os.PathLike[str], data: bytes, *, exclusive: bool = False
) -> Path:
    """Write ``data`` to ``path`` as a 0600 file, atomically. Returns the path.

    ``exclusive``: never replace an existing file (raises :class:`TargetExistsError`).
    """
    target = Path(path)
    fd, temp = _create_private_temp(target)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        _publish(temp, target, exclusive=exclusive)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def write_private_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", exclusive: bool = False
) -> Path:
    """Write ``text`` to ``path`` as a 0600 file, atomically (see :func:`write_private_bytes`)."""
    return write_private_bytes(path, text.encode(encoding), exclusive=exclusive)


@contextlib.contextmanager
def private_target(path: str | os.PathLike[str], *, exclusive: bool = False) -> Iterator[Path]:
    """For writers that take a path: yields a 0600 temp path beside ``path`` to write to.

    The temp file already exists (empty, 0600) so the writer truncates it instead of
    creating it with the umask's mode. On a clean exit it is re-checked to 0600 and
    renamed over ``path``; on an exception it is removed and ``path`` is left untouched.
    """
    target = Path(path)
    fd, temp = _create_private_temp(target)
    os.close(fd)
    try:
        yield temp
        os.chmod(temp, PRIVATE_MODE)  # in case the writer replaced the file
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
        _publish(temp, target, exclusive=exclusive)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def tighten_mode(path: str | os.PathLike[str], *, directory: bool = False) -> None:
    """Take group and other permissions away from an existing file (0600) or folder (0700).

    For files made before LeadDesk created everything private, or by a tool with umask 022.
    Silent where the mode cannot be changed (read-only media, another owner).
    """
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        return
    wanted = 0o700 if directory else PRIVATE_MODE
    if mode & 0o077 or (mode & 0o700) != wanted:
        with contextlib.suppress(OSError):
            os.chmod(path, wanted)
