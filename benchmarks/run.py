"""Run Wijkbeeld's benchmarks: ``python benchmarks/run.py [--quick] [--json] [NAME ...]``.

Every benchmark measures our code next to the peer a user would otherwise use,
in the same run, and prints the ratio (peer time / our time). ``--quick`` uses
small inputs so that the whole run takes about a minute (CI runs it that way);
without it the inputs are at national scale.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def discover() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def _run_with_retry(module, quick: bool) -> list[dict]:
    """Run one benchmark; a failure is tried once more (a GUI start-up on a loaded machine can time out)."""
    try:
        return module.run(quick=quick)
    except Exception as first:  # noqa: BLE001
        print(f"# {module.__name__}: {type(first).__name__}: {first}; nog één poging", file=sys.stderr, flush=True)
        rows = module.run(quick=quick)
        for row in rows:
            row["retried_after"] = f"{type(first).__name__}: {first}"[:300]
        return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("names", nargs="*", help=f"welke benchmarks (standaard alle: {', '.join(discover())})")
    ap.add_argument("--quick", action="store_true", help="kleine invoer, ongeveer een minuut in totaal")
    ap.add_argument("--json", action="store_true", help="één JSON-object per regel")
    args = ap.parse_args(argv)
    names = args.names or discover()
    failed = 0
    for name in names:
        module = importlib.import_module(f"bench_{name}")
        t0 = time.perf_counter()
        try:
            rows = _run_with_retry(module, args.quick)
        except Exception as exc:  # a broken benchmark is reported, and the run fails
            failed += 1
            rows = [{"name": name, "error": f"{type(exc).__name__}: {exc}"}]
        for row in rows:
            row.setdefault("wall_s", round(time.perf_counter() - t0, 2))
            if args.json:
                print(json.dumps(row, ensure_ascii=False), flush=True)
            else:
                ratio = row.get("ratio")
                print(f"{row['name']:<40} ours {row.get('ours_s', float('nan')):>9.4f}s  "
                      f"{row.get('peer', '')}: {row.get('peer_s', float('nan')):>9.4f}s  "
                      f"ratio {ratio if ratio is not None else '-'}  {row.get('error', '')}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
