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
builtin would have taken them. The cache file records the interpreter it was written by
(``sys.implementation.cache_tag``, ``sys.hexversion``, ``-O`` level); another interpreter's
file is ignored. It is written back (0600, atomically, under a 0700 folder) only when
something had to be compiled: the first launch after an install or an upgrade. Any failure
reading or writing it means compiling, as PySide6 does anyway.

The file holds PySide6's code and source only, nothing of the user's. Like ``__pycache__``
it is trusted as the user's other files are: whoever can write the user's cache folder can
already change what the user runs.
"""

from __future__ import annotations
import __future__

import builtins
import contextlib
import logging
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

log = logging.getLogger(__name__)

CACHE_FILENAME = "pyside-support-code.marshal"
FORMAT = 1
# PySide6's embedded file names (signature_bootstrap.py's EmbeddableZipImporter).
SUPPORT_PREFIX = "shibokensupport/"
BOOTSTRAP_NAME = "signature_bootstrap.py"

_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def interpreter_header() -> tuple[int, str, int, int]:
    """What a cache file must have been written by: this format, this interpreter, this
    optimisation level (``-O`` changes the code compiled)."""
    return (FORMAT, sys.implementation.cache_tag, sys.hexversion, sys.flags.optimize)


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
        self.hits = 0
        self.compiled = 0
        self._builtin = builtins.compile

    def load(self) -> None:
        """Read the file; anything unreadable, foreign or malformed counts as no cache."""
        try:
            with open(self.path, "rb") as stream:
                data = marshal.load(stream)
        except Exception:  # marshal's EOFError, ValueError, TypeError; OSError
            return
        if (
            type(data) is tuple
            and len(data) == 2
            and data[0] == interpreter_header()
            and type(data[1]) is dict
        ):
            self.entries = data[1]

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
            return cached[1]
        code = self._builtin(source, filename, mode, flags, True)
        self.entries[key] = (source, code)
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
        """Write the entries back when something was compiled; False if it could not be."""
        if not self.compiled:
            return True
        try:
            from .private_files import write_private_bytes

            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_private_bytes(self.path, marshal.dumps((interpreter_header(), self.entries)))
        except (OSError, ValueError) as exc:  # a read-only or full disk: compile next time
            log.debug("PySide6 code cache not written (%s)", type(exc).__name__)
            return False
        return True


def import_pyside(cache_dir: Path | None) -> SupportCodeCache | None:
    """Import PySide6 (``PySide6.QtCore``) with its embedded modules' code cached in
    ``cache_dir``. Does nothing more than the import when PySide6 is already imported or
    ``cache_dir`` is None. Returns the cache used, for tests and the benchmark."""
    if "shiboken6" in sys.modules or cache_dir is None:
        import PySide6.QtCore

        return None
    cache = SupportCodeCache(cache_dir / CACHE_FILENAME)
    cache.load()
    with cache.installed():
        import PySide6.QtCore  # noqa: F401
    cache.save()
    return cache
