"""Axes that read right: whole-number ticks for counts, rates stopping at 100 %."""

from __future__ import annotations

import re

import pandas as pd
import vl_convert as vlc

from dashboard import charts

LABELS = re.compile(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', re.S)


def axis_labels(spec: dict) -> list[list[str]]:
    """The tick labels of every axis of the rendered chart, as drawn."""
    svg = vlc.vegalite_to_svg({**spec, "width": 600})
    return [re.findall(r">([^<>]+)</text>", group) for group in LABELS.findall(svg)]


def test_counts_axis_reads_whole_numbers_once_each():
    frame = pd.DataFrame({"year": ["2015", "2016", "2017", "2018"], "sites": [0, 0, 1, 1], "txt": ["0", "0", "1", "1"]})
    chart = charts.bar_chart(frame, category="year", value="sites", text="txt", horizontal=False, height=140, value_format=",.0f")
    value_axis = [labels for labels in axis_labels(chart.spec) if "2015" not in labels]
    assert value_axis, "a value axis is drawn"
    ticks = value_axis[0]
    assert len(ticks) == len(set(ticks)), f"no repeated tick: {ticks}"
    assert all(re.fullmatch(r"\d+", t) for t in ticks), ticks


def test_rate_axis_stops_at_100_percent():
    frame = pd.DataFrame({"cat": ["Sorties positives", "Embauches"], "value": [78.0, 64.0], "txt": ["78 %", "64 %"]})
    chart = charts.bar_chart(frame, category="cat", value="value", text="txt", value_title="%", cap=100)
    ticks = [labels for labels in axis_labels(chart.spec) if "Embauches" not in labels][0]
    numbers = [int(t.replace("\u202f", "").replace(" ", "")) for t in ticks]
    assert max(numbers) == 100 and 120 not in numbers, ticks
