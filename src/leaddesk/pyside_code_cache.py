"""Keep PySide6's embedded start-up code compiled between launches (issue 18, launch).

PySide6 carries the Python half of its signature support (``signature_bootstrap`` and the 14
``shibokensupport`` modules, ~130 KB) as *source* inside libshiboken, and compiles all of it
at every ``import PySide6``: ``EmbeddableZipImporter.exec_module`` calls ``compile`` on each
file. That is ~88 M instructions (valgrind, 2026-12-07), a seventh of LeadDesk's path to the
unlock dialog, paid again at every launch by every PySide6 program.

Python keeps the bytecode of every other module in ``__pycache__``; this keeps these the same
way, in LeadDesk's own cache folder (``paths.user_cache_dir``). PySide6's installation is not
touched: its ``SBK_EMBED=0`` debugging switch would unpack the sources into site-packages,
where an upgrade of PySide6 could leave stale copies behind for every program.

How: while :func:`import_pyside` imports PySide6, ``builtins.compile`` is wrapped. A call that
compiles one of those files (by name, ``exec`` mode, from bytes) returns the code object
cached last time if the source is byte for byte the source compiled then, under the same
future flags; every other call is passed on unchanged, with the caller's future flags as the
builtin would have taken them. Like ``__pycache__``, the file is named by the interpreter and
``-O`` level (``pyside-support-code.cpython-311.marshal``, ``....opt-1.marshal``) and records
them inside; another interpreter's file is ignored. It is written back (0600, atomically,
without an fsync: a torn file only means compiling once more) only when something had to be
compiled, the first launch after an install or an upgrade, with just the entries this import
used, so a file PySide6 no longer has does not linger.

The file holds PySide6's code and source only, nothing of the user's. It is code that runs in
the vault's process, so it is read only from a regular file owned by the user that nobody
else may write, in a folder nobody else may write (``_trusted``): a cache folder on a shared
disk, made by someone else or loosened by a tool is not read (and the folder is made 0700
again when LeadDesk writes the file). Any failure reading or writing means compiling, as
PySide6 does anyway.
"""

from __future__ import annotations
import __future__

import builtins
import contextlib
import logging
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path
from types import CodeType
from typing import Any

log = logging.getLogger(__name__)

CACHE_STEM = "pyside-support-code"
FORMAT = 1
# PySide6's embedded file names (signature_bootstrap.py's EmbeddableZipImporter).
SUPPORT_PREFIX = "shibokensupport/"
BOOTSTRAP_NAME = "signature_bootstrap.py"

# The flags ``compile`` takes from the calling code (CPython's PyCF_MASK): every feature's but
# nested_scopes, whose flag (CO_NESTED) also marks nested functions and is ignored there.
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    if _name != "nested_scopes":
        _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def interpreter_header() -> tuple[int, str, int, int]:
    """What a cache file must have been written by: this format, this interpreter, this
    optimisation level (``-O`` changes the code compiled)."""
    return (FORMAT, sys.implementation.cache_tag, sys.hexversion, sys.flags.optimize)


def cache_filename() -> str:
    """This interpreter's file, named as ``__pycache__`` names bytecode: two interpreters or
    ``-O`` levels taking turns never overwrite each other's."""
    opt = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""
    return f"{CACHE_STEM}.{sys.implementation.cache_tag}{opt}.marshal"


def is_support_file(filename: object) -> bool:
    return isinstance(filename, str) and (
        filename.startswith(SUPPORT_PREFIX) or filename == BOOTSTRAP_NAME
    )


class SupportCodeCache:
    """The cached code objects of PySide6's embedded modules, and the ``compile`` wrapper
    that uses them (``hits``: served from the cache; ``compiled``: compiled this time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, tuple[bytes, CodeType]] = {}
        self.used: dict[str, tuple[bytes, CodeType]] = {}  # what this import hit or compiled
        self.hits = 0
        self.compiled = 0
        self._builtin = builtins.compile

    def load(self) -> None:
        """Read the file; anything untrusted, unreadable, foreign or malformed counts as no
        cache."""
        try:
            data = _read_trusted(self.path)
            if data is None:
                return
            loaded = marshal.loads(data)
        except Exception:  # OSError; marshal's EOFError, ValueError, TypeError
            return
        if (
            type(loaded) is tuple
            and len(loaded) == 2
            and loaded[0] == interpreter_header()
            and type(loaded[1]) is dict
        ):
            self.entries = loaded[1]

    def compile(
        self,
        source: Any,
        filename: Any,
        mode: str,
        flags: int = 0,
        dont_inherit: bool = False,
        optimize: int = -1,
        **extra: Any,
    ) -> Any:
        """``builtins.compile`` with PySide6's embedded files served from the cache."""
        if not dont_inherit:  # the builtin takes the future flags of the code calling it
            with contextlib.suppress(ValueError):  # no Python caller: nothing to inherit
                flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        if (
            extra
            or optimize != -1
            or mode != "exec"
            or flags & ~_FUTURE_FLAGS
            or type(source) is not bytes
            or not is_support_file(filename)
        ):
            return self._builtin(source, filename, mode, flags, True, optimize, **extra)
        key = f"{filename}\0{flags}"
        cached = self.entries.get(key)
        if (
            type(cached) is tuple
            and len(cached) == 2
            and cached[0] == source
            and type(cached[1]) is CodeType
        ):
            self.hits += 1
            self.used[key] = cached
            return cached[1]
        code = self._builtin(source, filename, mode, flags, True)
        self.entries[key] = self.used[key] = (source, code)
        self.compiled += 1
        return code

    @contextlib.contextmanager
    def installed(self) -> Any:
        """The wrapper in place of ``builtins.compile`` for the ``with`` block only."""
        builtins.compile = self.compile
        try:
            yield self
        finally:
            builtins.compile = self._builtin

    def save(self) -> bool:
        """Write what this import used back when something was compiled; False if it could
        not be written (a read-only or full disk: compiled again next time)."""
        if not self.compiled:
            return True
        folder = self.path.parent
        temp: str | None = None
        try:
            from .private_files import tighten_mode

            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            tighten_mode(folder, directory=True)  # 0700, as _read_trusted wants it
            data = marshal.dumps((interpreter_header(), self.used))
            fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=folder)
            with open(fd, "wb") as stream:  # mkstemp: 0600 from the first byte
                stream.write(data)
            os.replace(temp, self.path)
            temp = None
        except (OSError, ValueError) as exc:
            log.debug("PySide6 code cache not written (%s)", type(exc).__name__)
            return False
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        return True


def _owner_only(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (POSIX; elsewhere, no such check)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return True
    return st.st_uid == geteuid() and not st.st_mode & 0o022


def _read_trusted(path: Path) -> bytes | None:
    """The file's bytes if it is a regular file of this user's, in a folder of this user's,
    neither writable by anyone else; else None. Opened without blocking (a FIFO put there
    must not hang the launch) and checked on the open file, not the name. Read whole, for
    ``marshal.loads``: ``marshal.load`` on a file calls its ``readinto`` once per object,
    ~30 M instructions for this file."""
    if not _owner_only(os.stat(path.parent)):
        return None
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as stream:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _owner_only(st):
            return None
        return stream.read()


def import_pyside(cache_dir: Path | None) -> SupportCodeCache | None:
    """Import PySide6 (``PySide6.QtCore``) with its embedded modules' code cached in
    ``cache_dir``. Does nothing more than the import when PySide6 is already imported or
    ``cache_dir`` is None. Returns the cache used, for tests and the benchmark."""
    if "shiboken6" in sys.modules or cache_dir is None:
        import PySide6.QtCore

        return None
    cache = SupportCodeCache(cache_dir / cache_filename())
    cache.load()
    with cache.installed():
        import PySide6.QtCore  # noqa: F401
    cache.save()
    return cache
