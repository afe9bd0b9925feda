"""The map section: sites per département as a choropleth, the sites themselves, and its notes."""

from __future__ import annotations

import pandas as pd
from shapely.geometry import shape
from sqlalchemy import Engine

from campus_metrics import charts_static as cs
from campus_metrics import formatting as fm
from campus_metrics import geo
from campus_metrics import queries as q
from campus_metrics.brief.content import Section, Table
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.values import _na, status_short
from campus_metrics.brief.words import _t
from campus_metrics.figures.cards import cap as _cap
from campus_metrics.figures.classes import map_classes
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.text import ntr, tr

MAX_MAP_LABELS = 15
MAX_SITES_LISTED = 10  # one slide, a third of a page: the rest is on the map page
SITE_ORDER = {"open": 0, "planned": 1, "closed": 2}
MAX_MAP_POINTS = 600


def _sites_text(lo: float, hi: float, L: str) -> str:
    if lo == hi:
        return _t("n_sites" if lo == 1 else "n_sites_pl", L, n=fm.number(lo, L))
    return tr(L, "{n} sites", n=f"{fm.number(lo, L)} – {fm.number(hi, L)}")


_POINT_STYLE = {"open": "filled", "planned": "hollow", "closed": "grey"}


def _map_section(engine: Engine, f: Filters, names: dict, points: pd.DataFrame, coverage: list[str], unalloc_text: str, no_data: bool, L: str) -> Section:
    totals = q.departement_totals(engine, f)
    dep_props = {feat["properties"]["code"]: feat["properties"] for feat in geo.geojson("departements")["features"]}
    idx, classes = map_classes(totals.set_index("code")["sites"].astype(float), len(cs.BLUES))
    areas = {code: cs.MapArea(code, cs.BLUES[i] if i >= 0 else cs.NO_DATA, True) for code, i in idx.items()}
    scope_regions = sorted({dep_props.get(c, {}).get("region", "") for c in totals["code"]} - {""})
    if f.departements:
        focus = [c for c, p in dep_props.items() if p.get("region") in scope_regions]
    elif f.regions:
        focus = list(totals["code"])
    else:
        focus = []
    zone = cs.zone_of(scope_regions) if f.is_territorial else "metro"
    legend = [cs.LegendItem(_sites_text(lo, hi, L), "square", cs.BLUES[ci]) for lo, hi, ci in classes]
    legend.append(cs.LegendItem(tr(L, "Aucun site sourcé"), "square", cs.NO_DATA))
    if f.is_territorial:
        legend.append(cs.LegendItem(tr(L, "Hors périmètre"), "square", cs.OUTSIDE))
    map_points: list[cs.MapPoint] = []
    overseas = 0
    statuses_present: set[str] = set()
    if not points.empty:
        pts = points.copy()
        pts["style"] = pts["site_status"].map(_POINT_STYLE).fillna("filled")
        statuses_present = set(pts["site_status"].dropna())
        groups = list(pts.groupby(["lat", "lon", "style"], sort=True))
        label_all = f.is_territorial or len(groups) <= 8
        # name at most the 15 biggest groups: beyond that a map label is noise
        sizes = sorted((len(g) for _, g in groups), reverse=True)
        min_size = sizes[min(len(sizes), MAX_MAP_LABELS) - 1] if sizes else 1
        for (lat, lon, style), g in groups:
            if zone == "metro" and g["region_code"].iloc[0] in cs.OVERSEAS_REGIONS:
                overseas += len(g)
                continue
            n = len(g)
            text = str(g["commune"].iloc[0]) + (f" ({n})" if n > 1 else "")
            named = (label_all or n > 1) and n >= min_size
            map_points.append(cs.MapPoint(float(lon), float(lat), text if named else "", n, str(style)))
    too_many = len(map_points) > MAX_MAP_POINTS
    if too_many:  # thousands of dots hide the map (and cost seconds to draw): the colours carry the counts
        map_points, statuses_present = [], set()
    for code, kind in _POINT_STYLE.items():
        if code in statuses_present:
            legend.append(cs.LegendItem(label("site_status", code, L) if L != "fr" else f"Site {label('site_status', code, L).lower()}", kind))
    names_on_map = []
    if f.departements:  # name the chosen départements: a small one is hard to find otherwise
        for code in f.departements:
            feat = next((ft for ft in geo.geojson("departements")["features"] if ft["properties"]["code"] == code), None)
            if feat is not None:
                pt = shape(feat["geometry"]).representative_point()
                names_on_map.append((pt.x, pt.y, feat["properties"]["nom"]))
    spec = cs.map_chart(
        areas,
        map_points,
        legend,
        focus=focus,
        zone=zone,
        width=590,
        height=372,
        legend_width=205,
        lang=L,
        legend_title=tr(L, "Sites par\ndépartement"),
        names=names_on_map,
    )
    png = cs.render_png(spec)
    w, h = cs.png_size(png)
    notes = []
    if no_data:
        notes.append(tr(L, "Aucune donnée sourcée pour ce périmètre."))
    notes.append(tr(L, "Couleur : nombre de sites nommés par les sources dans chaque département, quel que soit leur état (ouvert, prévu, fermé)."))
    if not points.empty:
        notes.append(
            ntr(L, "{n} site localisé", "{n} sites localisés", len(points), n=fm.number(len(points), L))
            + " "
            + ntr(L, "dans {c} commune.", "dans {c} communes.", points["commune"].nunique(), c=fm.number(points["commune"].nunique(), L))
        )
    if too_many:
        notes.append(
            tr(L, "Plus de {n} lieux : les sites ne sont pas dessinés un à un, la couleur des départements en donne le nombre.", n=fm.number(MAX_MAP_POINTS, L))
        )
    if overseas:
        notes.append(
            ntr(
                L,
                "{n} site outre-mer non représenté sur cette carte.",
                "{n} sites outre-mer non représentés sur cette carte.",
                overseas,
                n=fm.number(overseas, L),
            )
        )
    if coverage:
        notes.append(tr(L, "Couverture : {s}. Les sites non nommés ne sont pas sur la carte.", s=" ; ".join(_cap(coverage, L, 1))))
    if unalloc_text:
        notes.append(tr(L, "Non réparti par département (chiffres de programme, montants ponctuels) : {items}.", items=unalloc_text))
    return Section(
        "map",
        tr(L, "Carte : sites nommés par département"),
        image=png,
        image_pt=(w / cs.SCALE, h / cs.SCALE),
        notes=notes,
        small=[tr(L, geo.ATTRIBUTION)],
    )


def _opening(opened_on, opening_year, L: str) -> str:
    """« 6 sept. 2017 » when the day is known, else the year, else « date inconnue »."""
    if not _na(opened_on):
        return fm.date(opened_on, "day", L)
    if not _na(opening_year):
        return str(int(opening_year))
    return tr(L, "date inconnue")


def _sites_section(engine: Engine, f: Filters, points: pd.DataFrame, book: SourceBook, L: str) -> Section:
    """« Where exactly? »: the territory's sites (name, commune, opening, status, source), the top ones and how many more."""
    sec = Section("sites", tr(L, "Sites du territoire"))
    total = q.site_count(engine, f)
    if points.empty or not total:
        sec.empty = tr(L, "Aucun site nommé par les sources dans ce périmètre.")
        return sec
    ranked = points.assign(
        _state=points["site_status"].map(SITE_ORDER).fillna(len(SITE_ORDER)),
        _size=pd.to_numeric(points["cohort_learners"], errors="coerce").fillna(-1),
        _year=pd.to_numeric(points["opening_year"], errors="coerce").fillna(9999),
    ).sort_values(["_state", "_size", "_year", "name"], ascending=[True, False, True, True])
    top = ranked.head(MAX_SITES_LISTED)
    rows = [
        [
            str(r["name"]),
            f"{r['commune']} ({r['departement_code']})",
            _opening(r["opened_on"], r["opening_year"], L),
            f"{label('site_status', r['site_status'], L)} ({status_short(r['fact_status'], L).lower()})",
            book.refs(r["source_id"]),
        ]
        for r in top.to_dict("records")  # ten rows at most
    ]
    sec.lead = ntr(
        L,
        "{n} site nommé par les sources dans ce périmètre : ouverts d'abord, puis prévus, les plus grandes promotions en tête.",
        "{n} sites nommés par les sources dans ce périmètre : ouverts d'abord, puis prévus, les plus grandes promotions en tête.",
        total,
        n=fm.number(total, L),
    )
    sec.table = Table(
        [_t(k, L) for k in ("si_name", "si_commune", "si_opening", "si_status", "si_source")], rows, [4.0, 2.3, 1.9, 1.5, 2.0], first_col_bold=True
    )
    if total > len(top):
        sec.notes.append(
            ntr(
                L,
                "… et {n} autre site : la liste complète est sur la page Carte du tableau de bord.",
                "… et {n} autres sites : la liste complète est sur la page Carte du tableau de bord.",
                total - len(top),
                n=fm.number(total - len(top), L),
            )
        )
    return sec
