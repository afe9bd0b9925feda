"""Give memory back between reruns, not after each one.

Streamlit's default (`runner.postScriptGC`) runs a full `gc.collect()` after every rerun: under a
meeting-room load it took two thirds of a worker's CPU (577 → 169 ms per rerun without it, see
docs/PERFORMANCE.md). `make serve` turns it off; this reclaimer does the same work once every
`EVERY_S` seconds per process instead — cycles collected, then glibc asked to return free heap
pages to the system (`malloc_trim`), so a worker shrinks after the meeting's sessions close.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading

EVERY_S = 30.0


def _trim() -> None:
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to ask
        pass


def reclaim() -> None:
    """One full collection, then free heap pages back to the system."""
    gc.collect()
    _trim()


def _loop(every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        reclaim()


def start(every: float = EVERY_S, stop: threading.Event | None = None) -> threading.Thread:
    """Start the per-process reclaimer (call once per process, e.g. from `st.cache_resource`);
    it runs until `stop` is set, or for the life of the process."""
    thread = threading.Thread(target=_loop, args=(every, stop or threading.Event()), name="campus-memory-reclaimer", daemon=True)
    thread.start()
    return thread
