"""SYNTHETIC data at national ten-year volume, for load tests and benchmarks only.

Everything written here is invented: every row points to a `sources` row with
`synthetic = True` whose title says « DONNÉES SYNTHÉTIQUES … ne pas citer », every id
starts with `SYN-` (programmes with `syn_`, names with « [Synthétique] »). It goes into
its own database: `generate` refuses a database that holds sourced (non-synthetic) data.

scale=1.0 is about 20 000 sites, 200 000 cohorts, 500 000 funding lines, 200 000
outcomes and ~1 700 context indicators over 2015–2024, placed in real communes drawn
in proportion to their population. The output depends only on (scale, seed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, func, inspect, select

from campus_metrics import models as m

YEARS = (2015, 2024)
VOLUME = {"sites": 20_000, "cohorts": 200_000, "funding_lines": 500_000, "outcomes": 200_000}
N_SOURCES = 5
CHUNK = 50_000
SYN_TABLES = ("outcomes", "funding_lines", "cohorts", "site_programmes", "sites", "indicators", "programmes", "sources")

NATIONAL_PROGRAMMES = (
    ("syn_label_national", "Label national de formations au numérique", "label"),
    ("syn_reseau_codeurs", "Réseau d'écoles de code", "network"),
    ("syn_ecole_data", "École de la donnée", "school"),
    ("syn_parcours_reconversion", "Parcours de reconversion numérique", "training"),
    ("syn_reseau_cyber", "Réseau cybersécurité", "network"),
    ("syn_campus_inclusion", "Campus inclusion numérique", "campus"),
)
FUNDER_TYPES = ("region", "state", "private", "local_authority", "eu", "mixed", "unknown")
FUNDER_P = (0.35, 0.20, 0.10, 0.15, 0.08, 0.05, 0.07)
NATURES = ("investment", "operating", "teaching", "total", "unknown")
NATURE_P = (0.25, 0.25, 0.30, 0.12, 0.08)
AMOUNT_KINDS = ("point", "range", "shortfall", "unknown")
AMOUNT_P = (0.75, 0.08, 0.05, 0.12)
STATUSES = ("realised", "voted", "announced", "estimate")
LEVELS = ("Bac+2", "Bac+3", "Niveau 5", "Niveau 6", "Niveau 4")
INDICATORS = (
    # name, unit, share, low, high
    ("positive_exit_rate", "percent", 0.40, 35.0, 95.0),
    ("employment_rate", "percent", 0.30, 20.0, 85.0),
    ("exit_salary", "eur_per_month", 0.15, 1400.0, 3200.0),
    ("job_offers", "count", 0.15, 0.0, 40.0),
)
BASE_TEXT = {
    "positive_exit_rate": "Apprenants sortis de la promotion ayant une sortie positive (base fictive)",
    "employment_rate": "Apprenants de la promotion embauchés en CDI ou CDD de plus de 6 mois (base fictive)",
    "exit_salary": "Salaire mensuel brut médian déclaré à la sortie (base fictive)",
    "job_offers": "Offres d'emploi reçues à la sortie (base fictive)",
}


class SyntheticRefused(RuntimeError):
    """The target database holds sourced data: synthetic rows must never be mixed with it."""


def source_title(seed: int) -> str:
    return f"DONNÉES SYNTHÉTIQUES — générées (graine {seed}), ne pas citer"


# --- safety ------------------------------------------------------------------------------


def check_target(engine: Engine) -> None:
    """Raise SyntheticRefused when the database already holds non-synthetic data."""
    tables = set(inspect(engine).get_table_names())
    problems = []
    with engine.connect() as conn:
        if "sources" in tables:
            real = conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_not(True))).scalar_one()
            if real:
                problems.append(f"{real} source(s) non synthétique(s) dans la table sources")
        if "programmes" in tables:
            real = conn.execute(select(func.count()).select_from(m.Programme).where(m.Programme.id.not_like("syn\\_%", escape="\\"))).scalar_one()
            if real:
                problems.append(f"{real} programme(s) non synthétique(s)")
        for name, model in m.FACT_MODELS.items():
            if model.__tablename__ in tables:
                real = conn.execute(select(func.count()).select_from(model).where(model.id.not_like("SYN-%"))).scalar_one()
                if real:
                    problems.append(f"{real} ligne(s) non synthétique(s) dans {name}")
    if problems:
        raise SyntheticRefused(
            "Refus : cette base contient des données sourcées (" + "; ".join(problems) + "). Les données synthétiques vont dans leur propre base, par exemple "
            "--database-url sqlite:///data/synthetic/national.db."
        )


def _clear(conn: Connection) -> None:
    """Remove a previous synthetic run (the caller checked that nothing else is there)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("TRUNCATE " + ", ".join(SYN_TABLES))
    else:
        for t in SYN_TABLES:
            conn.exec_driver_sql(f"DELETE FROM {t}")


# --- bulk writing --------------------------------------------------------------------------


def _bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Fast inserts: COPY on PostgreSQL (psycopg 3), executemany in big chunks elsewhere."""
    n = 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n
    if conn.dialect.paramstyle == "qmark":
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    else:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            conn.exec_driver_sql(sql, chunk)
            n += len(chunk)
            chunk = []
    if chunk:
        conn.exec_driver_sql(sql, chunk)
        n += len(chunk)
    return n


def _write(conn: Connection, table: str, cols: dict[str, Sequence[Any]]) -> int:
    names = list(cols)
    return _bulk_insert(conn, table, names, zip(*(cols[c] for c in names), strict=True))


def _py(a) -> list:
    """numpy array to a list of plain Python values (the drivers refuse numpy scalars)."""
    return a.tolist() if isinstance(a, np.ndarray) else list(a)


def _masked(values, mask) -> list:
    """Values where mask is True, None elsewhere."""
    return [v if k else None for v, k in zip(_py(values), _py(mask), strict=True)]


def _known(a) -> np.ndarray:
    """Element-wise `is not None` on an object array."""
    return np.array([v is not None for v in _py(a)], dtype=bool)


def _iso(years, months, days) -> list[str]:
    return [f"{y:04d}-{mo:02d}-{d:02d}" for y, mo, d in zip(_py(years), _py(months), _py(days), strict=True)]


# --- the generator -------------------------------------------------------------------------


def generate(engine: Engine, scale: float = 1.0, seed: int = 42) -> dict[str, int]:
    """Write a synthetic national volume into an empty (or already synthetic) database.

    Refuses (SyntheticRefused) a database holding sourced data. Creates the schema and the
    geography with `bootstrap.init_database(load_seed=False)`, removes a previous synthetic
    run, writes everything in one transaction and runs ANALYZE. Returns row counts.
    """
    from campus_metrics.bootstrap import init_database

    if scale <= 0:
        raise ValueError("scale must be > 0")
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)  # e.g. data/synthetic/
    check_target(engine)
    init_database(engine, load_seed=False)
    check_target(engine)
    rng = np.random.default_rng(seed)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        geo = _geography(conn)
        _clear(conn)
        sources = _sources(seed)
        counts["sources"] = _write(conn, "sources", sources)
        progs = _programmes(geo, sources["id"][0])
        counts["programmes"] = _write(conn, "programmes", progs)
        sites, links, site_arr = _sites(rng, scale, geo, progs, sources)
        counts["sites"] = _write(conn, "sites", sites)
        counts["site_programmes"] = _write(conn, "site_programmes", links)
        cohorts, coh_arr = _cohorts(rng, scale, geo, progs, sources, site_arr)
        counts["cohorts"] = _write(conn, "cohorts", cohorts)
        counts["funding_lines"] = _write(conn, "funding_lines", _funding(rng, scale, geo, progs, sources, site_arr))
        counts["outcomes"] = _write(conn, "outcomes", _outcomes(rng, scale, geo, progs, sources, coh_arr))
        counts["indicators"] = _write(conn, "indicators", _indicators(rng, scale, geo, progs, sources))
    analyze(engine)
    return counts


def analyze(engine: Engine) -> None:
    """Refresh planner statistics (and on SQLite fold the WAL back into the file)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for t in SYN_TABLES:
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {t}")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _n(scale: float, table: str) -> int:
    return max(1, int(round(VOLUME[table] * scale)))


class _Geo:
    def __init__(self, conn: Connection):
        regs = conn.execute(select(m.Region.code, m.Region.name, m.Region.population).order_by(m.Region.code)).all()
        self.region_codes = np.array([r.code for r in regs], dtype=object)
        self.region_names = {r.code: r.name for r in regs}
        pop = np.array([r.population or 0 for r in regs], dtype=float)
        self.region_p = pop / pop.sum()
        deps = conn.execute(select(m.Departement.code, m.Departement.region_code, m.Departement.population).order_by(m.Departement.code)).all()
        self.dep_codes = np.array([d.code for d in deps], dtype=object)
        self.dep_region = np.array([d.region_code for d in deps], dtype=object)
        dpop = np.array([d.population or 0 for d in deps], dtype=float)
        self.dep_p = dpop / dpop.sum()
        coms = conn.execute(
            select(m.Commune.insee, m.Commune.name, m.Commune.departement_code, m.Commune.region_code, m.Commune.population)
            .where(m.Commune.population > 0)
            .order_by(m.Commune.insee)
        ).all()
        if not coms:
            raise RuntimeError("la table communes est vide : la géographie doit être chargée d'abord")
        self.com_insee = np.array([c.insee for c in coms], dtype=object)
        self.com_name = np.array([c.name for c in coms], dtype=object)
        self.com_dep = np.array([c.departement_code for c in coms], dtype=object)
        self.com_region = np.array([c.region_code for c in coms], dtype=object)
        cp = np.array([c.population for c in coms], dtype=float)
        self.com_p = cp / cp.sum()


def _geography(conn: Connection) -> _Geo:
    return _Geo(conn)


def _fact_cols(n: int, status, source, quote, notes, region, dep, y0, y1) -> dict[str, list]:
    return {
        "fact_status": _py(status),
        "source_id": _py(source),
        "quote": _py(quote),
        "notes": _py(notes) if notes is not None else [None] * n,
        "region_code": _py(region),
        "departement_code": _py(dep),
        "year_start": _py(y0),
        "year_end": _py(y1),
    }


def _sources(seed: int) -> dict[str, list]:
    dates = [dt.date(2016 + 2 * i, 1 + 2 * i, 15) for i in range(N_SOURCES)]
    return {
        "id": [f"SYN-SRC-{i + 1}" for i in range(N_SOURCES)],
        "publisher": ["campus_metrics — générateur de données synthétiques"] * N_SOURCES,
        "title": [f"{source_title(seed)} — lot {i + 1}/{N_SOURCES}" for i in range(N_SOURCES)],
        "author": [None] * N_SOURCES,
        "published_on": [d.isoformat() for d in dates],
        "date_precision": ["day"] * N_SOURCES,
        "seed_file": [None] * N_SOURCES,
        "url": [None] * N_SOURCES,
        "licence": ["Données fictives générées par programme : aucune valeur réelle"] * N_SOURCES,
        "notes": [f"DONNÉES SYNTHÉTIQUES pour tests de charge (graine {seed}). Aucun chiffre ne provient d'une source réelle."] * N_SOURCES,
        "synthetic": [True] * N_SOURCES,
    }


def _programmes(geo: _Geo, source_id: str) -> dict[str, list]:
    rows = [(pid, f"[Synthétique] {name}", kind, None) for pid, name, kind in NATIONAL_PROGRAMMES]
    for code in geo.region_codes:
        rows.append((f"syn_campus_{code}", f"[Synthétique] Campus régional du numérique — {geo.region_names[code]}", "campus", code))
    return {
        "id": [r[0] for r in rows],
        "name": [r[1] for r in rows],
        "kind": [r[2] for r in rows],
        "region_code": [r[3] for r in rows],
        "description": ["Programme fictif (données synthétiques, ne pas citer)."] * len(rows),
        "source_id": [source_id] * len(rows),
    }


def _choice(rng: np.random.Generator, values: Sequence[str], p: Sequence[float], n: int) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=np.asarray(p) / np.sum(p))]


def _sites(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict):
    n = _n(scale, "sites")
    ids = np.array([f"SYN-S-{i:06d}" for i in range(1, n + 1)], dtype=object)
    com = rng.choice(len(geo.com_insee), size=n, p=geo.com_p)
    region, dep = geo.com_region[com], geo.com_dep[com]
    # opening years grow over the decade; a few unknown
    years = np.arange(YEARS[0], YEARS[1] + 1)
    year = rng.choice(years, size=n, p=np.linspace(1, 2, len(years)) / np.linspace(1, 2, len(years)).sum())
    known_year = rng.random(n) >= 0.03
    u = rng.random(n)
    status = np.where(u < 0.08, "planned", np.where(u < 0.15, "closed", "open")).astype(object)
    year = np.where(status == "planned", np.maximum(year, YEARS[1] - 1), year)
    # main programme: half national, half the région's campus; a quarter have a second one
    n_nat = len(NATIONAL_PROGRAMMES)
    nat = rng.integers(0, n_nat, size=n)
    national_main = rng.random(n) < 0.5
    regional = np.array([f"syn_campus_{r}" for r in region], dtype=object)
    nat_ids = np.array([p[0] for p in NATIONAL_PROGRAMMES], dtype=object)
    main = np.where(national_main, nat_ids[nat], regional)
    second_nat = nat_ids[(nat + rng.integers(1, n_nat, size=n)) % n_nat]
    has_second = rng.random(n) < 0.25
    second = np.where(national_main, np.where(rng.random(n) < 0.5, regional, second_nat), nat_ids[nat])
    fact_status = np.where(status == "planned", "announced", np.where(rng.random(n) < 0.85, "realised", "announced")).astype(object)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n)
    with_date = known_year & (rng.random(n) < 0.4)
    month, day = rng.integers(1, 13, size=n), rng.integers(1, 29, size=n)
    opened_on = _masked(_iso(year, month, day), with_date)
    opening_year = _masked(year, known_year)
    names = [f"[Synthétique] Site {i[6:]} — {c}" for i, c in zip(ids, geo.com_name[com], strict=True)]
    quotes = [f"Site fictif n° {i[6:]} : donnée synthétique générée, aucune source réelle, ne pas citer." for i in ids]
    notes = _masked(["Site synthétique : statut et année d'ouverture tirés au hasard."] * n, rng.random(n) < 0.2)
    cols = {
        "id": _py(ids),
        "name": names,
        "operator": [f"Organisme de formation fictif {k}" for k in _py(rng.integers(1, 800, size=n))],
        "programme_id": _py(main),
        "commune_insee": _py(geo.com_insee[com]),
        "address": [None] * n,
        "site_status": _py(status),
        "opened_on": opened_on,
        "opening_year": opening_year,
        "local_partner": _masked([f"Partenaire local fictif {k}" for k in _py(rng.integers(1, 300, size=n))], rng.random(n) < 0.3),
    } | _fact_cols(n, fact_status, src, quotes, notes, region, dep, opening_year, [None] * n)
    link_site = np.concatenate([ids, ids[has_second]])
    link_prog = np.concatenate([main, second[has_second]])
    links = {"site_id": _py(link_site), "programme_id": _py(link_prog)}
    arr = {
        "id": ids,
        "region": region,
        "dep": dep,
        "programme": main,
        "second": np.where(has_second, second, main),
        "year": np.where(known_year, year, YEARS[0]),
        "status": status,
        "name": np.array(names, dtype=object),
        # some sites run many more cohorts than others
        "weight": rng.lognormal(0.0, 0.6, size=n),
    }
    return cols, links, arr


def _territory_for_programme(rng: np.random.Generator, geo: _Geo, prog: np.ndarray, prog_region: dict[str, str | None]):
    """Programme-level facts: the programme's région (or a drawn one, or none), rarely a département."""
    n = len(prog)
    drawn = _choice(rng, geo.region_codes, geo.region_p, n)
    own = np.array([prog_region.get(p) for p in prog], dtype=object)
    national_fact = rng.random(n) < 0.2
    region = np.where(_known(own), own, np.where(national_fact, None, drawn))
    dep = np.full(n, None, dtype=object)
    want_dep = (rng.random(n) < 0.3) & _known(region)
    for i in np.flatnonzero(want_dep):
        options = np.flatnonzero(geo.dep_region == region[i])
        if len(options):
            dep[i] = geo.dep_codes[options[rng.integers(0, len(options))]]
    return region, dep


def _split_duplicates(rng: np.random.Generator, n: int, share: float) -> tuple[int, np.ndarray]:
    """n rows in all: n_base originals plus companions that report the same figure (same fact_key)."""
    n_dup = int(round(n * share)) if n >= 20 else 0
    n_base = n - n_dup
    return n_base, rng.choice(n_base, size=n_dup, replace=False) if n_dup else np.array([], dtype=int)


def _years_from(rng: np.random.Generator, lo: np.ndarray) -> np.ndarray:
    lo = np.clip(lo, YEARS[0], YEARS[1])
    return lo + np.floor(rng.random(len(lo)) * (YEARS[1] + 1 - lo)).astype(int)


def _cohorts(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict, site: dict):
    n = _n(scale, "cohorts")
    n_base, dup = _split_duplicates(rng, n, 0.05)
    prog_region = dict(zip(progs["id"], progs["region_code"], strict=True))
    prog_ids = np.array(progs["id"], dtype=object)
    active = np.flatnonzero(site["status"] != "planned")
    if len(active) == 0:
        active = np.arange(len(site["id"]))
    w = site["weight"][active]
    on_site = rng.random(n_base) < 0.9
    s = active[rng.choice(len(active), size=n_base, p=w / w.sum())]
    year_site = _years_from(rng, site["year"][s])
    prog_site = np.where(rng.random(n_base) < 0.3, site["second"][s], site["programme"][s])
    prog_level = prog_ids[rng.integers(0, len(prog_ids), size=n_base)]
    reg_p, dep_p = _territory_for_programme(rng, geo, prog_level, prog_region)
    year_p = _years_from(rng, np.full(n_base, YEARS[0]))
    site_id = np.where(on_site, site["id"][s], None)
    programme = np.where(on_site, prog_site, prog_level)
    region = np.where(on_site, site["region"][s], reg_p)
    dep = np.where(on_site, site["dep"][s], dep_p)
    year = np.where(on_site, year_site, year_p)
    length = rng.choice([0, 1], size=n_base, p=[0.6, 0.4])
    year_end = np.minimum(year + length, YEARS[1])
    learners = rng.integers(8, 31, size=n_base)
    known_learners = rng.random(n_base) >= 0.05
    candidates = learners + rng.integers(0, 5 * learners + 1)
    known_candidates = rng.random(n_base) >= 0.3
    women = np.round(rng.beta(2.0, 5.0, size=n_base) * 55 + 5, 1)
    known_women = rng.random(n_base) >= 0.2
    duration = rng.choice([6.0, 9.0, 10.0, 12.0, 18.0, 24.0], size=n_base)
    hours_centre = (duration * rng.integers(90, 130, size=n_base)).astype(int)
    hours_company = (duration * rng.integers(0, 50, size=n_base)).astype(int)
    level = _choice(rng, LEVELS, (0.3, 0.2, 0.25, 0.15, 0.1), n_base)
    month, day = rng.integers(1, 13, size=n_base), rng.integers(1, 29, size=n_base)
    with_date = rng.random(n_base) < 0.5
    status = _choice(rng, STATUSES, (0.70, 0.05, 0.20, 0.05), n_base)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n_base)
    fact_key = np.full(n_base, None, dtype=object)

    # companions: the same cohort announced first (older source), then realised
    if len(dup):
        fact_key[dup] = [f"SYN-K-C-{i:07d}" for i in range(1, len(dup) + 1)]
        status[dup] = "announced"
        src[dup] = sources["id"][0]

    def pick(a):
        return np.concatenate([a, a[dup]]) if len(dup) else a

    site_id, programme, region, dep, year, year_end = map(pick, (site_id, programme, region, dep, year, year_end))
    known_learners, candidates, known_candidates, women, known_women = map(pick, (known_learners, candidates, known_candidates, women, known_women))
    duration, hours_centre, hours_company, level, month, day, with_date, fact_key = map(
        pick, (duration, hours_centre, hours_company, level, month, day, with_date, fact_key)
    )
    learners = pick(learners)
    status, src = pick(status), pick(src)
    if len(dup):
        k = slice(n_base, n)
        learners[k] = np.clip(learners[k] + rng.integers(-4, 4, size=len(dup)), 8, 30)
        candidates[k] = np.maximum(candidates[k], learners[k])
        status[k] = "realised"
        src[k] = _choice(rng, sources["id"][1:], [1] * (N_SOURCES - 1), len(dup))
    ids = [f"SYN-C-{i:07d}" for i in range(1, n + 1)]
    labels = [f"[Synthétique] Promotion {y} n° {i[6:]}" for y, i in zip(_py(year), ids, strict=True)]
    quotes = [f"Promotion fictive {i} : effectif synthétique généré, aucune source réelle, ne pas citer." for i in ids]
    notes = np.where(_known(fact_key), "Même promotion annoncée puis constatée (clé partagée, synthétique).", None)
    cols = {
        "id": ids,
        "fact_key": _py(fact_key),
        "site_id": _py(site_id),
        "programme_id": _py(programme),
        "label": labels,
        "start_date": _masked(_iso(year, month, day), with_date),
        "learners": _masked(learners, known_learners),
        "candidates": _masked(candidates, known_candidates & known_learners),
        "women_share_pct": _masked(women, known_women),
        "duration_months": _py(duration),
        "hours_centre": _py(hours_centre),
        "hours_company": _py(hours_company),
        "level": _py(level),
    } | _fact_cols(n, status, src, quotes, notes, region, dep, year, year_end)
    arr = {
        "id": np.array(ids, dtype=object),
        "site_id": site_id,
        "programme": programme,
        "region": region,
        "dep": dep,
        "year": year,
        "learners": np.where(known_learners, learners, 0),
        "base": n_base,
    }
    return cols, arr


def _funding(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict, site: dict) -> dict[str, list]:
    n = _n(scale, "funding_lines")
    n_base, dup = _split_duplicates(rng, n, 0.05)
    prog_region = dict(zip(progs["id"], progs["region_code"], strict=True))
    prog_name = dict(zip(progs["id"], progs["name"], strict=True))
    prog_ids = np.array(progs["id"], dtype=object)
    on_site = rng.random(n_base) < 0.88
    w = site["weight"]
    s = rng.choice(len(site["id"]), size=n_base, p=w / w.sum())
    prog_level = prog_ids[rng.integers(0, len(prog_ids), size=n_base)]
    reg_p, dep_p = _territory_for_programme(rng, geo, prog_level, prog_region)
    site_id = np.where(on_site, site["id"][s], None)
    programme = np.where(on_site, site["programme"][s], prog_level)
    region = np.where(on_site, site["region"][s], reg_p)
    dep = np.where(on_site, site["dep"][s], dep_p)
    year = np.where(on_site, _years_from(rng, site["year"][s] - 1), _years_from(rng, np.full(n_base, YEARS[0])))
    year_end = np.minimum(year + rng.choice([0, 1, 2], size=n_base, p=[0.8, 0.15, 0.05]), YEARS[1])
    funder = _choice(rng, FUNDER_TYPES, FUNDER_P, n_base)
    nature = _choice(rng, NATURES, NATURE_P, n_base)
    kind = _choice(rng, AMOUNT_KINDS, AMOUNT_P, n_base)
    amount = np.round(rng.lognormal(np.log(60_000), 1.0, size=n_base) * np.where(nature == "total", 4, 1), -2)
    high = np.round(amount * rng.uniform(1.1, 2.0, size=n_base), -2)
    lo = np.where(kind == "unknown", np.nan, amount)
    hi = np.where(kind == "range", high, lo)
    in_totals = rng.random(n_base) >= 0.04
    status = _choice(rng, STATUSES, (0.40, 0.30, 0.25, 0.05), n_base)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n_base)
    fact_key = np.full(n_base, None, dtype=object)
    if len(dup):
        fact_key[dup] = [f"SYN-K-F-{i:07d}" for i in range(1, len(dup) + 1)]
        status[dup] = "announced"
        src[dup] = sources["id"][0]

    def pick(a):
        return np.concatenate([a, a[dup]]) if len(dup) else a

    site_id, programme, region, dep, year, year_end, funder, nature, kind, lo, hi, in_totals, status, src, fact_key, s, on_site = map(
        pick, (site_id, programme, region, dep, year, year_end, funder, nature, kind, lo, hi, in_totals, status, src, fact_key, s, on_site)
    )
    if len(dup):
        k = slice(n_base, n)
        factor = rng.uniform(0.85, 1.1, size=len(dup))
        lo[k], hi[k] = np.round(lo[k] * factor, -2), np.round(hi[k] * factor, -2)
        status[k] = "voted"
        src[k] = _choice(rng, sources["id"][1:], [1] * (N_SOURCES - 1), len(dup))
        # one report in ten does not name its funder (the query prefers the one that does)
        funder[k] = np.where(rng.random(len(dup)) < 0.1, "unknown", funder[k])
    ids = [f"SYN-F-{i:07d}" for i in range(1, n + 1)]
    funder_names = []
    for f, r, d in zip(_py(funder), _py(region), _py(dep), strict=True):
        if f == "region":
            funder_names.append(f"Région {geo.region_names.get(r, '')} (financeur fictif)" if r else "Région (financeur fictif)")
        elif f == "state":
            funder_names.append("État (financeur fictif)")
        elif f == "private":
            funder_names.append("Entreprise partenaire fictive")
        elif f == "local_authority":
            funder_names.append(f"Collectivité fictive du {d}" if d else "Collectivité fictive")
        elif f == "eu":
            funder_names.append("Fonds européen (financeur fictif)")
        elif f == "mixed":
            funder_names.append("Plusieurs financeurs fictifs")
        else:
            funder_names.append(None)
    beneficiary = [
        (str(site["name"][si]) if os_ else f"{prog_name[p]} — {geo.region_names.get(r, 'France entière') if r else 'France entière'}")
        for si, os_, p, r in zip(_py(s), _py(on_site), _py(programme), _py(region), strict=True)
    ]
    quotes = [f"Financement fictif {i} : montant synthétique généré, aucune source réelle, ne pas citer." for i in ids]
    notes = np.where(
        ~in_totals,
        "Ventilation d'une autre ligne (synthétique) : hors totaux.",
        np.where(_known(fact_key), "Même financement annoncé puis voté (clé partagée, synthétique).", None),
    )
    return {
        "id": ids,
        "fact_key": _py(fact_key),
        "beneficiary": beneficiary,
        "site_id": _py(site_id),
        "programme_id": _py(programme),
        "funder_name": funder_names,
        "funder_type": _py(funder),
        "nature": _py(nature),
        "amount_kind": _py(kind),
        "amount_min_eur": [None if np.isnan(v) else v for v in _py(lo)],
        "amount_max_eur": [None if np.isnan(v) else v for v in _py(hi)],
        "in_totals": [bool(v) for v in _py(in_totals)],
    } | _fact_cols(n, status, src, quotes, notes, region, dep, year, year_end)


def _outcomes(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict, coh: dict) -> dict[str, list]:
    n = _n(scale, "outcomes")
    n_base, dup = _split_duplicates(rng, n, 0.03)
    prog_region = dict(zip(progs["id"], progs["region_code"], strict=True))
    prog_ids = np.array(progs["id"], dtype=object)
    of_cohort = rng.random(n_base) < 0.9
    c = rng.integers(0, coh["base"], size=n_base)
    prog_level = prog_ids[rng.integers(0, len(prog_ids), size=n_base)]
    reg_p, dep_p = _territory_for_programme(rng, geo, prog_level, prog_region)
    cohort_id = np.where(of_cohort, coh["id"][c], None)
    site_id = np.where(of_cohort, coh["site_id"][c], None)
    programme = np.where(of_cohort, coh["programme"][c], prog_level)
    region = np.where(of_cohort, coh["region"][c], reg_p)
    dep = np.where(of_cohort, coh["dep"][c], dep_p)
    cohort_year = np.where(of_cohort, coh["year"][c], _years_from(rng, np.full(n_base, YEARS[0])))
    year = np.minimum(cohort_year + 1, YEARS[1])
    ind_idx = rng.choice(len(INDICATORS), size=n_base, p=[i[2] for i in INDICATORS])
    indicator = np.array([i[0] for i in INDICATORS], dtype=object)[ind_idx]
    unit = np.array([i[1] for i in INDICATORS], dtype=object)[ind_idx]
    low = np.array([i[3] for i in INDICATORS])[ind_idx]
    top = np.array([i[4] for i in INDICATORS])[ind_idx]
    value = np.round(low + rng.random(n_base) * (top - low), 1)
    value = np.where(unit == "count", np.floor(value), value)
    value = np.where(unit == "eur_per_month", np.round(value, -1), value)
    base = np.where(of_cohort & (coh["learners"][c] > 0), coh["learners"][c], rng.integers(8, 400, size=n_base))
    known_base = rng.random(n_base) < 0.85
    status = _choice(rng, STATUSES, (0.75, 0.0, 0.15, 0.10), n_base)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n_base)
    fact_key = np.full(n_base, None, dtype=object)
    if len(dup):
        fact_key[dup] = [f"SYN-K-O-{i:07d}" for i in range(1, len(dup) + 1)]
        status[dup] = "estimate"
        src[dup] = sources["id"][0]

    def pick(a):
        return np.concatenate([a, a[dup]]) if len(dup) else a

    cohort_id, site_id, programme, region, dep, cohort_year, year, indicator, unit, value, base, known_base, status, src, fact_key = map(
        pick, (cohort_id, site_id, programme, region, dep, cohort_year, year, indicator, unit, value, base, known_base, status, src, fact_key)
    )
    if len(dup):
        k = slice(n_base, n)
        pct = unit[k] == "percent"
        value[k] = np.where(pct, np.clip(np.round(value[k] + rng.uniform(-5, 5, size=len(dup)), 1), 0, 100), value[k])
        status[k] = "realised"
        src[k] = _choice(rng, sources["id"][1:], [1] * (N_SOURCES - 1), len(dup))
    ids = [f"SYN-O-{i:07d}" for i in range(1, n + 1)]
    quotes = [f"Résultat fictif {i} : valeur synthétique générée, aucune source réelle, ne pas citer." for i in ids]
    base_desc = [BASE_TEXT[i] for i in _py(indicator)]
    return {
        "id": ids,
        "fact_key": _py(fact_key),
        "programme_id": _py(programme),
        "site_id": _py(site_id),
        "cohort_id": _py(cohort_id),
        "cohort_period": [str(y) for y in _py(cohort_year)],
        "indicator": _py(indicator),
        "value": _py(value),
        "unit": _py(unit),
        "base_count": _masked(base, known_base),
        "base_description": base_desc,
    } | _fact_cols(n, status, src, quotes, None, region, dep, year, year)


def _indicators(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict) -> dict[str, list]:
    rows: list[tuple] = []  # (level, code, programme, year, name, label, value, unit, keep_always)
    for pid, region in zip(progs["id"], progs["region_code"], strict=True):
        level, code = ("region", region) if region else ("france", None)
        planned = int(rng.integers(20, 400)) if region is None else int(rng.integers(10, 120))
        rows.append((level, code, pid, YEARS[0] + 2, "planned_sites", "Sites prévus (synthétique)", float(planned), "count", True))
        rows.append((level, code, pid, YEARS[0] + 2, "target_learners", "Apprenants visés (synthétique)", float(planned * 60), "count", True))
    for y in range(YEARS[0], YEARS[1] + 1):
        rows.append(("france", None, None, y, "missing_coders", "Développeurs manquants (synthétique)", float(rng.integers(50_000, 200_000)), "count", False))
        rows.append(
            (
                "france",
                None,
                None,
                y,
                "digital_investment",
                "Investissement public dans la formation (synthétique)",
                float(rng.integers(100, 900)) * 1e6,
                "eur",
                False,
            )
        )
        for r in geo.region_codes:
            rows.append(
                (
                    "region",
                    r,
                    None,
                    y,
                    "unfilled_digital_jobs",
                    "Emplois numériques non pourvus (synthétique)",
                    float(rng.integers(500, 15_000)),
                    "count",
                    False,
                )
            )
            rows.append(
                (
                    "region",
                    r,
                    None,
                    y,
                    "share_without_bac",
                    "Part des apprenants sans le bac (synthétique)",
                    float(np.round(rng.uniform(10, 60), 1)),
                    "percent",
                    False,
                )
            )
        for d in geo.dep_codes:
            rows.append(
                ("departement", d, None, y, "digital_job_offers", "Offres d'emploi numériques (synthétique)", float(rng.integers(50, 5_000)), "count", False)
            )
    optional = [i for i, r in enumerate(rows) if not r[8]]
    k = min(len(optional), max(10, int(round(len(optional) * scale))))
    keep = sorted([i for i, r in enumerate(rows) if r[8]] + rng.choice(optional, size=k, replace=False).tolist())
    rows = [rows[i] for i in keep]
    # the same regional figure given twice (two sources): one shared fact_key every 20 rows
    out: dict[str, list] = {
        c: []
        for c in (
            "id",
            "fact_key",
            "territory_level",
            "territory_code",
            "programme_id",
            "name",
            "label",
            "value",
            "unit",
            "fact_status",
            "source_id",
            "quote",
            "notes",
            "region_code",
            "departement_code",
            "year_start",
            "year_end",
        )
    }
    dep_region = dict(zip(_py(geo.dep_codes), _py(geo.dep_region), strict=True))
    n = 0

    def add(level, code, pid, y, name, lab, value, unit, key, status, src):
        nonlocal n
        n += 1
        rid = f"SYN-I-{n:06d}"
        region = code if level == "region" else (dep_region.get(code) if level == "departement" else None)
        dep = code if level == "departement" else None
        for col, v in (
            ("id", rid),
            ("fact_key", key),
            ("territory_level", level),
            ("territory_code", code),
            ("programme_id", pid),
            ("name", name),
            ("label", f"[Synthétique] {lab}"),
            ("value", value),
            ("unit", unit),
            ("fact_status", status),
            ("source_id", src),
            ("quote", f"Indicateur fictif {rid} : valeur synthétique générée, aucune source réelle, ne pas citer."),
            ("notes", None),
            ("region_code", region),
            ("departement_code", dep),
            ("year_start", y),
            ("year_end", y),
        ):
            out[col].append(v)

    for j, (level, code, pid, y, name, lab, value, unit, _) in enumerate(rows):
        src = sources["id"][j % N_SOURCES]
        if level == "region" and j % 20 == 0 and unit == "count":
            key = f"SYN-K-I-{j:06d}"
            add(level, code, pid, y, name, lab, value, unit, key, "estimate", sources["id"][0])
            add(level, code, pid, y, name, lab, round(value * 1.2), unit, key, "estimate", sources["id"][-1])
        else:
            add(level, code, pid, y, name, lab, value, unit, None, "announced" if name in ("planned_sites", "target_learners") else "estimate", src)
    return out


def is_synthetic_database(engine: Engine) -> bool:
    """True when every source is synthetic (and there is at least one)."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(m.Source)).scalar_one()
        synthetic = conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_(True))).scalar_one()
    return total > 0 and total == synthetic


__all__ = ["SyntheticRefused", "analyze", "check_target", "generate", "is_synthetic_database", "source_title"]
