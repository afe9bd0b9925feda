"""`python -m campus_metrics init | import | export | template | batches | undo | generate | bench`.

Every failure is one French line on stderr and a non-zero exit, never a traceback:
1 the data was refused, 2 the command or file is wrong, 3 the database failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campus_metrics.db import make_engine
from campus_metrics.enums import DataKind, values
from campus_metrics.failures import classify, in_french


def _engine(args):
    """Only `init` and `generate` may create a SQLite file: the other commands refuse a missing one."""
    return make_engine(args.database_url, must_exist=args.command not in ("init", "generate"))


def cmd_init(args) -> int:
    from campus_metrics.bootstrap import init_database
    from campus_metrics.importing import ImportRefused

    try:
        result = init_database(_engine(args))
    except ImportRefused as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 2
    print(f"Schéma à jour. Communes ajoutées : {result.communes_added}. Données d'amorçage chargées : {'oui' if result.seed_loaded else 'déjà présentes'}.")
    return 0


def cmd_import(args) -> int:
    from campus_metrics.importing import import_paths

    path = Path(args.file)
    if not path.is_file():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 2
    report = import_paths(_engine(args), [(args.kind, path)], dry_run=args.dry_run)[0]
    if report.problems:
        print(f"Import refusé : {report.total_problems} problème(s), rien n'a été écrit.", file=sys.stderr)
        for p in report.problems:
            print(f"  - {p}", file=sys.stderr)
        if report.hidden:
            print(f"  … et {report.hidden} autre(s) problème(s) : corrigez d'abord ceux-ci.", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{report.rows} ligne(s) seraient importées depuis {path.name} (essai, rien d'écrit).")
    else:
        print(f"{report.rows} ligne(s) importées depuis {path.name} (lot n° {report.batch_id}).")
    return 0


def cmd_export(args) -> int:
    from campus_metrics.exporter import export_to

    for p in export_to(_engine(args), Path(args.dir), args.format):
        print(p)
    return 0


def cmd_template(args) -> int:
    from campus_metrics.templates import template_bytes

    out = Path(args.output or f"modele_{args.kind}.{args.format}")
    out.write_bytes(template_bytes(args.kind, args.format))
    print(out)
    return 0


def cmd_batches(args) -> int:
    from campus_metrics.importing import list_batches, rows_added

    frame = list_batches(_engine(args))
    if frame.empty:
        print("Aucun import enregistré.")
    for r in frame.itertuples(index=False):
        rows = ", ".join(f"{k} {v}" for k, v in rows_added(r.rows).items()) or "aucune ligne"
        undone = f" — annulé le {r.undone_at} par {r.undone_by}" if r.undone_by else ""
        print(f"lot n° {r.id} — {r.created_at} — {r.author} — {r.file_names} — {rows}{undone}")
    return 0


def cmd_undo(args) -> int:
    from campus_metrics.importing import UndoRefused, undo_batch
    from campus_metrics.importing.run import default_author

    try:
        result = undo_batch(_engine(args), args.batch, default_author())
    except UndoRefused as exc:
        print(f"Annulation refusée : {undo_refusal(exc)}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{k} {v}" for k, v in result.deleted.items()) or "aucune ligne"
    print(f"Lot n° {result.batch_id} annulé : {rows} supprimée(s), synthèses recalculées.")
    return 0


def undo_refusal(exc) -> str:
    if exc.code == "unknown_batch":
        return f"aucun lot n° {exc.values['batch']}."
    if exc.code == "already_undone":
        return f"le lot n° {exc.values['batch']} est déjà annulé."
    listed = "; ".join(f"{table} « {row} » (utilise « {ref} »)" for table, row, ref in exc.values["rows"][:5])
    return f"des lignes importées depuis dépendent du lot n° {exc.values['batch']} : {listed}. Annulez d'abord les imports plus récents."


def cmd_generate(args) -> int:
    from campus_metrics.synthetic import generate

    counts = generate(_engine(args), scale=args.scale, seed=args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


def cmd_bench(args) -> int:
    from campus_metrics.bench import run_benchmarks

    for line in run_benchmarks(_engine(args), repeat=args.repeat):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    kinds = list(values(DataKind))
    parser = argparse.ArgumentParser(prog="python -m campus_metrics", description="campus_metrics : données sourcées des formations au numérique")
    parser.add_argument("--database-url", default=None, help="URL SQLAlchemy (défaut : CAMPUS_METRICS_DATABASE_URL ou SQLite sous data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="crée ou met à jour le schéma, charge la géographie et les données sourcées").set_defaults(func=cmd_init)
    p = sub.add_parser("import", help="importe un fichier CSV ou Excel, tout ou rien, en un lot annulable")
    p.add_argument("file")
    p.add_argument("--kind", required=True, choices=kinds)
    p.add_argument("--dry-run", action="store_true", help="valide sans écrire")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help="exporte une table par fichier")
    p.add_argument("dir")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("template", help="écrit le modèle à remplir d'un type de données (en-têtes, exemple, valeurs autorisées)")
    p.add_argument("kind", choices=kinds)
    p.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    p.add_argument("--output", default=None, help="fichier à écrire (défaut : modele_<type>.<format>)")
    p.set_defaults(func=cmd_template)
    sub.add_parser("batches", help="liste les imports (lots), du plus récent au plus ancien").set_defaults(func=cmd_batches)
    p = sub.add_parser("undo", help="annule un lot d'import, tout ou rien")
    p.add_argument("batch", type=int)
    p.set_defaults(func=cmd_undo)
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
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("Interrompu : rien n'a été écrit.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        failure = classify(exc)
        if failure is not None:
            print(f"Erreur : {in_french(failure)}", file=sys.stderr)
            return 3
        print(f"Erreur inattendue ({type(exc).__name__}) : {str(exc).splitlines()[0][:200] if str(exc) else ''}", file=sys.stderr)
        return 4
