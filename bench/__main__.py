"""Runs every bench/bench_*.py and writes bench/results.md and bench/results.json."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    # Timings on a shared 2-core machine move with whatever else runs: the load is recorded.
    load_before = os.getloadavg()[0]
    metrics = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"running {name} …", flush=True)
        for m in module.metrics():
            metrics.append(m)
            print(f"  {'ok ' if m['ok'] else 'OVER'} {m['name']}: {m['value']} {m['unit']}"
                  f" (reference {m['reference']}, ratio {m['ratio']}, budget {m['budget']})",
                  flush=True)
    load = {"before": round(load_before, 1), "after": round(os.getloadavg()[0], 1),
            "cpus": os.cpu_count()}
    (HERE / "results.json").write_text(json.dumps({"load": load, "metrics": metrics}, indent=2,
                                                  ensure_ascii=False) + "\n")
    lines = ["# Benchmark results", "",
             "Each metric is measured next to its reference in the same run (medians).",
             f"Machine load (1-minute average) {load['before']} before and {load['after']} "
             f"after the run, on {load['cpus']} CPUs.", "",
             "| metric | value | reference | ratio | budget | ok |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for m in metrics:
        lines.append(f"| {m['name']} | {m['value']} {m['unit']} | {m['reference']} {m['unit']}"
                     f" | {m['ratio']}× | {m['budget']} | {'yes' if m['ok'] else '**no**'} |")
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {HERE / 'results.md'} and results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
