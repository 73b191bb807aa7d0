"""leaddesk/native.py calls a C function through ``_ctypes`` as ``ctypes`` would (start-up
leaves ``import ctypes`` out: 8.6 M instructions before the unlock dialog, issue 18)."""

from __future__ import annotations

import ctypes
import os
import sys

import pytest

from leaddesk.native import c_int, c_ulong, c_void_p, function

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="dlopen(None) and prctl")


@linux_only
def test_a_call_answers_as_ctypes_does() -> None:
    ours = function(None, "prctl", c_int, [c_int, c_ulong, c_ulong, c_ulong, c_ulong])
    theirs = ctypes.CDLL(None).prctl
    theirs.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    theirs.restype = ctypes.c_int
    PR_GET_DUMPABLE = 3
    assert ours(PR_GET_DUMPABLE, 0, 0, 0, 0) == theirs(PR_GET_DUMPABLE, 0, 0, 0, 0)
    labs = function(None, "labs", c_ulong, [c_ulong])
    assert labs(2**40 + 7) == 2**40 + 7  # the whole unsigned long, not an int's 32 bits


@linux_only
def test_pointers_go_through_as_addresses() -> None:
    buffer = ctypes.create_string_buffer(b"leaddesk")
    strlen = function(None, "strlen", c_ulong, [c_void_p])
    assert strlen(ctypes.addressof(buffer)) == 8


@linux_only
def test_what_is_not_there_raises_oserror_as_in_ctypes() -> None:
    with pytest.raises(OSError):
        function(None, "no_such_function_here", c_int, [])
    with pytest.raises(OSError):
        function("libno-such-library.so.9", "f", c_int, [], mode=os.RTLD_NOLOAD)
    with pytest.raises(ctypes.ArgumentError):  # the argument types are checked, as in ctypes
        function(None, "labs", c_ulong, [c_ulong])("not a number")
