"""The production setup (`make serve`): workers behind HAProxy with sticky sessions, restarts,
the data version across processes, and the load client's smoke run (3 users, 10 s, no error)."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from campus_metrics.bootstrap import init_database
from campus_metrics.db import make_engine
from serving import load, serve

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = shutil.which("haproxy")
needs_haproxy = pytest.mark.skipif(HAPROXY is None, reason="haproxy is not installed (Debian: apt-get install -y haproxy)")
FUNDING = (
    "funding_id;region_code;year_start;funder_type;nature;amount_kind;amount_eur;in_totals;fact_status;source_id;quote\n"
    "fund_serve_test;76;2017;region;operating;point;1000000;true;realised;S004;« a programmé 2,2 millions d'euros »\n"
)


def free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def get(port: int, path: str = "/", cookie: str | None = None) -> tuple[int, str | None]:
    """(status, the proxy's Set-Cookie or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status, resp.getheader("Set-Cookie")


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Two workers and HAProxy on free ports, on a seeded SQLite file."""
    if HAPROXY is None:
        pytest.skip("haproxy is not installed (Debian: apt-get install -y haproxy)")
    tmp = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{tmp / 'serve.db'}"
    init_database(make_engine(url))
    proxy, app1, app2 = free_ports(3)
    if app2 != app1 + 1:  # workers take consecutive ports
        app1, app2 = 20000 + os.getpid() % 20000, 20001 + os.getpid() % 20000
    argv = [sys.executable, "-m", "serving.serve", "--procs", "2", "--port", str(proxy), "--first-app-port", str(app1)]
    # no recycling here: these tests follow process ids (recycling has its own test below)
    argv += ["--run-dir", str(tmp / "run"), "--database-url", url, "--skip-init", "--recycle-mb", "0"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    state_file = tmp / "run" / "serve.json"
    try:
        wait_until(lambda: all(serve.healthy(f"http://127.0.0.1:{p}/_stcore/health") for p in (app1, app2)), 120, "both workers")
        wait_until(lambda: serve.healthy(f"http://127.0.0.1:{proxy}/_stcore/health"), 30, "the proxy")
        yield {"proxy": proxy, "apps": (app1, app2), "state": state_file, "url": url, "tmp": tmp}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        print(out)
    assert proc.returncode == 0
    assert "app1 warmed" in out and "app2 warmed" in out, "each new worker is warmed with the default view of every page"
    assert not state_file.exists(), "the supervisor removes its state file when it stops"
    for port in (proxy, app1, app2):
        assert not serve.healthy(f"http://127.0.0.1:{port}/_stcore/health", timeout=1), f"port {port} still answers after stop"


@pytest.mark.parametrize(
    "url",
    ["http://10.1.2.3:8080", "http://8.8.8.8", "https://example.org", "ftp://127.0.0.1/", "http://0.0.0.0:8501", "not a url"],
)
def test_the_load_client_refuses_anything_but_loopback(url):
    with pytest.raises(load.NotLoopback):
        load.check_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://127.9.8.7:1", "http://localhost:8080", "http://[::1]:8501"])
def test_the_load_client_accepts_loopback(url):
    host, port = load.check_loopback(url)
    assert host and port > 0


def test_the_load_client_exits_without_connecting_to_a_remote_target(capsys):
    assert load.main(["--url", "http://192.0.2.1:8080", "--users", "1", "--duration", "1"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_percentiles_of_known_values():
    p = load.percentiles([float(v) for v in range(1, 101)])
    assert p["p50"] == pytest.approx(50.5)
    assert p["p95"] == pytest.approx(95.05)
    assert p["max"] == 100.0
    assert load.percentiles([])["p95"] is None


@needs_haproxy
def test_rendered_config_is_valid_haproxy(tmp_path):
    cfg = tmp_path / "h.cfg"
    cfg.write_text(serve.render_config("127.0.0.1", 8080, ["127.0.0.1:8601", "127.0.0.1:8602", "10.0.0.3:8601"]))
    check = subprocess.run([HAPROXY, "-c", "-f", str(cfg)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "server app3 10.0.0.3:8601 check cookie app3" in cfg.read_text()


def test_smoke_load_three_users_ten_seconds_no_error(served, tmp_path):
    """The scenario of docs/PERFORMANCE.md, short: through the proxy, any error fails."""
    report = tmp_path / "load.json"
    argv = [sys.executable, "-m", "serving.load", "--url", f"http://127.0.0.1:{served['proxy']}", "--users", "3", "--duration", "10"]
    argv += ["--ramp", "1", "--fail-on-error", "--json", str(report)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(report.read_text())
    assert out["errors"] == 0, out["errors_by_kind"]
    assert out["opens"]["n"] == 3, "every user opened a session"
    assert out["reruns"]["n"] >= 3, "every user reran at least once after opening"


def test_sticky_cookie_keeps_a_browser_on_its_process(served):
    status, cookie = get(served["proxy"])
    assert status == 200 and cookie and cookie.startswith("CM_SERVER=app")
    pinned = cookie.split(";", 1)[0]
    for _ in range(4):
        status, again = get(served["proxy"], cookie=pinned)
        assert status == 200
        assert again is None, "a valid cookie is kept, not replaced (the browser stays on its process)"


def _metric(page_messages: list[ForwardMsg], label: str) -> list[str]:
    return [
        m.delta.new_element.metric.body
        for m in page_messages
        if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "metric" and m.delta.new_element.metric.label == label
    ]


async def _overview(port: int, region_label: str, year: int, rounds: int) -> list[list[str]]:
    """Open a session on one worker, set région and year as a browser does, and read « Financements » `rounds` times."""
    seen: list[list[str]] = []
    widgets = load.Widgets()
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
        for i in range(rounds + 1):
            msg = BackMsg()
            msg.rerun_script.page_name = ""
            if i:
                for wid, setter in ((widgets.region_id, "string_value"), (widgets.years_id, None)):
                    state = msg.rerun_script.widget_states.widgets.add()
                    state.id = wid
                    if setter:
                        state.string_value = region_label
                    else:
                        state.double_array_value.data.extend([year, year])
            await ws.send(msg.SerializeToString())
            received: list[ForwardMsg] = []
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
                received.append(fwd)
                if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    widgets.learn(fwd.delta.new_element)
                if fwd.WhichOneof("type") == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
            if i:
                seen.append(_metric(received, "Financements"))
    return seen


def test_an_import_shows_in_every_worker_at_its_next_rerun(served):
    """Both processes have the figure cached; a CLI import (a third process) bumps the data version;
    the next rerun on each worker shows the new total (no time-to-live involved)."""
    before = [asyncio.run(_overview(port, "Occitanie", 2017, 2)) for port in served["apps"]]
    for reads in before:
        assert reads[0] == reads[1] and reads[0], reads
        assert [v.replace("\xa0", " ") for v in reads[0]] == ["2,2 M€"], reads  # announced only, before
    csv = served["tmp"] / "funding.csv"
    csv.write_text(FUNDING, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "campus_metrics", "--database-url", served["url"], "import", str(csv), "--kind", "funding"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    time.sleep(1.1)  # each process reads the version at most once a second
    for port in served["apps"]:
        after = asyncio.run(_overview(port, "Occitanie", 2017, 1))[0]
        shown = [v.replace("\xa0", " ") for v in after]
        assert shown == ["1 M€", "2,2 M€"], f"worker on {port} shows {shown}: the new realised line is missing"


def test_a_killed_worker_is_replaced_and_its_users_sent_elsewhere(served):
    state = json.loads(served["state"].read_text())
    victim = state["children"]["app1"]["pid"]
    os.kill(victim, signal.SIGKILL)
    # meanwhile, a browser pinned to app1 is always answered: by app2 (HAProxy's retries and
    # redispatch, which then pins it to app2) or by the restarted app1 — never an error
    answers = [get(served["proxy"], cookie="CM_SERVER=app1") for _ in range(20)]
    assert all(status == 200 for status, _ in answers), answers
    assert all(cookie in (None, "CM_SERVER=app2; path=/; HttpOnly; SameSite=Lax") for _, cookie in answers), answers

    def replaced() -> bool:
        now = json.loads(served["state"].read_text())["children"]["app1"]
        return now["pid"] not in (None, victim) and now["restarts"] == 1

    wait_until(replaced, 30, "the supervisor to restart app1")
    wait_until(lambda: serve.healthy(f"http://127.0.0.1:{served['apps'][0]}/_stcore/health"), 120, "the new app1 to be healthy")
    wait_until(lambda: get(served["proxy"], cookie="CM_SERVER=app1") == (200, None), 30, "app1 back in the rotation")


def test_open_connections_counts_established_sessions_on_a_port():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    try:
        assert serve.open_connections(port) == 0
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        wait_until(lambda: serve.open_connections(port) == 1, 5, "one established connection")
        client.close()
        accepted.close()
        wait_until(lambda: serve.open_connections(port) == 0, 5, "no connection after close")
    finally:
        server.close()


@needs_haproxy
def test_an_idle_worker_that_grew_is_recycled(tmp_path):
    """Memory back after a meeting: once its users have left, a worker that grew since warm-up is
    restarted and warmed again (here the threshold is below any size, so any used worker counts)."""
    url = f"sqlite:///{tmp_path / 'recycle.db'}"
    init_database(make_engine(url))
    proxy, app = free_ports(2)
    argv = [sys.executable, "-m", "serving.serve", "--procs", "1", "--port", str(proxy), "--first-app-port", str(app)]
    argv += ["--run-dir", str(tmp_path / "run"), "--database-url", url, "--skip-init", "--recycle-mb=-100000"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    state_file = tmp_path / "run" / "serve.json"
    try:
        wait_until(lambda: serve.healthy(f"http://127.0.0.1:{proxy}/_stcore/health"), 120, "the worker behind the proxy")
        first = json.loads(state_file.read_text())["children"]["app1"]["pid"]
        time.sleep(35)  # past the first health checks: the supervisor has recorded the warmed size
        load_argv = [sys.executable, "-m", "serving.load", "--url", f"http://127.0.0.1:{proxy}", "--users", "3", "--duration", "12"]
        assert subprocess.run(load_argv + ["--ramp", "1", "--fail-on-error"], cwd=ROOT, capture_output=True, timeout=300).returncode == 0

        def recycled() -> bool:
            app1 = json.loads(state_file.read_text())["children"]["app1"]
            return app1["recycles"] >= 1 and app1["pid"] != first

        wait_until(recycled, 120, "the idle worker to be recycled")
        wait_until(lambda: serve.healthy(f"http://127.0.0.1:{proxy}/_stcore/health"), 120, "the recycled worker to serve again")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert "recycling" in out, out
