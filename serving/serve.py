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

from serving import load

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")
HEALTH_PATH = "/_stcore/health"
CHECK_EVERY_S = 5.0
UNHEALTHY_AFTER = 6  # failed checks in a row (30 s) before a running worker is replaced
BACKOFF_MAX_S = 30.0

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
    warmed: bool = False
    proc: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    failed_checks: int = 0
    next_start: float = 0.0
    history: list[str] = field(default_factory=list)

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.started, self.failed_checks, self.warmed = time.monotonic(), 0, False
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


class Supervisor:
    def __init__(self, children: list[Child], state_file: Path, extra: dict) -> None:
        self.children, self.state_file, self.extra = children, state_file, extra
        self.stopping = False

    def write_state(self) -> None:
        state = {
            **self.extra,
            "supervisor_pid": os.getpid(),
            "children": {c.name: {"pid": c.proc.pid if c.proc else None, "restarts": c.restarts, "health": c.health_url} for c in self.children},
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
    """Fill a new worker's caches with the default view of every page, before users need them."""
    base = child.health_url.removesuffix(HEALTH_PATH) if child.health_url else ""
    start = time.monotonic()
    try:
        pages = load.warm(base)
        print(f"serve: {child.name} warmed ({pages} pages, {time.monotonic() - start:.1f} s)", flush=True)
    except Exception as exc:  # noqa: BLE001 — warming is an optimisation; the worker serves anyway
        print(f"serve: {child.name} not warmed ({type(exc).__name__}: {exc})", flush=True)


def worker(i: int, address: str, port: int, run_dir: Path, env: dict[str, str], post_script_gc: bool) -> Child:
    options = {**WORKER_OPTIONS, "server.address": address, "server.port": str(port), "runner.postScriptGC": str(post_script_gc).lower()}
    argv = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", *(f"--{k}={v}" for k, v in options.items())]
    host = "127.0.0.1" if address in ("0.0.0.0", "::") else address
    return Child(f"app{i}", argv, run_dir / f"app{i}.log", env, health_url=f"http://{host}:{port}{HEALTH_PATH}")


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
    return Supervisor(children, args.run_dir / "serve.json", extra).run()


if __name__ == "__main__":
    sys.exit(main())
