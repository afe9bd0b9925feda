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


def _csv(frame: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """A download read back as French Excel would: `;`, decimal comma, UTF-8 with BOM."""
    return pd.read_csv(io.BytesIO(export.csv_bytes(frame)), sep=";", decimal=",", encoding="utf-8-sig", **kwargs)


def _xlsx_rows(frame: pd.DataFrame) -> list[dict]:
    """The first sheet of the .xlsx download as {header: cell} rows."""
    ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"x": frame}))).active
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def _numbers_and_blanks(frame: pd.DataFrame, columns: list[str], source: pd.DataFrame, fields: list[str]) -> None:
    """Each column holds numbers where the query has one (the same value), and is empty where it is unknown:
    in the CSV read back, and as typed number cells (or empty cells) in the .xlsx."""
    back = _csv(frame, dtype={c: str for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])})
    rows = _xlsx_rows(frame)
    for column, field in zip(columns, fields, strict=True):
        assert column.endswith(("(€)", "(€/an)")) or "(" not in column, column
        assert pd.api.types.is_numeric_dtype(back[column]), column
        expected = pd.to_numeric(source[field], errors="coerce").reset_index(drop=True)
        assert back[column].isna().tolist() == expected.isna().tolist(), f"{column}: unknown stays empty, never 0"
        assert back[column].dropna().tolist() == pytest.approx(expected.dropna().tolist()), column
        for row, value in zip(rows, expected, strict=True):
            cell = row[column]
            assert (cell.value is None) if pd.isna(value) else (cell.data_type == "n" and cell.value == pytest.approx(value)), column


def test_overview_year_export_holds_numbers(seeded):
    from campus_metrics import queries
    from dashboard import tables

    for f in (Filters(), Filters(regions=("76",)), Filters(regions=("84",), statuses=("announced",))):
        ys = queries.year_series(seeded, f)
        out = tables.year_series_export(ys, "Réalisé", "« Les écoles régionales du numérique », sept. 2017")
        ys = ys.reindex(columns=list(dict.fromkeys([*ys.columns, "learners", "money_min", "money_max"])))
        columns = ["Année", "Sites ouverts", "Apprenants entrés en formation", "Montant engagé min (€)", "Montant engagé max (€)"]
        _numbers_and_blanks(out, columns, ys, ["year", "sites_opened", "learners", "money_min", "money_max"])
        assert set(out["Statut des apprenants et montants"]) == {"Réalisé"} and out["Sources"].str.contains("sept. 2017").all()
        money = _xlsx_rows(out)
        assert all("€" in r["Montant engagé min (€)"].number_format for r in money), "euros as a typed number format"


def test_compare_export_one_row_per_territory_and_status_group(seeded):
    from campus_metrics import queries
    from dashboard import charts, compare_view

    f = Filters()
    ct = queries.compare_territories(seeded, f, ("76", "84"))
    out = compare_view.export_table(ct, f, (("S004", "« ERN », sept. 2017"),))
    assert len(out) == len(ct) * len(f.groups), "realised and announced on separate rows, never added"
    fields = ["sites_{g}", "sites_per_million_{g}", "learners_{g}", "money_{g}_min", "money_{g}_max", "money_per_inhabitant_{g}"]
    columns = ["Sites", "Sites par million d'habitants", "Apprenants", "Montant ponctuel min (€)", "Montant ponctuel max (€)", "Euros par habitant"]
    for g in f.groups:
        mine = out[out["Statut"] == charts.group_text(g.value)].reset_index(drop=True)
        source = ct.assign(**{field.format(g="x"): ct[field.format(g=g.value)] for field in fields})
        _numbers_and_blanks(mine, columns, source, [field.format(g="x") for field in fields])
    assert out["Apprenants"].isna().any(), "the seed has an unknown headcount (Occitanie, realised): it must stay empty"
    back = _csv(out, dtype={"Code": str})
    assert back["Code"].tolist() == ["76", "84", "76", "84"] and pd.api.types.is_numeric_dtype(back["Taux de sorties positives (%)"])
    assert pd.api.types.is_integer_dtype(back["Population"]) and back["Population"].tolist()[:2] == ct["population"].tolist()
    rate = [r["Taux de sorties positives (%)"] for r in _xlsx_rows(out)]
    typed = [c for c in rate if c.value is not None]
    assert len(typed) == ct["positive_exit_rate"].notna().sum(), "a rate is on the row of its own status group only"
    assert all(c.number_format == "0%" for c in typed)
    assert (out["Sources"] == "« ERN », sept. 2017").any(), "sources in words where known"
    assert export.file_name("comparaison", Filters(regions=("76", "84")), NAMES, "csv") == "comparaison_occitanie_auvergne-rhone-alpes.csv"


def test_map_totals_export_holds_numbers(seeded):
    from campus_metrics import queries
    from dashboard import tables

    totals = queries.departement_totals(seeded, Filters())
    known = totals[(totals["sites"] > 0) | totals["learners"].notna() | totals["money_min"].notna()].assign(region_name="x")
    # the seed publishes no amount per département: one row with a range shows how euros are written
    extra = pd.DataFrame({"code": ["2A"], "name": ["Corse-du-Sud"], "population": [158_507], "region_code": ["94"], "sites": [2]})
    extra = extra.assign(learners=None, money_min=600_000.0, money_max=800_000.0, learners_per_100k=None, region_name="Corse")
    rows = pd.concat([known, extra], ignore_index=True)
    out = tables.departement_totals_export(rows, "Réalisé")
    columns = ["Sites", "Apprenants", "Montant min (€)", "Montant max (€)", "Apprenants pour 100 000 habitants", "Population"]
    _numbers_and_blanks(out, columns, rows, ["sites", "learners", "money_min", "money_max", "learners_per_100k", "population"])
    back = _csv(out, dtype={"Code du département": str})
    assert back["Code du département"].tolist() == rows["code"].tolist(), "codes stay text (« 09 », « 2A »)"
    assert back["Apprenants"].notna().any() and back["Apprenants"].isna().any(), "the seed has known and unknown headcounts"
    money = _xlsx_rows(out)[-1]["Montant max (€)"]
    assert money.data_type == "n" and money.value == 800_000 and "€" in money.number_format


@pytest.mark.parametrize(("page", "expander"), [("map", "Totaux par département"), ("compare", "Voir les données"), ("overview", "Voir les données")])
def test_pages_offer_number_downloads_under_their_tables(app, page, expander):
    """CSV and Excel buttons under the map's département totals, the key figures and the comparison."""
    at = app().run()
    at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception
    box = next(e for e in at.expander if expander in str(e.label))
    labels = [b.proto.label for b in box.get("download_button")]
    assert labels[:2] == ["CSV", "Excel"], labels


@pytest.mark.parametrize("f", [Filters(regions=("76",), year_min=2017, year_max=2017), Filters(), Filters(departements=("23",))])
def test_key_figure_export_one_row_per_figure_part(seeded, f):
    """Each known part of each figure is a row with its value in the column of its unit; an unknown figure is a row of empty values."""
    from campus_metrics.figures import compute_all
    from campus_metrics.figures.cards import card
    from campus_metrics.figures.catalogue import BY_KEY, Unit
    from dashboard import key_figures_table

    figures = list(compute_all(seeded, f).values())
    shown, out = key_figures_table.frames(figures, [card(x) for x in figures], f.period_text(), {})
    expected = [(fig, part) for fig in figures for part in (fig.known_parts or (None,))]
    assert len(out) == len(shown) == len(expected)
    back = _csv(out)
    rows = _xlsx_rows(out)
    money = ("Valeur min (€)", "Valeur max (€)", "Valeur annuelle min (€/an)", "Valeur annuelle max (€/an)")
    value_columns = ("Nombre", *money, "Taux min (%)", "Taux max (%)")
    for column in value_columns:
        assert pd.api.types.is_numeric_dtype(back[column]), column
    for i, (fig, part) in enumerate(expected):
        unit = BY_KEY[fig.key].unit
        filled = {c: back.loc[i, c] for c in value_columns if pd.notna(back.loc[i, c])}
        if part is None:
            assert filled == {}, f"{fig.key}: unknown stays empty, never 0"
            assert all(rows[i][c].value is None for c in value_columns)
            continue
        column = {Unit.count: "Nombre", Unit.percent: "Taux min (%)"}.get(unit) or (
            "Valeur annuelle min (€/an)" if part.period == "per_year" else "Valeur min (€)"
        )
        assert filled[column] == pytest.approx(part.value), fig.key
        assert rows[i][column].data_type == "n" and rows[i][column].value == pytest.approx(part.value / 100 if unit == Unit.percent else part.value)
        assert set(filled) <= {column, column.replace("min", "max")}, f"{fig.key}: one unit per row"
    assert len(set(back["Période"])) == 1
