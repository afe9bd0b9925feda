"""Export one readable file per table: labels beside ids, plain numbers, no live formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from campus_metrics import models as m
from campus_metrics.labels import label
from campus_metrics.validation import format_partial_date

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text cells that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def unneutralise(value):
    """Inverse of `neutralise` on import of our own exports."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES and value[1:2] != "":
        return value[1:]
    return value


def _df(engine: Engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(stmt, conn)


def export_tables(engine: Engine) -> dict[str, pd.DataFrame]:
    """One frame per importable kind, in the import format plus human label columns."""
    S, P, Si, C, F, O, I = m.Source, m.Programme, m.Site, m.Cohort, m.FundingLine, m.Outcome, m.Indicator
    D, R, Co = m.Departement, m.Region, m.Commune
    out: dict[str, pd.DataFrame] = {}

    src = _df(engine, select(S).where(S.synthetic.is_(False)).order_by(S.id))
    out["sources"] = pd.DataFrame(
        {
            "source_id": src["id"],
            "publisher": src["publisher"],
            "title": src["title"],
            "author": src["author"],
            "published_on": [
                format_partial_date(d, p)
                for d, p in zip(pd.to_datetime(src["published_on"]).dt.date.where(src["published_on"].notna(), None), src["date_precision"], strict=True)
            ],
            "seed_file": src["seed_file"],
            "url": src["url"],
            "licence": src["licence"],
            "notes": src["notes"],
            "batch_id": src["batch_id"].astype("Int64"),
        }
    )
    prog = _df(
        engine,
        select(P.id.label("programme_id"), P.name, P.kind, P.region_code, R.name.label("region_name"), P.description, P.source_id, P.batch_id)
        .outerjoin(R, R.code == P.region_code)
        .order_by(P.id),
    )
    out["programmes"] = prog[["programme_id", "name", "kind", "region_code", "description", "source_id", "region_name", "batch_id"]].astype(
        {"batch_id": "Int64"}
    )

    titles = select(S.id, S.title).subquery()
    sites = _df(
        engine,
        select(
            Si.id.label("site_id"),
            Si.name,
            Si.operator,
            Si.commune_insee,
            Co.name.label("commune_name"),
            Si.departement_code,
            Si.address,
            Si.site_status,
            Si.opened_on,
            Si.opening_year,
            Si.local_partner,
            Si.fact_status,
            Si.source_id,
            Si.quote,
            Si.notes,
            Si.batch_id,
            D.name.label("departement_name"),
            R.name.label("region_name"),
            titles.c.title.label("source_title"),
        )
        .join(Co, Co.insee == Si.commune_insee)
        .join(D, D.code == Si.departement_code)
        .join(R, R.code == Si.region_code)
        .join(titles, titles.c.id == Si.source_id)
        .order_by(Si.id),
    )
    with engine.connect() as conn:
        links = conn.execute(select(m.site_programmes.c.site_id, m.site_programmes.c.programme_id)).all()
        main = dict(conn.execute(select(Si.id, Si.programme_id)).all())
    by_site: dict[str, list[str]] = {}
    for site_id, programme in links:
        by_site.setdefault(site_id, []).append(programme)
    ordered = {s: sorted(ps, key=lambda p, s=s: (p != main.get(s), p)) for s, ps in by_site.items()}
    sites.insert(2, "programmes", sites["site_id"].map(lambda s: "|".join(ordered.get(s, []))))
    sites.insert(0, "site_status_label", sites["site_status"].map(lambda c: label("site_status", c)))
    out["sites"] = _move_labels(sites)

    def facts(model, cols, extra_labels):
        frame = _df(
            engine,
            select(*cols, D.name.label("departement_name"), R.name.label("region_name"), P.name.label("programme_name"), titles.c.title.label("source_title"))
            .outerjoin(D, D.code == model.departement_code)
            .outerjoin(R, R.code == model.region_code)
            .outerjoin(P, P.id == model.programme_id)
            .join(titles, titles.c.id == model.source_id)
            .order_by(model.id),
        )
        frame["fact_status_label"] = frame["fact_status"].map(lambda c: label("fact_status", c))
        for col, kind in extra_labels.items():
            frame[f"{col}_label"] = frame[col].map(lambda c, kind=kind: label(kind, c))
        return frame

    common = lambda t: [t.fact_status, t.source_id, t.quote, t.notes, t.batch_id]  # noqa: E731
    coh = facts(
        C,
        [
            C.id.label("cohort_id"),
            C.fact_key,
            C.site_id,
            C.programme_id,
            C.region_code,
            C.departement_code,
            C.label,
            C.start_date,
            C.year_start.label("start_year"),
            C.year_end.label("end_year"),
            C.learners,
            C.candidates,
            C.women_share_pct,
            C.duration_months,
            C.hours_centre,
            C.hours_company,
            C.level,
            *common(C),
        ],
        {},
    )
    out["cohorts"] = coh
    fund = facts(
        F,
        [
            F.id.label("funding_id"),
            F.fact_key,
            F.beneficiary,
            F.site_id,
            F.programme_id,
            F.region_code,
            F.departement_code,
            F.year_start,
            F.year_end,
            F.funder_name,
            F.funder_type,
            F.nature,
            F.amount_kind,
            F.amount_min_eur,
            F.amount_max_eur,
            F.amount_period,
            F.in_totals,
            *common(F),
        ],
        {"funder_type": "funder_type", "nature": "nature", "amount_kind": "amount_kind", "amount_period": "amount_period"},
    )
    point = fund["amount_kind"].isin(["point", "shortfall"])
    fund.insert(13, "amount_eur", fund["amount_min_eur"].where(point))
    fund.loc[point, ["amount_min_eur", "amount_max_eur"]] = None
    fund["in_totals"] = fund["in_totals"].map(lambda b: "true" if b else "false")
    out["funding"] = fund
    out["outcomes"] = facts(
        O,
        [
            O.id.label("outcome_id"),
            O.fact_key,
            O.programme_id,
            O.site_id,
            O.cohort_id,
            O.region_code,
            O.departement_code,
            O.year_start.label("year"),
            O.cohort_period,
            O.indicator,
            O.value,
            O.unit,
            O.base_count,
            O.base_description,
            *common(O),
        ],
        {"indicator": "indicator"},
    )
    ind = facts(
        I,
        [
            I.id.label("indicator_id"),
            I.fact_key,
            I.territory_level,
            I.territory_code,
            I.programme_id,
            I.year_start.label("year"),
            I.name,
            I.label,
            I.value,
            I.unit,
            *common(I),
        ],
        {},
    )
    out["indicators"] = _move_labels(ind)
    # keep the site-level rows' territory implied by the site, as the import derives it again
    for kind in ("cohorts", "funding", "outcomes"):
        frame = out[kind]
        has_site = frame["site_id"].notna()
        if kind == "outcomes":
            has_site = has_site | frame["cohort_id"].notna()
        frame.loc[has_site, ["region_code", "departement_code"]] = None
        if kind != "outcomes":
            pass
        out[kind] = _move_labels(frame)
    return out


def _move_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Import columns first, human label columns after them, the import batch of the row last."""
    human = [c for c in frame.columns if c.endswith(("_label", "_name", "_title")) and c not in ("commune_name",)]
    last = ["batch_id"] if "batch_id" in frame.columns else []
    if last:
        frame = frame.assign(batch_id=frame["batch_id"].astype("Int64"))
    return frame[[c for c in frame.columns if c not in human and c not in last] + human + last]


def export_to(engine: Engine, directory: Path, fmt: str = "csv") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, frame in export_tables(engine).items():
        safe = neutralise_frame(frame)
        if fmt == "xlsx":
            path = directory / f"{kind}.xlsx"
            safe.to_excel(path, index=False, sheet_name=kind[:31])
        else:
            path = directory / f"{kind}.csv"
            # every text quoted, CRLF records: a CR, LF or tab inside a text stays inside its cell
            safe.to_csv(path, index=False, encoding="utf-8", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        written.append(path)
    return written
