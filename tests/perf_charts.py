"""CPU per chart build (median of 15), for docs/PERFORMANCE.md: `python tests/perf_charts.py`.

Not collected by pytest (no test_ prefix).
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import numpy as np
import pandas as pd

from dashboard import charts

f = pd.DataFrame(
    {"cat": [f"Région {i}" for i in range(13)], "v": np.arange(13.0) * 7, "txt": [f"{i} k" for i in range(13)], "grp": ["Réalisé", "Annoncé"] * 6 + ["Réalisé"]}
)
long = pd.DataFrame(
    {
        "group": [f"G{i}" for i in range(8)],
        "series": ["Réalisé"] * 8,
        "status": ["realised"] * 8,
        "lo": np.arange(8.0),
        "hi": np.arange(8.0) + 1,
        "text": ["x"] * 8,
        "lines": [1] * 8,
    }
)


def bench(fn, n=15):
    ts = []
    for _ in range(n):
        t0 = time.process_time()
        fn()
        ts.append((time.process_time() - t0) * 1000)
    return statistics.median(ts)


bar = charts._bar_chart.__wrapped__
kw = dict(
    category="cat",
    value="v",
    text="txt",
    category_title="C",
    value_title="V",
    colour="grp",
    colour_scale=(("Réalisé", "Annoncé"), ("#000", "#111")),
    value_format=",.0f",
    domain_max=None,
    rule_at=50.0,
    rule_label="moy",
    horizontal=True,
    sort=None,
    height=None,
    tooltip=None,
    offset="grp",
)
extra = {k: v for k, v in (("cap", None), ("label_limit", 440)) if k in bar.__code__.co_varnames}
print("bar chart ms cpu", bench(lambda: bar(f, **kw, **extra)))
print("money chart ms cpu", bench(lambda: charts._money_chart.__wrapped__(long, "G", None)))
