"""Median timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int = 50, warmup: int = 3) -> float:
    """Median wall time of one call, in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def metric(name: str, value: float, unit: str, reference: float, budget: float,
           by_ratio: bool = False) -> dict:
    """One row of results.json; `by_ratio` means the budget is a ratio to the reference."""
    ratio = value / reference if reference else float("inf")
    ok = ratio < budget if by_ratio else value < budget
    return {"name": name, "value": round(value, 3), "unit": unit,
            "reference": round(reference, 3), "ratio": round(ratio, 3),
            "budget": f"< {budget}×" if by_ratio else f"< {budget} {unit}", "ok": ok}
