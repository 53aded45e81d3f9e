"""`make probe`: after the run, the counts of hostile inputs tried and held, per attack."""

from tests.security.hostile import TALLY


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    terminalreporter.section("probe: tried / held")
    for attack, (tried, held) in sorted(TALLY.items()):
        terminalreporter.line(f"{attack:<48} tried {tried:>6}   held {held:>6}")
    tried = sum(t for t, _ in TALLY.values())
    held = sum(h for _, h in TALLY.values())
    terminalreporter.line(f"{'all':<48} tried {tried:>6}   held {held:>6}")
