"""Load client that speaks Streamlit's websocket protocol, for `make load` and the smoke test.

Each simulated user does what an official in a meeting does: opens the link to the app (an HTTP
GET, which also picks up the proxy's sticky cookie, then a websocket session on the overview),
then reruns a random page with a random year (the whole period one time in three, else one year)
and a random région (or all France) every 2–5 s, setting the sidebar widgets as a browser does. A rerun is timed from the request to the
server's `script_finished`. An error is a failed connection, a timeout, a page not found, a
script that did not finish, or an exception drawn in the page.

It only ever talks to loopback addresses (127.0.0.0/8, ::1): it is a benchmark for this machine,
not a tool to point at someone else's server. It stops by itself after `--duration` seconds or
`--max-reruns` reruns, whichever comes first (each user still reruns once after opening).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import socket
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# The router's url paths (streamlit_app.py) and the filters' query parameters (dashboard/filters.py).
PAGES = (
    "",  # the overview is the default page: its address has no path
    "carte",
    "budgets",
    "promotions",
    "resultats",
    "comparer",
    "sources",
)
MAX_DURATION_S = 1800.0
MAX_RERUNS = 200_000
RERUN_TIMEOUT_S = 60.0


class NotLoopback(ValueError):
    """The target is not this machine."""


def check_loopback(url: str) -> tuple[str, int]:
    """(host, port) of an http(s) URL whose host resolves only to loopback addresses; else NotLoopback."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotLoopback(f"not an http(s) URL: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise NotLoopback(f"cannot resolve {parts.hostname!r}: {exc}") from exc
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    outside = sorted(str(a) for a in addresses if not a.is_loopback)
    if not addresses or outside:
        raise NotLoopback(f"refused: {parts.hostname} resolves to non-loopback {', '.join(outside) or 'nothing'}")
    return parts.hostname, port


@dataclass
class Stats:
    """What every simulated user reports: seconds per open and per rerun, errors by kind."""

    opens: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    rss_peak_mb: float = 0.0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    if len(values) == 1:
        return {"p50": values[0], "p95": values[0], "p99": values[0], "max": values[0]}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(values)}


def random_years(rng: random.Random, lo: int, hi: int) -> tuple[int, int]:
    """« A random year »: the whole period one time in three, else one year of it."""
    if rng.random() < 1 / 3:
        return lo, hi
    year = rng.randint(lo, hi)
    return year, year


@dataclass
class Widgets:
    """The two sidebar filters as the server last drew them: a rerun sets them as a browser does
    (the URL is read only when a session opens; afterwards the widgets' states carry the filters)."""

    region_id: str = ""
    region_options: tuple[str, ...] = ()
    years_id: str = ""
    years_bounds: tuple[float, float] = (0.0, 0.0)

    def learn(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "selectbox" and element.selectbox.id.endswith("-region"):
            self.region_id, self.region_options = element.selectbox.id, tuple(element.selectbox.options)
        elif kind == "slider" and element.slider.id.endswith("-annees"):
            self.years_id, self.years_bounds = element.slider.id, (element.slider.min, element.slider.max)

    def random_states(self, rng: random.Random, msg: BackMsg) -> None:
        states = msg.rerun_script.widget_states.widgets
        if self.region_options:
            state = states.add()
            state.id = self.region_id
            state.string_value = rng.choice(self.region_options)
        lo_bound, hi_bound = self.years_bounds
        if self.years_id and hi_bound > lo_bound:
            state = states.add()
            state.id = self.years_id
            state.double_array_value.data.extend(random_years(rng, int(lo_bound), int(hi_bound)))


def rerun_message(page: str, query: str = "", widgets: Widgets | None = None, rng: random.Random | None = None) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.context_info.timezone = "Europe/Paris"
    msg.rerun_script.context_info.locale = "fr-FR"
    if widgets is not None and rng is not None:
        widgets.random_states(rng, msg)
    return msg.SerializeToString()


class RunFailed(Exception):
    """The rerun came back but is not a success; the argument is the error kind."""


async def run_once(ws, message: bytes, widgets: Widgets) -> float:
    """Send one rerun and wait for it to finish; seconds taken, or RunFailed."""
    start = time.perf_counter()
    await ws.send(message)
    failure: str | None = None
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=RERUN_TIMEOUT_S)
        if isinstance(raw, str):
            continue
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "page_not_found":
            failure = "page_not_found"
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                failure = "exception_in_page"
            widgets.learn(element)
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                failure = failure or "script_not_finished"
            if failure:
                raise RunFailed(failure)
            return time.perf_counter() - start


def _http_open(base: str) -> str:
    """GET the app's page as a browser does; returns the Cookie header (the proxy's sticky cookie)."""
    with urllib.request.urlopen(base + "/", timeout=RERUN_TIMEOUT_S) as resp:  # noqa: S310 (loopback checked)
        resp.read()
        cookies = [c.split(";", 1)[0] for c in resp.headers.get_all("Set-Cookie") or []]
    return "; ".join(cookies)


async def user(base: str, seed: int, deadline: float, budget: list[int], stats: Stats, pause: tuple[float, float]) -> None:
    """One simulated official: open, then rerun every 2–5 s until the deadline or the shared rerun budget."""
    rng = random.Random(seed)
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    try:
        start = time.perf_counter()
        cookie = await asyncio.to_thread(_http_open, base)
        headers = {"Cookie": cookie} if cookie else {}
        async with websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers=headers, max_size=None) as ws:
            widgets = Widgets()
            await run_once(ws, rerun_message(""), widgets)  # the link in the invitation: the overview, no filter
            stats.opens.append(time.perf_counter() - start)
            done = 0  # every user reruns at least once, even if opening took the whole duration
            while budget[0] > 0 and (done == 0 or time.monotonic() < deadline):
                await asyncio.sleep(rng.uniform(*pause))
                if done and time.monotonic() >= deadline:
                    break
                budget[0] -= 1
                done += 1
                try:
                    message = rerun_message(rng.choice(PAGES), widgets=widgets, rng=rng)
                    stats.reruns.append(await run_once(ws, message, widgets))
                except RunFailed as exc:
                    stats.error(str(exc))
    except RunFailed as exc:
        stats.error(f"open_{exc}")
    except TimeoutError:
        stats.error("timeout")
    except (OSError, websockets.WebSocketException) as exc:
        stats.error(type(exc).__name__)


async def _warm(base: str) -> int:
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        for page in PAGES:
            await run_once(ws, rerun_message(page), Widgets())
    return len(PAGES)


def warm(base: str) -> int:
    """Run every page once with the default filters (what most sessions open on): a new or
    restarted worker answers its first users from warm caches. Returns the pages run."""
    check_loopback(base)
    return asyncio.run(_warm(base))


def _proc_rss_kb(proc: Path) -> int:
    for line in (proc / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _setup_pids(pattern: str | None, state_file: Path | None) -> list[Path]:
    """The processes of the setup: those named in `serve.json` (supervisor, workers, proxy), or
    every process whose command line contains `pattern` (Linux /proc)."""
    if state_file is not None:
        try:
            state = json.loads(state_file.read_text())
        except (OSError, ValueError):
            return []
        pids = [state.get("supervisor_pid"), *(c.get("pid") for c in state.get("children", {}).values())]
        return [Path("/proc") / str(pid) for pid in pids if pid]
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if pattern and pattern.encode() in (proc / "cmdline").read_bytes():
                found.append(proc)
        except OSError:
            continue
    return found


def rss_mb(pattern: str | None = None, state_file: Path | None = None) -> float:
    """Resident memory (MB) of the setup's processes."""
    total = 0
    for proc in _setup_pids(pattern, state_file):
        try:
            total += _proc_rss_kb(proc)
        except (OSError, ValueError):
            continue
    return total / 1024


def cpu_seconds(pattern: str | None = None, state_file: Path | None = None) -> float:
    """User + system CPU seconds used so far by the setup's processes: the cost of the reruns,
    whatever else the (shared) machine is doing."""
    ticks = 0
    for proc in _setup_pids(pattern, state_file):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


async def _watch_rss(measure, stats: Stats, stop: asyncio.Event) -> None:
    while not stop.is_set():
        stats.rss_peak_mb = max(stats.rss_peak_mb, measure())
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except TimeoutError:
            pass


async def run(base: str, users: int, duration: float, max_reruns: int, seed: int, ramp: float, pause: tuple[float, float], measure=None) -> Stats:
    check_loopback(base)
    stats = Stats()
    deadline = time.monotonic() + min(duration, MAX_DURATION_S)
    budget = [min(max_reruns, MAX_RERUNS)]
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_rss(measure, stats, stop)) if measure else None

    async def delayed(i: int) -> None:
        await asyncio.sleep(ramp * i / max(users, 1))
        await user(base, seed + i, deadline, budget, stats, pause)

    await asyncio.gather(*(delayed(i) for i in range(users)))
    stop.set()
    if watcher:
        await watcher
    return stats


def report(stats: Stats, args: argparse.Namespace) -> dict:
    return {
        "target": args.url,
        "users": args.users,
        "duration_s": args.duration,
        "opens": {"n": len(stats.opens), **percentiles(stats.opens)},
        "reruns": {"n": len(stats.reruns), **percentiles(stats.reruns)},
        "errors": stats.error_count,
        "errors_by_kind": stats.errors,
        "rss_peak_mb": round(stats.rss_peak_mb) if stats.rss_peak_mb else None,
        "rss_after_mb": None,
        "server_cpu_s": None,
        "server_cpu_ms_per_run": None,
    }


def _fmt(p: dict) -> str:
    def s(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f}s"

    return f"n={p['n']:<6} p50={s(p['p50'])} p95={s(p['p95'])} p99={s(p['p99'])} max={s(p['max'])}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501", help="the app or the proxy (loopback only)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300.0, help=f"seconds, at most {MAX_DURATION_S:.0f}")
    parser.add_argument("--max-reruns", type=int, default=20_000, help=f"total reruns over all users, at most {MAX_RERUNS}")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which users arrive")
    parser.add_argument("--pause", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve-state", type=Path, help="serve.json of `make serve`: report the setup's peak RSS")
    parser.add_argument("--rss-pattern", help="or: report peak RSS of processes whose command line contains this")
    parser.add_argument("--after", type=float, default=0.0, help="then wait this many seconds and report RSS again (memory given back)")
    parser.add_argument("--json", type=Path, help="write the report here too")
    parser.add_argument("--fail-on-error", action="store_true", help="exit 1 if any error")
    parser.add_argument("--warm", action="store_true", help="only run every page once with the default filters (used by serve)")
    args = parser.parse_args(argv)
    if args.warm:
        try:
            print(f"warmed {warm(args.url)} pages")
        except NotLoopback as exc:
            print(f"load: {exc}", file=sys.stderr)
            return 2
        return 0
    watched = bool(args.rss_pattern or args.serve_state)
    measure = (lambda: rss_mb(args.rss_pattern, args.serve_state)) if watched else None
    cpu_before = cpu_seconds(args.rss_pattern, args.serve_state) if watched else 0.0
    try:
        stats = asyncio.run(run(args.url, args.users, args.duration, args.max_reruns, args.seed, args.ramp, tuple(args.pause), measure))
    except NotLoopback as exc:
        print(f"load: {exc} (only 127.0.0.0/8 and ::1 are allowed)", file=sys.stderr)
        return 2
    out = report(stats, args)
    if watched:
        used = cpu_seconds(args.rss_pattern, args.serve_state) - cpu_before
        runs = len(stats.opens) + len(stats.reruns)
        out["server_cpu_s"] = round(used, 1)
        out["server_cpu_ms_per_run"] = round(1000 * used / runs) if runs else None
    if measure and args.after > 0:
        time.sleep(min(args.after, 600.0))
        out["rss_after_mb"] = round(measure())
    print(f"open   {_fmt(out['opens'])}")
    print(f"rerun  {_fmt(out['reruns'])}")
    print(f"errors {out['errors']} {out['errors_by_kind'] or ''}")
    if out["server_cpu_s"] is not None:
        print(f"server CPU {out['server_cpu_s']} s, {out['server_cpu_ms_per_run']} ms per open or rerun")
    if out["rss_peak_mb"] is not None:
        print(f"peak RSS {out['rss_peak_mb']} MB" + (f", {out['rss_after_mb']} MB {args.after:.0f} s after the users left" if out["rss_after_mb"] else ""))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 1 if args.fail_on_error and stats.error_count else 0


if __name__ == "__main__":
    sys.exit(main())
