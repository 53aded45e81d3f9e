"""Real-browser harness: a Streamlit server on a free port, Debian's Chromium, "settled"."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    """Debian's Chromium, never a downloaded browser."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    started_ms: float  # from spawn until /_stcore/health answered "ok"

    def stop(self) -> None:
        """Stops the server by its process group."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def start_server(script: Path, env: dict[str, str] | None = None, timeout: float | None = None,
                 warm: bool = False) -> Server:
    """`streamlit run` on a free loopback port; returns once /_stcore/health says ok.

    `warm`: the wizard as `make run` starts it (crmwizard.ui.serve), its heavy modules and
    data loaded before the server answers.
    """
    port = free_port()
    run = ["crmwizard.ui.serve"] if warm else ["streamlit", "run", str(script)]
    cmd = [sys.executable, "-m", *run, "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    begin = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=script.parent, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    # A warmed-up server answers only once pandas and the content are loaded.
    deadline = time.monotonic() + (timeout or (120 if warm else 60))
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return Server(proc, url, (time.perf_counter() - begin) * 1000)
        except OSError:
            pass
        time.sleep(0.01)
    Server(proc, url, 0).stop()
    raise RuntimeError("server did not answer /_stcore/health in time")


# "Settled": the script has finished (stApp script state notRunning, connected), nothing on
# the page is stale from the previous run, the key element is there, and the DOM has been
# still for a short quiet period. After a click the rerun may not have begun yet, so the page
# must first show activity or stay idle for `idleMs`. Activity is a script run begun since the
# last settle returned (a counter that settle leaves on the page): a radio that flips at once
# while a busy server has not yet started the rerun is not activity. Before the first settle
# of a page (no counter yet) any change of the DOM counts, as on a page load.
SETTLE_JS = """
([selector, quietMs, timeoutMs, idleMs]) => new Promise((resolve, reject) => {
  const begin = performance.now();
  const seen = window.__crmSeenRuns;
  let last = begin;
  let active = seen !== undefined && window.__crmRuns > seen;
  const obs = new MutationObserver(() => {
    last = performance.now();
    if (seen === undefined || window.__crmRuns > seen) { active = true; }
  });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                              characterData: true});
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state === 'running') { active = true; }
    const done = state === 'notRunning'
      && app.getAttribute('data-test-connection-state') === 'CONNECTED';
    const stale = document.querySelector('[data-stale="true"]');
    const key = !selector || document.querySelector(selector);
    const now = performance.now();
    if (done && !stale && key && now - last >= quietMs && (active || now - begin >= idleMs)) {
      obs.disconnect();
      if (window.__crmRuns === undefined) {
        window.__crmRuns = 0;
        new MutationObserver(ms => {
          for (const m of ms) {
            if (m.target.getAttribute('data-test-script-state') === 'running') window.__crmRuns++;
          }
        }).observe(document, {subtree: true, attributes: true,
                              attributeFilter: ['data-test-script-state']});
      }
      window.__crmSeenRuns = window.__crmRuns;
      resolve(last);
    } else if (now - begin > timeoutMs) {
      obs.disconnect();
      reject(new Error(`not settled: done=${done} stale=${!!stale} key=${!!key} ` +
                       `quiet=${Math.round(now - last)}ms active=${active}`));
    } else { setTimeout(check, 10); }
  };
  check();
})
"""


def settle(page, selector: str | None = None, quiet_ms: int = 150, timeout: float = 60,
           idle_ms: int = 600) -> float:
    """Waits until the page is settled (see SETTLE_JS); returns the page time of its last change."""
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')",
                           timeout=timeout * 1000)
    return page.evaluate(SETTLE_JS, [selector, quiet_ms, timeout * 1000, idle_ms])


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def open_workspace(page, url: str, passcode: str) -> None:
    """Unlocks the consultant workspace on this server (English) and opens it from the sidebar."""
    from crmwizard.content import get_content  # here: the bench imports this harness too

    t = get_content().t
    page.goto(f"{url}/?lang=en")
    settle(page, "h1")
    page.get_by_text(t("ws_gate", "en")).click()
    page.get_by_label(t("ws_passcode", "en")).fill(passcode)
    page.get_by_role("button", name=t("ws_unlock", "en")).click()
    settle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]',
                 has_text=re.compile(re.escape(t("screen_workspace", "en")) + "$")).click()
