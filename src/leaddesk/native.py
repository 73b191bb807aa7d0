"""Call a C function of a library already loaded into the process, without ``import ctypes``.

Start-up makes two such calls before the unlock dialog: ``prctl`` (``hardening.py``) and Qt's
``QStyleHints::colorScheme`` (``ui/theme.py``). ``import ctypes`` runs ``ctypes/__init__.py``
(its ~20 C types, the ``pythonapi`` handle, the function-pointer factories): 8.6 M
instructions, about 1.5 % of the launch figure (issue 18), for two calls. Both need only
``_ctypes``, the extension module ``ctypes`` itself is written over: a library handle, a
symbol's address and a function pointer with its argument and result types, declared here
exactly as ``ctypes`` declares them. Errors are ``ctypes``' own: ``OSError`` for a library
that is not there or a symbol it lacks.
"""

from __future__ import annotations

import _ctypes
from collections.abc import Sequence
from typing import Any


class c_int(_ctypes._SimpleCData):
    _type_ = "i"


class c_ulong(_ctypes._SimpleCData):
    _type_ = "L"


class c_void_p(_ctypes._SimpleCData):
    _type_ = "P"


class c_char_p(_ctypes._SimpleCData):
    _type_ = "z"


def function(
    library: str | None,
    name: str,
    restype: type,
    argtypes: Sequence[type],
    *,
    mode: int = 0,
    use_errno: bool = False,
) -> Any:
    """``name`` in ``library`` (None: the program and what it has loaded) as a callable, as
    ``ctypes.CDLL(library, mode=mode, use_errno=use_errno).name`` with ``restype`` and
    ``argtypes`` set. ``mode`` is passed to ``dlopen`` (``RTLD_NOW`` added, as ctypes does)."""
    address = _ctypes.dlsym(_ctypes.dlopen(library, mode), name)
    flags = _ctypes.FUNCFLAG_CDECL | (_ctypes.FUNCFLAG_USE_ERRNO if use_errno else 0)

    class Function(_ctypes.CFuncPtr):
        _flags_ = flags
        _restype_ = restype

    pointer = Function(address)
    pointer.argtypes = tuple(argtypes)
    return pointer
