"""Downloads a spreadsheet can compute with: read back with pandas and openpyxl, they hold numbers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
import vl_convert as vlc

from campus_metrics.filters import Filters
from dashboard import downloads, export

NAMES = {"regions": {"76": "Occitanie", "84": "Auvergne-Rhône-Alpes"}, "departements": {"46": "Lot", "2A": "Corse-du-Sud"}, "programmes": {}}


def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Financeur": ["Région Occitanie", "=HYPERLINK(1)", "Fiducial"],
            "Année de début": pd.array([2017, 2016, None], dtype="Int64"),
            "Montant min (€)": [2_200_000.0, 600_000.5, None],
            "Taux de sorties positives (%)": [78.0, 64.5, None],
            "Apprenants": pd.array([15, 126, None], dtype="Int64"),
        }
    )


def test_csv_holds_numbers_french_excel_style():
    raw = export.csv_bytes(sample())
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    text = raw.decode("utf-8-sig")
    assert "M€" not in text and " %" not in text.splitlines()[1], "units live in the header, not in cells"
    assert "600000,5" in text, "decimal comma"
    whole = export.csv_bytes(pd.DataFrame({"Montant (€)": [2_200_000.0, None], "Taux (%)": [78.5, 64.0]})).decode("utf-8-sig")
    assert whole.splitlines()[1:] == ["2200000;78,5", ";64,0"], "a column of whole amounts reads as integers"
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    for col in ("Année de début", "Montant min (€)", "Taux de sorties positives (%)", "Apprenants"):
        assert pd.api.types.is_numeric_dtype(back[col]), col
    assert back["Montant min (€)"].tolist()[:2] == [2_200_000.0, 600_000.5]
    assert back["Taux de sorties positives (%)"].iloc[0] == 78
    assert back["Financeur"].iloc[1].startswith("'="), "formula text is neutralised"


def test_xlsx_cells_are_typed_with_number_formats():
    raw = export.xlsx_bytes({"budgets_occitanie_2017": sample()})
    ws = openpyxl.load_workbook(io.BytesIO(raw)).active
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert row["Année de début"].data_type == "n" and row["Année de début"].value == 2017 and row["Année de début"].number_format == "0"
    assert row["Montant min (€)"].data_type == "n" and row["Montant min (€)"].value == 2_200_000 and "€" in row["Montant min (€)"].number_format
    rate = row["Taux de sorties positives (%)"]
    assert rate.data_type == "n" and rate.value == pytest.approx(0.78) and rate.number_format == "0%", "a typed percentage"
    assert row["Apprenants"].data_type == "n" and row["Apprenants"].number_format == "#,##0"
    assert row["Financeur"].data_type == "s"
    back = pd.read_excel(io.BytesIO(raw))
    assert pd.api.types.is_numeric_dtype(back["Montant min (€)"]) and pd.api.types.is_numeric_dtype(back["Année de début"])


@pytest.mark.parametrize(
    ("what", "f", "expected"),
    [
        ("budgets", Filters(regions=("76",), year_min=2017, year_max=2017), "budgets_occitanie_2017.csv"),
        ("promotions", Filters(), "promotions_france.csv"),
        ("budgets", Filters(regions=("84",), year_min=2016, year_max=2018), "budgets_auvergne-rhone-alpes_2016-2018.csv"),
        ("résultats", Filters.for_status_group("realised", departements=("2A",), programmes=("ern",)), "resultats_corse-du-sud_ern_realised.csv"),
    ],
)
def test_file_names_say_what_and_for_which_filters(what, f, expected):
    assert export.file_name(what, f, NAMES, "csv") == expected


def test_chart_png_carries_title_filters_and_sources():
    spec = {
        "data": {"values": [{"x": "a", "y": 1}]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}},
    }
    lines = ["2017 · Occitanie · Tous programmes", "Source : « Les écoles régionales du numérique », sept. 2017 — Annoncé"]
    full = downloads.png_spec(spec, "Qui a financé", lines)
    svg = vlc.vegalite_to_svg(full)
    for text in ("Qui a financé", "2017 · Occitanie · Tous programmes", "Les écoles régionales du numérique"):
        assert text.replace("'", "&#39;") in svg or text in svg, text
    png = downloads.png_bytes(spec, "Qui a financé", lines)
    assert png.startswith(b"\x89PNG")
    bare = vlc.vegalite_to_png(spec, scale=2)
    assert len(png) > len(bare), "the title and subtitle lines take room on the image"


def test_cohort_and_outcome_exports_hold_numbers(seeded):
    """The rates read 78, not « 78 % »; headcounts and years are numbers; both writers keep them so."""
    from campus_metrics import queries
    from dashboard import tables

    rates = queries.outcomes(seeded, Filters(regions=("76",)))
    rates = rates[rates["unit"] == "percent"]
    out = tables.outcomes_export(rates)
    back = pd.read_csv(io.BytesIO(export.csv_bytes(out)), sep=";", decimal=",", encoding="utf-8-sig")
    assert sorted(back["Valeur (%)"]) == [64, 78] and pd.api.types.is_numeric_dtype(back["Mesuré en (année)"])
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"resultats": out}))).active
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("Valeur (%)") + 1)
    assert cell.data_type == "n" and cell.number_format == "0%" and cell.value in (pytest.approx(0.78), pytest.approx(0.64))
    cohorts = tables.cohorts_export(queries.cohort_details(seeded, Filters(regions=("76",))))
    back = pd.read_csv(io.BytesIO(export.csv_bytes(cohorts)), sep=";", decimal=",", encoding="utf-8-sig")
    for col in ("Apprenants", "Durée (mois)", "Heures en centre", "Année de début", "Part des femmes (%)"):
        assert pd.api.types.is_numeric_dtype(back[col]), col
    assert 15 in set(back["Apprenants"]) and 1200 in set(back["Heures en centre"])
