"""SIGKILL a writing child at random moments: the vault always opens, passes both integrity
checks, and holds every write the child reported as committed (the long run lives in
benchmarks/stress_crash.py)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.security import crash_harness as harness

WRITE_TRIALS = 20
REKEY_TRIALS = 8


def test_killed_writer_loses_no_reported_commit(tmp_path: Path) -> None:
    vault_path = tmp_path / "crash.vault"
    harness.seed_vault(vault_path, "crash test passphrase", 5)
    rng = random.Random(20261118)
    total_reported = 0
    with harness.ChildPool() as pool:
        results = [
            harness.write_trial(vault_path, "crash test passphrase", 0.3, rng, pool)
            for _ in range(WRITE_TRIALS)
        ]
    for trial, result in enumerate(results):
        assert result.integrity_ok, f"trial {trial}: integrity check failed"
        assert result.missing == [], f"trial {trial}: reported commits lost"
        assert result.stored >= 5 + total_reported + result.reported
        total_reported += result.reported
    assert total_reported >= WRITE_TRIALS, "every child reports at least one commit"


def test_passphrase_change_killed_leaves_exactly_one_working(tmp_path: Path) -> None:
    vault_path = tmp_path / "rekey.vault"
    expected = harness.seed_vault(vault_path, harness.OLD_PASSPHRASE, 2000)
    seconds = harness.measure_rekey(vault_path, harness.OLD_PASSPHRASE, harness.NEW_PASSPHRASE)
    current, other = harness.NEW_PASSPHRASE, harness.OLD_PASSPHRASE
    rng = random.Random(42)
    outcomes = []
    pool = harness.ChildPool()
    for trial in range(REKEY_TRIALS):
        try:
            result = harness.rekey_trial(
                vault_path, current, other, expected, seconds * 1.5, rng, pool
            )
        except BaseException:
            pool.close()
            raise
        assert result.opened_with in ("old", "new"), f"trial {trial}: {result}"
        assert result.other_refused, f"trial {trial}: other passphrase not refused as wrong"
        assert result.fingerprint_ok, f"trial {trial}: data changed"
        assert result.integrity_ok, f"trial {trial}: {result}"
        if result.rekey_reported:
            assert result.opened_with == "new"
        outcomes.append(result.opened_with)
        if result.opened_with == "new":
            current, other = other, current
    pool.close()
    assert len(outcomes) == REKEY_TRIALS
