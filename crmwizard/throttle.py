"""Failed passcode attempts, counted per client address and for everyone, across sessions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

EVERYONE = "*"


@dataclass(frozen=True)
class Limits:
    """After `free` failures each attempt waits 2**(n - free) × `delay` s (at most `max_delay`);
    after `lock_after` failures attempts are refused for `lock_seconds`, and each further
    failure locks again, until a success or `forget_after` seconds of quiet."""

    free: int = 5
    delay: float = 1.0
    max_delay: float = 60.0
    lock_after: int = 20
    lock_seconds: float = 15 * 60
    forget_after: float = 24 * 3600  # quiet this long, the failures are forgotten

    def wait(self, failures: int) -> float:
        """Seconds between the last failure and the next attempt allowed."""
        if failures >= self.lock_after:
            return self.lock_seconds
        if failures < self.free:
            return 0.0
        return min(self.max_delay, self.delay * 2 ** (failures - self.free))


PER_ADDRESS = Limits()
# Everyone together: four addresses' worth. A lock here also stops the consultant, so it
# sits higher; it bounds a guesser who spreads attempts over many addresses.
OVERALL = Limits(free=20, lock_after=80)


class Throttle:
    """Thread-safe counts of failures: ask `wait()` before checking a passcode."""

    def __init__(self, per_address: Limits = PER_ADDRESS, overall: Limits = OVERALL,
                 clock: Callable[[], float] = time.monotonic):
        self.limits = {"address": per_address, "overall": overall}
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # key → (count, time of last)

    def _count(self, key: str, limits: Limits, now: float) -> tuple[int, float]:
        count, last = self._failures.get(key, (0, now))
        if now - last >= limits.forget_after:
            self._failures.pop(key, None)
            return 0, now
        return count, last

    def _wait(self, key: str, limits: Limits, now: float) -> float:
        count, last = self._count(key, limits, now)
        return max(0.0, last + limits.wait(count) - now)

    def wait(self, address: str) -> float:
        """Seconds until this address may try again; 0 when it may try now."""
        with self._lock:
            now = self.clock()
            return max(self._wait(address, self.limits["address"], now),
                       self._wait(EVERYONE, self.limits["overall"], now))

    def failed(self, address: str) -> int:
        """Counts a wrong passcode; returns the address's failures in a row."""
        with self._lock:
            now = self.clock()
            for key, limits in ((address, self.limits["address"]),
                                (EVERYONE, self.limits["overall"])):
                self._failures[key] = (self._count(key, limits, now)[0] + 1, now)
            return self._failures[address][0]

    def succeeded(self, address: str) -> None:
        """A right passcode: this address starts again from zero."""
        with self._lock:
            self._failures.pop(address, None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
