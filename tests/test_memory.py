"""The reclaimer that replaces Streamlit's gc-after-every-rerun: it frees reference cycles and runs in the background."""

from __future__ import annotations

import gc
import threading
import time
import weakref

from dashboard import memory


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def test_reclaim_frees_cycles():
    gc.disable()  # so that only reclaim() can collect
    try:
        ref = weakref.ref(Node())
        assert ref() is not None, "the cycle survives without a collection"
        memory.reclaim()
        assert ref() is None
    finally:
        gc.enable()


def test_the_background_reclaimer_collects_on_its_own():
    gc.disable()
    try:
        ref = weakref.ref(Node())
        stop = threading.Event()
        thread = memory.start(every=0.05, stop=stop)
        deadline = time.monotonic() + 10
        while ref() is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert thread.daemon and thread.is_alive()
        assert ref() is None, "the reclaimer thread collected the cycle"
        stop.set()
        thread.join(5)
        assert not thread.is_alive()
    finally:
        gc.enable()
