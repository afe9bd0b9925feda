"""CPU of a rerun after a filter change, per page (AppTest, one process), for docs/PERFORMANCE.md.

`python tests/perf_new_filter.py DATABASE_URL [page,page,...]`; wrap it in
`py-spy record -f raw -o out.raw -- ...` to see where the time goes. Not collected by pytest.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CAMPUS_METRICS_DATABASE_URL"] = sys.argv[1]
from streamlit.testing.v1 import AppTest  # noqa: E402 (after the database URL is set)

PAGES = sys.argv[2].split(",") if len(sys.argv) > 2 else ["overview", "map", "budgets", "cohorts", "outcomes", "compare", "sources_data"]
REG = ["", "84", "27", "53", "24", "94", "44", "32", "11", "28", "75", "76", "93", "01", "02", "03", "04", "06"]
for page in PAGES:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    at.secrets["_perf"] = "1"
    at.run()
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    rng = random.Random(5)
    cpu = []
    for k in range(6):
        y = rng.randint(2015, 2024)
        at.selectbox(key="region").set_value(REG[k % len(REG) + 1])
        at.slider(key="annees").set_value((y, y))
        c0 = time.process_time()
        at.run()
        cpu.append((time.process_time() - c0) * 1000)
        assert not at.exception, at.exception
    c0 = time.process_time()
    at.run()
    warm = (time.process_time() - c0) * 1000
    print(f"{page:<14} new-filter cpu ms median {statistics.median(cpu):6.0f}  max {max(cpu):6.0f}  warm {warm:5.0f}", flush=True)
