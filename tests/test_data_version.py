"""An import made by another process shows at the next rerun: the caches key on the data version."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from campus_metrics.bootstrap import init_database
from campus_metrics.db import data_version, make_engine
from campus_metrics.models import DataVersion

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
FUNDING = (
    "funding_id;region_code;year_start;funder_type;nature;amount_kind;amount_eur;in_totals;fact_status;source_id;quote\n"
    "fund_test_version;76;2017;region;operating;point;1000000;true;realised;S004;« a programmé 2,2 millions d'euros »\n"
)


def test_every_write_bumps_the_version_in_its_transaction(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'v.db'}")
    init_database(engine)
    seeded = data_version(engine)
    assert seeded >= 1, "the seed import is a write"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DataVersion)).scalar_one() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(FUNDING.replace("1000000", "-5"), encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "campus_metrics", "--database-url", str(engine.url), "import", str(bad), "--kind", "funding"], cwd=ROOT, capture_output=True
    )
    assert refused.returncode != 0
    assert data_version(engine) == seeded, "a refused import writes nothing, not even a version"


def test_an_import_by_another_process_shows_at_the_next_rerun(tmp_path, monkeypatch):
    db = tmp_path / "shared.db"
    url = f"sqlite:///{db}"
    init_database(make_engine(url))
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["_test"] = "no editor"
    at.run()
    at.selectbox(key="region").set_value("76")
    at.slider(key="annees").set_value((2017, 2017))
    at.run()
    assert not at.exception
    before = [m.value for m in at.metric if m.label == "Financements"]
    assert before == ["2,2\xa0M€"] or before == ["2,2 M€"], before
    at.run()  # a warm rerun: still the same, from the caches

    csv = tmp_path / "funding.csv"
    csv.write_text(FUNDING, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "campus_metrics", "--database-url", url, "import", str(csv), "--kind", "funding"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    time.sleep(1.2)  # the version itself is read at most once a second per process

    at.run()
    assert not at.exception
    values = [m.value.replace("\xa0", " ") for m in at.metric]
    assert "1 M€" in values, values  # the new realised line, beside the 2,2 M€ announced
