"""The budget questions people ask, as charts and tables: investment against running costs, who paid.

Builders only (frames in, `charts.Chart` and display / export frames out); the page draws them.
Export frames hold numbers with the unit in the header (`dashboard.export`).
"""

from __future__ import annotations

import pandas as pd

from campus_metrics.labels import readable_note
from campus_metrics.text import tr
from dashboard import charts, tables, vega
from dashboard.cache import memo
from dashboard.i18n import _, code_label, lang, n_, status_text

NAMED_TYPES = ("private", "local_authority", "eu")  # a name alone does not say what kind of funder it is
PALE = 0.4
LABEL_PX = 280  # long funder and line names end with « … » (whole in the tooltip), so the bars keep room at 1280 px


def ref_words(refs: pd.DataFrame) -> dict[str, str]:
    """Row id -> how a note names that row: « Région Auvergne-Rhône-Alpes, 6,5 M€, 2017 »."""
    out = {}
    for r in refs.itertuples(index=False):  # a handful of rows: the ids one page's notes mention
        if r.kind == "funding":
            who = tables.text(r.name) or tables.text(r.beneficiary)
            parts = [who, tables.money(r.amount_min, r.amount_max), tables.years(r.year_start, r.year_end)]
        elif r.kind == "outcome":
            parts = [code_label("indicator", r.name), tables.years(r.year_start)]
        else:
            parts = [tables.text(r.name)]
        out[r.id] = _("« {what} »", what=", ".join(p for p in parts if p))
    return out


def notes(frame: pd.DataFrame, refs: pd.DataFrame) -> list[str]:
    """The notes column in words: no « in_totals=false », no row ids."""
    words = ref_words(refs)
    return tables.each(lambda n: readable_note(tables.text(n), words, lang()), frame["notes"])


def _counted_text(counted: pd.Series) -> pd.Series:
    return counted.astype(bool).map({True: _("Compté dans les totaux"), False: _("Non compté (détail ou doublon)")})


def _period_suffix(period: pd.Series) -> pd.Series:
    return period.map(lambda p: tr(lang(), "/an") if p == "per_year" else "")


@memo
def spending(lines: pd.DataFrame) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, display table, export frame) of the investment / running-cost lines (`queries.spending_lines`)."""
    if lines.empty:
        return None, pd.DataFrame(), pd.DataFrame()
    nature = pd.Series(tables.each(lambda c: code_label("nature", c), lines["nature"]), index=lines.index)
    who = lines["beneficiary"].fillna(lines["funder_name"]).fillna("")
    years = pd.Series(tables.each(tables.years, lines["year_start"], lines["year_end"]), index=lines.index)
    money = pd.Series(tables.each(tables.money, lines["amount_min_eur"], lines["amount_max_eur"]), index=lines.index)
    status = pd.Series(tables.each(status_text, lines["fact_status"]), index=lines.index)
    funder = pd.Series(tables.each(lambda n, k: tables.text(n) or code_label("funder_type", k), lines["funder_name"], lines["funder_type"]), index=lines.index)
    counted = _counted_text(lines["in_totals"])
    long = pd.DataFrame(
        {
            "row": nature + " — " + who + " (" + years + ")",
            "series": status,
            "counted": counted,
            "lo": lines["amount_min_eur"] / 1e6,
            "hi": lines["amount_max_eur"] / 1e6,
            "text": money + _period_suffix(lines["amount_period"]),
            "funder": funder,
        }
    )
    long["row"] = long["row"].str.replace(" —  (", " — (", regex=False)
    table = pd.DataFrame(
        {
            _("Nature"): nature,
            _("Montant"): long["text"],
            _("Financeur"): funder,
            _("Bénéficiaire"): who,
            _("Années"): years,
            _("Compté dans les totaux"): tables.each(lambda v: _("Oui") if v else _("Non"), lines["in_totals"]),
            _("Statut"): status,
        }
    )
    export = pd.DataFrame(
        {
            _("Nature"): nature,
            _("Financeur"): funder,
            _("Bénéficiaire"): who,
            _("Année de début"): lines["year_start"].astype("Int64"),
            _("Année de fin"): lines["year_end"].astype("Int64"),
            _("Montant min (€)"): lines["amount_min_eur"].astype(float),
            _("Montant max (€)"): lines["amount_max_eur"].astype(float),
            _("Période du montant"): tables.each(lambda p: code_label("amount_period", p), lines["amount_period"]),
            _("Compté dans les totaux"): tables.each(lambda v: _("Oui") if v else _("Non"), lines["in_totals"]),
            _("Statut"): status,
        }
    )
    return _spending_chart(long), table, export


@memo
def _spending_chart(long: pd.DataFrame) -> charts.Chart:
    """One bar per line: solid when counted, pale when not; a range is a bar from its minimum to its maximum, outlined."""
    colour = vega.channel("series", "nominal", title=None, scale=charts._scale(charts.status_scale(_status_codes(long["series"]))))
    # pale = not counted: the caption above the chart says so (a second legend would not fit at 1280 px)
    opacity = vega.channel(
        "counted",
        "nominal",
        title=None,
        legend=None,
        scale={"domain": [_("Compté dans les totaux"), _("Non compté (détail ou doublon)")], "range": [1.0, PALE]},
    )
    top = float(long["hi"].max() or 1)
    base = {
        "y": vega.channel("row", "nominal", title=None, sort=list(long["row"]), axis={"labelLimit": LABEL_PX + 60}),
        "tooltip": [
            vega.channel("row", "nominal", title=_("Nature")),
            vega.channel("funder", "nominal", title=_("Financeur")),
            vega.channel("text", "nominal", title=_("Montant")),
            vega.channel("series", "nominal", title=_("Statut")),
            vega.channel("counted", "nominal", title=" "),
        ],
    }
    x = vega.channel(
        "lo", "quantitative", title=_("Millions d'euros"), scale={"domain": [0, top * 1.45], "nice": False}, axis={"format": ",.1~f", "tickCount": 8}
    )
    layers = [
        vega.unit(vega.mark("bar", height={"band": 0.7}), {**base, "x": x, "color": colour, "opacity": opacity}),
        vega.unit(
            vega.mark("bar", height={"band": 0.7}, fillOpacity=0.25, strokeWidth=2.5),
            {**base, "x": vega.channel("lo", "quantitative"), "x2": {"field": "hi"}, "color": colour, "stroke": colour},
            transform=[{"filter": "(datum.hi > datum.lo)"}],
        ),
        vega.unit(
            vega.mark("text", align="left", dx=6, fontSize=charts.FONT_SIZE, color="#222222"),
            {**base, "x": vega.channel("hi", "quantitative"), "text": vega.channel("text", "nominal")},
        ),
    ]
    return charts.spec_of(vega.layered(layers, data=long, height=max(120, 44 * len(long) + 30), lang=lang()))


def _status_codes(labels: pd.Series) -> list[str]:
    """The status codes whose labels these are (the colour scale is keyed on codes)."""
    wanted = set(labels)
    return [code for code in charts.STATUS_COLOURS if status_text(code) in wanted]


def _bar_text(cmin, cmax, ymin, ymax, unknown, yearly_status=None) -> str:
    """What a funder's bar says: the counted amounts (a yearly one with its own status when the bar is
    the one-off amount's), or why there is no bar (« montant non publié »)."""
    parts = []
    if not tables._na(cmax):
        parts.append(tables.money(cmin, cmax))
    if not tables._na(ymax):
        yearly = tables.money(ymin, ymax) + tr(lang(), "/an")
        parts.append(f"{yearly} ({status_text(yearly_status).lower()})" if parts and not tables._na(yearly_status) else yearly)
    if parts:
        return " + ".join(parts)
    return _("montant non publié") if unknown else _("rien de compté")


def _funder_text(cmin, cmax, ymin, ymax, other, unknown) -> str:
    """« 6,5 M€ + 3,5 M€ par an ; 3 autres montants cités, non comptés » / « montant non publié »."""
    parts = []
    if not tables._na(cmax):
        parts.append(tables.money(cmin, cmax))
    if not tables._na(ymax):
        parts.append(tables.money(ymin, ymax) + tr(lang(), "/an"))
    head = " + ".join(parts)
    tail = []
    if other:
        tail.append(n_("{n} autre montant cité, non compté", "{n} autres montants cités, non comptés", int(other)))
    if unknown:
        tail.append(
            _("montant non publié") if not head and not other and unknown == 1 else n_("{n} montant non publié", "{n} montants non publiés", int(unknown))
        )
    if not head and not tail:
        return _("rien de compté")
    return " ; ".join(([head] if head else []) + tail)


@memo
def funders(frame: pd.DataFrame) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, display table, export frame) of `queries.funders`: named private funders included."""
    if frame.empty:
        return None, pd.DataFrame(), pd.DataFrame()
    kind = pd.Series(tables.each(lambda c: code_label("funder_type", c), frame["funder_type"]), index=frame.index)
    name = frame["funder_name"].astype(object)
    named_kind = frame["funder_type"].isin(NAMED_TYPES) & name.notna()
    who = name.where(name.notna(), kind).astype(str)
    who = who.where(~named_kind, who + " (" + kind + ")")
    text = tables.each(_funder_text, *(frame[c] for c in ("counted_min", "counted_max", "yearly_min", "yearly_max", "other_lines", "unknown_lines")))
    status = pd.Series(tables.each(status_text, frame["status"]), index=frame.index)
    bar = tables.each(_bar_text, *(frame[c] for c in ("counted_min", "counted_max", "yearly_min", "yearly_max", "unknown_lines", "yearly_status")))
    long = pd.DataFrame({"who": who, "v": frame["counted_max"].astype(float) / 1e6, "txt": bar, "all": text, "series": status})
    chart = charts.bar_chart(
        long,
        category="who",
        value="v",
        text="txt",
        value_title=_("Millions d'euros"),
        value_format=",.1~f",
        colour="series",
        colour_scale=charts.status_scale(frame["status"].dropna()),
        sort=list(long["who"]),
        tooltip=(("who:N", _("Financeur")), ("all:N", _("Montant")), ("series:N", _("Statut"))),
        domain_max=float(long["v"].max()) * 1.5 if long["v"].notna().any() else None,  # room for « 6,5 M€ + 3,5 M€/an (annoncé) »
        label_limit=LABEL_PX,
    )
    table = pd.DataFrame({_("Financeur"): who, _("Type de financeur"): kind, _("Montant"): text, _("Statut"): status})
    export = pd.DataFrame(
        {
            _("Financeur"): name.where(name.notna(), kind),
            _("Type de financeur"): kind,
            _("Comptés, min (€)"): frame["counted_min"].astype(float),
            _("Comptés, max (€)"): frame["counted_max"].astype(float),
            _("Comptés par an, min (€/an)"): frame["yearly_min"].astype(float),
            _("Comptés par an, max (€/an)"): frame["yearly_max"].astype(float),
            _("Autres montants cités, non comptés (nombre)"): frame["other_lines"].astype(int),
            _("Montants non publiés (nombre)"): frame["unknown_lines"].astype(int),
            _("Statut"): status,
        }
    )
    return chart, table, export


def breakdown_export(long: pd.DataFrame, group_title: str, per_year: bool) -> pd.DataFrame:
    """A breakdown chart's rows as numbers: group, status, minimum and maximum in euros."""
    unit = (_(" (€/an)")) if per_year else " (€)"
    return pd.DataFrame(
        {
            group_title: long["group"],
            _("Statut"): long["series"],
            _("Montant min (€)")[: -len(" (€)")] + unit: (long["lo"] * 1e6).round(2),
            _("Montant max (€)")[: -len(" (€)")] + unit: (long["hi"] * 1e6).round(2),
        }
    )
