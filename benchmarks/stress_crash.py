"""Crash stress: ``python -m benchmarks.stress_crash [--writes 200] [--rekeys 200] [--json F]``.

The long run of tests/security/test_crash_durability.py. Each write trial starts a child
that captures tasks through the services and prints each id after its commit; the child is
SIGKILLed after a random delay; the vault must then open, pass ``integrity_check`` and
``cipher_integrity_check``, and hold every reported task. Each rekey trial kills a child in
the middle of a passphrase change: exactly one of old/new must open, the other must be
refused as a wrong passphrase (not reported as damage), and the data must be unchanged.

Also measures the passphrase change on a small and a bigger vault, and backup time.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security import crash_harness as harness  # noqa: E402


def run_writes(directory: Path, trials: int, seed: int) -> dict[str, object]:
    vault_path = directory / "writes.vault"
    harness.seed_vault(vault_path, "stress passphrase", 5)
    rng = random.Random(seed)
    failures: list[str] = []
    reported = 0
    started = time.perf_counter()
    with harness.ChildPool() as pool:
        for trial in range(trials):
            result = harness.write_trial(vault_path, "stress passphrase", 0.4, rng, pool)
            reported += result.reported
            if not result.integrity_ok or result.missing:
                failures.append(f"trial {trial}: {result}")
            if (trial + 1) % 25 == 0:
                print(f"  writes: {trial + 1}/{trials}, failures {len(failures)}", flush=True)
    return {
        "trials": trials,
        "failures": failures,
        "commits_reported": reported,
        "seconds": round(time.perf_counter() - started, 1),
    }


def run_rekeys(directory: Path, trials: int, seed: int) -> dict[str, object]:
    vault_path = directory / "rekey.vault"
    expected = harness.seed_vault(vault_path, harness.OLD_PASSPHRASE, 2000)
    seconds = harness.measure_rekey(vault_path, harness.OLD_PASSPHRASE, harness.NEW_PASSPHRASE)
    current, other = harness.NEW_PASSPHRASE, harness.OLD_PASSPHRASE
    rng = random.Random(seed)
    failures: list[str] = []
    outcomes = {"old": 0, "new": 0}
    started = time.perf_counter()
    with harness.ChildPool() as pool:
        for trial in range(trials):
            result = harness.rekey_trial(
                vault_path, current, other, expected, seconds * 1.5, rng, pool
            )
            ok = (
                result.opened_with in ("old", "new")
                and result.other_refused
                and result.fingerprint_ok
                and result.integrity_ok
            )
            if not ok:
                failures.append(f"trial {trial}: {result}")
                break  # the vault state is unknown now; stop rather than compound it
            outcomes[result.opened_with] += 1
            if result.opened_with == "new":
                current, other = other, current
            if (trial + 1) % 25 == 0:
                print(f"  rekeys: {trial + 1}/{trials}, failures {len(failures)}", flush=True)
    return {
        "trials": trials,
        "failures": failures,
        "outcomes": outcomes,
        "rekey_seconds_in_process": round(seconds, 3),
        "seconds": round(time.perf_counter() - started, 1),
    }


def measure_sizes(directory: Path) -> dict[str, object]:
    """Passphrase change and backup time on a small and a bigger vault."""
    from leaddesk.storage.backups import take_backup
    from leaddesk.storage.vault import Vault

    figures: dict[str, object] = {}
    for label, tasks in (("small", 200), ("bigger", 40_000)):
        path = directory / f"size-{label}.vault"
        harness.seed_vault(path, "pw one", tasks)
        size_mb = path.stat().st_size / 1e6
        rekey = harness.measure_rekey(path, "pw one", "pw two")
        vault = Vault.open(path, "pw two")
        try:
            start = time.perf_counter()
            info = take_backup(vault, directory / f"backups-{label}")
            backup = time.perf_counter() - start
            start = time.perf_counter()
            vault.integrity_ok()
            check = time.perf_counter() - start
        finally:
            vault.close()
        start = time.perf_counter()
        Vault.open(path, "pw two").close()
        unlock = time.perf_counter() - start
        figures[label] = {
            "vault_mb": round(size_mb, 2),
            "rekey_s": round(rekey, 3),
            "backup_s": round(backup, 3),
            "backup_mb": round(info.size_bytes / 1e6, 2),
            "integrity_check_s": round(check, 3),
            "unlock_with_checks_s": round(unlock, 3),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--rekeys", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-sizes", action="store_true")
    args = parser.parse_args(argv)
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="leaddesk-stress-") as tmp:
        directory = Path(tmp)
        if args.writes:
            print(f"write trials: {args.writes}", flush=True)
            report["writes"] = run_writes(directory, args.writes, args.seed)
        if args.rekeys:
            print(f"passphrase-change trials: {args.rekeys}", flush=True)
            report["rekeys"] = run_rekeys(directory, args.rekeys, args.seed)
        if not args.no_sizes:
            report["sizes"] = measure_sizes(directory)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    failed = any(part.get("failures") for part in report.values() if isinstance(part, dict))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
