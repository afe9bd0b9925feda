"""`python -m campus_metrics init | import | export | generate | bench`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campus_metrics.db import make_engine


def _engine(args):
    return make_engine(args.database_url)


def cmd_init(args) -> int:
    from campus_metrics.bootstrap import init_database
    from campus_metrics.importer import ImportRefused

    try:
        result = init_database(_engine(args))
    except ImportRefused as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 2
    print(f"Schéma à jour. Communes ajoutées : {result.communes_added}. Données d'amorçage chargées : {'oui' if result.seed_loaded else 'déjà présentes'}.")
    return 0


def cmd_import(args) -> int:
    from campus_metrics.importer import import_paths

    path = Path(args.file)
    if not path.exists():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    try:
        reports = import_paths(_engine(args), [(args.kind, path)], dry_run=args.dry_run)
    except Exception as exc:  # never a traceback for the user
        print(f"Import refusé : {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    report = reports[0]
    if report.problems:
        print(f"Import refusé : {len(report.problems)} problème(s), rien n'a été écrit.", file=sys.stderr)
        for p in report.problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    verb = "seraient importées (essai, rien d'écrit)" if args.dry_run else "importées"
    print(f"{report.rows} ligne(s) {verb} depuis {path.name}.")
    return 0


def cmd_export(args) -> int:
    from campus_metrics.exporter import export_to

    paths = export_to(_engine(args), Path(args.dir), args.format)
    for p in paths:
        print(p)
    return 0


def cmd_generate(args) -> int:
    from campus_metrics.synthetic import generate

    counts = generate(make_engine(args.database_url), scale=args.scale, seed=args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def cmd_bench(args) -> int:
    from campus_metrics.bench import run_benchmarks

    for line in run_benchmarks(make_engine(args.database_url), repeat=args.repeat):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m campus_metrics", description="campus_metrics : données sourcées des formations au numérique")
    parser.add_argument("--database-url", default=None, help="URL SQLAlchemy (défaut : CAMPUS_METRICS_DATABASE_URL ou SQLite sous data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="crée ou met à jour le schéma, charge la géographie et les données sourcées").set_defaults(func=cmd_init)
    p = sub.add_parser("import", help="importe un fichier CSV ou Excel, tout ou rien")
    p.add_argument("file")
    p.add_argument("--kind", required=True, choices=["sources", "programmes", "sites", "cohorts", "funding", "outcomes", "indicators"])
    p.add_argument("--dry-run", action="store_true", help="valide sans écrire")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help="exporte une table par fichier")
    p.add_argument("dir")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("generate", help="écrit des données SYNTHÉTIQUES dans une base à part (jamais la base sourcée)")
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = volume national sur dix ans")
    p.add_argument("--seed", type=int, default=42)
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("bench", help="chronomètre chaque requête (médiane)")
    p.add_argument("--repeat", type=int, default=7)
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
