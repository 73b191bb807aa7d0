"""Where LeadDesk keeps its files: on Linux the start path reads the two XDG directories
itself instead of importing platformdirs (issue 18: ~10-18 M instructions of the launch).
The answer must be platformdirs' own, for every environment (compared with the installed
platformdirs here, so a platformdirs that changes its rules fails this test)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import platformdirs
import pytest

from leaddesk import paths
from leaddesk.paths import APP_DIR_NAME, AppPaths, resolve_paths

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the XDG reading is Linux only")

ENVIRONMENTS = {
    "unset": {},
    "absolute": {
        "XDG_DATA_HOME": "/srv/data",
        "XDG_CONFIG_HOME": "/srv/conf",
        "XDG_CACHE_HOME": "/srv/cache",
    },
    "empty": {"XDG_DATA_HOME": "", "XDG_CONFIG_HOME": "", "XDG_CACHE_HOME": ""},
    "relative": {"XDG_DATA_HOME": "data", "XDG_CONFIG_HOME": "./conf", "XDG_CACHE_HOME": "c"},
    "blank": {"XDG_DATA_HOME": "   ", "XDG_CONFIG_HOME": " /x", "XDG_CACHE_HOME": " "},
    "trailing slash": {
        "XDG_DATA_HOME": "/srv/data/",
        "XDG_CONFIG_HOME": "/srv//conf",
        "XDG_CACHE_HOME": "/srv/cache/",
    },
    "home relative": {"HOME": "relative/home"},
    "home unset": {"HOME": None},
    "home root": {"HOME": "/"},
    "home with slash": {"HOME": "/home/someone/"},
}


def _platformdirs_answer() -> tuple[str, str, str]:
    return (
        platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False),
        platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=False),
        platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False),
    )


@linux_only
@pytest.mark.parametrize("name", list(ENVIRONMENTS))
def test_the_user_directories_are_platformdirs_own(name: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", "/home/someone")
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)
    for key, value in ENVIRONMENTS[name].items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    ours = (paths.user_data_dir(), paths.user_config_dir(), paths.user_cache_dir())
    assert ours == _platformdirs_answer()


@linux_only
def test_plain_linux_answers_without_platformdirs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/srv/conf")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert paths._xdg_base("XDG_DATA_HOME", "~/.local/share") == "/home/someone/.local/share"
    assert paths._xdg_base("XDG_CONFIG_HOME", "~/.config") == "/srv/conf"
    monkeypatch.setenv("HOME", "relative")  # platformdirs asks the password database: so do we
    assert paths._xdg_base("XDG_DATA_HOME", "~/.local/share") is None
    monkeypatch.setenv("ANDROID_DATA", "/data")
    assert paths._xdg_base("XDG_CONFIG_HOME", "~/.config") is None


def test_resolving_the_paths_does_not_import_platformdirs_on_linux(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from leaddesk.paths import resolve_paths
        found = resolve_paths()
        print(found.data_dir, found.config_dir, "platformdirs" in sys.modules,
              "dataclasses" in sys.modules, sep="|")
        """
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr[-800:]
    data, config, imported, dataclasses_imported = result.stdout.strip().split("|")
    assert data == str(tmp_path / ".local" / "share" / APP_DIR_NAME)
    assert config == str(tmp_path / ".config" / APP_DIR_NAME)
    assert imported == ("False" if sys.platform == "linux" else "True")
    assert dataclasses_imported == "False"


def test_the_paths_are_an_immutable_value(tmp_path: Path) -> None:
    found = resolve_paths(tmp_path / "data")
    assert found == AppPaths(data_dir=(tmp_path / "data").resolve(), config_dir=found.config_dir)
    assert hash(found) == hash(AppPaths(found.data_dir, found.config_dir))
    assert found.vault == found.data_dir / "leaddesk.vault"
    assert found.settings_file.parent == found.config_dir
    with pytest.raises(AttributeError):
        found.data_dir = tmp_path  # type: ignore[misc]
