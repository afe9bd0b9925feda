"""Production setup on one machine: N Streamlit processes behind HAProxy, supervised (`make serve`).

Why several processes: one Python process is held to about one core by the GIL, and Streamlit
keeps every session in the process that opened it. So N processes, each with its own sessions,
and a proxy that keeps a browser on its process (a sticky cookie) and checks each one's health.

This supervisor:
- upgrades the database once (`campus_metrics init`) before any worker starts;
- starts the workers on 127.0.0.1 (only the proxy is public), with one shared cookie secret, and
  warms each new worker's caches with the default view of every page;
- writes the HAProxy configuration from `haproxy.cfg.in` and runs HAProxy in the foreground;
- restarts a worker that exits, or that stops answering its health check, with a back-off;
- recycles a worker that has no open session and has grown by more than `--recycle-mb` since it
  was warmed (memory given back after a meeting);
- writes `run/serve.json` (ports and process ids) for tools and tests;
- stops everything on SIGINT / SIGTERM.

`--proxy none` runs the workers only (a container behind a separate proxy service);
`--proxy only --servers host:port,...` runs only the proxy (that separate service).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")
HEALTH_PATH = "/_stcore/health"
CHECK_EVERY_S = 5.0
UNHEALTHY_AFTER = 6  # failed checks in a row (30 s) before a running worker is replaced
BACKOFF_MAX_S = 30.0
IDLE_CHECKS = 3  # checks in a row (15 s) with no open connection before an idle worker may be recycled

# Streamlit settings measured in docs/PERFORMANCE.md ("Serving a meeting room"):
WORKER_OPTIONS = {
    "server.headless": "true",
    "server.fileWatcherType": "none",  # no source watching in production: it cost a quarter of a worker's CPU under load
    "server.disconnectedSessionTTL": "20",  # a closed tab's session (and its memory) goes after 20 s, not 120 s
    "server.maxCacheDataSize": "200mb",  # st.cache_data holds at most this much per process (LRU)
    "browser.gatherUsageStats": "false",
}
WORKER_ENV = {
    # fewer glibc arenas: memory freed by closed sessions goes back to the system instead of
    # staying in per-thread arenas (Streamlit runs each rerun in its own thread)
    "MALLOC_ARENA_MAX": "2",
}


def render_config(bind: str, port: int, servers: list[str]) -> str:
    """The HAProxy configuration for these `host:port` servers (named app1…appN: the cookie value)."""
    lines = [f"    server app{i} {addr} check cookie app{i}" for i, addr in enumerate(servers, start=1)]
    return Template(TEMPLATE.read_text()).substitute(bind=bind, port=port, servers="\n".join(lines))


def healthy(url: str, timeout: float = 3.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (our own workers)
            return resp.status == 200
    except OSError:
        return False


@dataclass
class Child:
    """One supervised process: how to start it, and what it has done so far."""

    name: str
    argv: list[str]
    log: Path
    env: dict[str, str]
    health_url: str | None = None
    port: int | None = None
    warmed: bool = False
    baseline_mb: float | None = None  # resident memory once warmed
    warm_done: bool = False
    idle_checks: int = 0
    had_sessions: bool = False  # since this start: a worker nobody used is never recycled
    recycles: int = 0
    proc: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    failed_checks: int = 0
    next_start: float = 0.0
    history: list[str] = field(default_factory=list)

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.started, self.failed_checks, self.warmed, self.baseline_mb, self.idle_checks = time.monotonic(), 0, False, None, 0
        self.warm_done = False
        self.had_sessions = False
        self.history.append(f"{time.strftime('%H:%M:%S')} started pid {self.proc.pid}")

    def stop(self, grace: float = 10.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def backoff(self) -> float:
        return min(BACKOFF_MAX_S, 2.0**self.restarts) if time.monotonic() - self.started < 60 else 1.0


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def open_connections(port: int) -> int:
    """Established TCP connections to this local port (Linux /proc/net): a worker's open sessions."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


class Supervisor:
    def __init__(self, children: list[Child], state_file: Path, extra: dict, recycle_mb: float = 0.0) -> None:
        self.children, self.state_file, self.extra = children, state_file, extra
        self.recycle_mb = recycle_mb
        self.stopping = False

    def write_state(self) -> None:
        state = {
            **self.extra,
            "supervisor_pid": os.getpid(),
            "children": {
                c.name: {"pid": c.proc.pid if c.proc else None, "restarts": c.restarts, "recycles": c.recycles, "health": c.health_url} for c in self.children
            },
        }
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2))
        tmp.replace(self.state_file)

    def _replace(self, child: Child, why: str) -> None:
        print(f"serve: {child.name} {why}; restarting", flush=True)
        child.stop(grace=5.0)
        child.next_start = time.monotonic() + child.backoff()
        child.restarts += 1
        child.proc = None

    def step(self, now: float, check: bool) -> None:
        for child in self.children:
            if child.proc is None:
                if now >= child.next_start:
                    child.start()
                    self.write_state()
                continue
            code = child.proc.poll()
            if code is not None:
                self._replace(child, f"exited with code {code}")
            elif child.health_url and not child.warmed and healthy(child.health_url, timeout=1.0):
                child.warmed = True
                threading.Thread(target=_warm, args=(child,), daemon=True).start()
            elif check and child.health_url and now - child.started > 30:
                child.failed_checks = 0 if healthy(child.health_url) else child.failed_checks + 1
                if child.failed_checks >= UNHEALTHY_AFTER:
                    self._replace(child, f"failed {UNHEALTHY_AFTER} health checks")
                elif self.recycle_mb != 0 and child.port:
                    self._maybe_recycle(child)

    def _maybe_recycle(self, child: Child) -> None:
        """Memory back after a meeting: a worker with no open session that has grown by more than
        `recycle_mb` since it was warmed is restarted (and warmed again). Python keeps freed memory
        in its own pools; a new process is the only sure way to give it all back."""
        assert child.proc is not None and child.port is not None
        rss = rss_mb(child.proc.pid)
        if child.baseline_mb is None:
            if child.warm_done:
                child.baseline_mb = rss
            return
        sessions = open_connections(child.port)
        child.had_sessions = child.had_sessions or sessions > 0
        child.idle_checks = child.idle_checks + 1 if sessions == 0 else 0
        if child.had_sessions and child.idle_checks >= IDLE_CHECKS and rss - child.baseline_mb > self.recycle_mb:
            print(f"serve: {child.name} idle at {rss:.0f} MB (warm: {child.baseline_mb:.0f} MB); recycling", flush=True)
            child.stop(grace=5.0)
            child.recycles += 1
            child.start()
            self.write_state()

    def run(self) -> int:
        def on_signal(signum, _frame) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        for child in self.children:
            child.start()
        self.write_state()
        last_check = time.monotonic()
        while not self.stopping:
            time.sleep(0.5)
            now = time.monotonic()
            check = now - last_check >= CHECK_EVERY_S
            if check:
                last_check = now
            self.step(now, check)
        print("serve: stopping", flush=True)
        for child in self.children:
            child.stop()
        self.state_file.unlink(missing_ok=True)
        return 0


def _warm(child: Child) -> None:
    """Fill a new worker's caches with the default view of every page, before users need them
    (in a short-lived process: the supervisor itself stays small)."""
    base = child.health_url.removesuffix(HEALTH_PATH) if child.health_url else ""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "serving.load", "--warm", "--url", base], cwd=ROOT, capture_output=True, text=True)
    child.warm_done = True
    if done.returncode == 0:
        print(f"serve: {child.name} warmed ({time.monotonic() - start:.1f} s)", flush=True)
    else:  # warming is an optimisation: the worker serves anyway
        print(f"serve: {child.name} not warmed ({(done.stderr or done.stdout).strip()[-200:]})", flush=True)


def worker(i: int, address: str, port: int, run_dir: Path, env: dict[str, str], post_script_gc: bool) -> Child:
    options = {**WORKER_OPTIONS, "server.address": address, "server.port": str(port), "runner.postScriptGC": str(post_script_gc).lower()}
    argv = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", *(f"--{k}={v}" for k, v in options.items())]
    host = "127.0.0.1" if address in ("0.0.0.0", "::") else address
    return Child(f"app{i}", argv, run_dir / f"app{i}.log", env, health_url=f"http://{host}:{port}{HEALTH_PATH}", port=port)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--procs", type=int, default=os.cpu_count() or 2, help="Streamlit processes (default: one per core)")
    p.add_argument("--port", type=int, default=8080, help="the proxy's public port")
    p.add_argument("--bind", default="127.0.0.1", help="the proxy's address (0.0.0.0 to serve the network)")
    p.add_argument("--first-app-port", type=int, default=8601, help="workers listen on this port and the next ones")
    p.add_argument("--app-address", default="127.0.0.1", help="the workers' address (0.0.0.0 only behind a separate proxy)")
    p.add_argument("--database-url", help="default: CAMPUS_METRICS_DATABASE_URL, secrets.toml, or the SQLite file")
    p.add_argument("--proxy", choices=("haproxy", "none", "only"), default="haproxy")
    p.add_argument("--servers", help="with --proxy only: host:port,host:port of the workers")
    p.add_argument("--run-dir", type=Path, default=ROOT / "run", help="logs, haproxy.cfg and serve.json")
    p.add_argument(
        "--post-script-gc", choices=("true", "false"), default="false", help="Streamlit's full GC after each rerun (off: dashboard.memory collects every 30 s)"
    )
    p.add_argument("--skip-init", action="store_true", help="do not run `campus_metrics init` first")
    p.add_argument(
        "--recycle-mb", type=float, default=25.0, help="restart a used worker idle for 15 s that grew by more than this (MB) since warm-up (0: never)"
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **WORKER_ENV}
    if args.database_url:
        env["CAMPUS_METRICS_DATABASE_URL"] = args.database_url
    # one secret for every worker: cookies (XSRF) signed by one process are valid on the others
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))

    children: list[Child] = []
    ports = [args.first_app_port + i for i in range(args.procs)]
    if args.proxy != "only":
        if not args.skip_init:
            init = subprocess.run([sys.executable, "-m", "campus_metrics", "init"], cwd=ROOT, env=env)
            if init.returncode != 0:
                print("serve: `campus_metrics init` failed; not starting", file=sys.stderr)
                return init.returncode
        post_gc = args.post_script_gc == "true"
        children += [worker(i, args.app_address, port, args.run_dir, env, post_gc) for i, port in enumerate(ports, start=1)]
    if args.proxy != "none":
        haproxy = shutil.which("haproxy")
        if haproxy is None:
            print("serve: haproxy is not installed (Debian: apt-get install -y haproxy)", file=sys.stderr)
            return 2
        servers = args.servers.split(",") if args.servers else [f"127.0.0.1:{p}" for p in ports]
        config = args.run_dir / "haproxy.cfg"
        config.write_text(render_config(args.bind, args.port, servers))
        check = subprocess.run([haproxy, "-c", "-f", str(config)], stdout=subprocess.DEVNULL)
        if check.returncode != 0:
            return check.returncode
        children.append(Child("proxy", [haproxy, "-db", "-f", str(config)], args.run_dir / "haproxy.log", env))
    extra = {"proxy": f"http://{args.bind}:{args.port}" if args.proxy != "none" else None, "app_ports": ports}
    print(f"serve: {len(children)} processes; open {extra['proxy'] or ports}", flush=True)
    return Supervisor(children, args.run_dir / "serve.json", extra, recycle_mb=args.recycle_mb).run()


if __name__ == "__main__":
    sys.exit(main())
