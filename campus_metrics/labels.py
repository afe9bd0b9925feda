"""Human labels for codes, French first (English second), shared by export, queries and UI."""

from __future__ import annotations

import re
from collections.abc import Mapping

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "fact_status": {
        "announced": ("Annoncé", "Announced"),
        "voted": ("Voté", "Voted"),
        "realised": ("Réalisé", "Realised"),
        "estimate": ("Estimation", "Estimate"),
        "mixed": ("Mixte", "Mixed"),
    },
    "site_status": {
        "planned": ("Prévu", "Planned"),
        "open": ("Ouvert", "Open"),
        "closed": ("Fermé", "Closed"),
    },
    "funder_type": {
        "region": ("Région", "Region"),
        "state": ("État", "State"),
        "private": ("Partenaires privés", "Private partners"),
        "local_authority": ("Collectivités locales", "Local authorities"),
        "eu": ("Union européenne", "European Union"),
        "mixed": ("Plusieurs financeurs", "Several funders"),
        "unknown": ("Financeur inconnu", "Unknown funder"),
    },
    "nature": {
        "investment": ("Investissement", "Investment"),
        "operating": ("Fonctionnement", "Operating"),
        "teaching": ("Frais pédagogiques", "Teaching costs"),
        "total": ("Total (toutes natures)", "Total (all kinds)"),
        "unknown": ("Nature inconnue", "Unknown kind"),
    },
    "amount_kind": {
        "point": ("Montant", "Amount"),
        "range": ("Fourchette", "Range"),
        "shortfall": ("Manque à financer", "Shortfall"),
        "unknown": ("Montant inconnu", "Unknown amount"),
    },
    "amount_period": {
        "one_off": ("Ponctuel ou sur la période", "One-off or for the period"),
        "per_year": ("Par an", "Per year"),
    },
    "indicator": {
        "positive_exit_rate": ("Sorties positives", "Positive exits"),
        "employment_rate": ("Embauches en CDI ou CDD de plus de 6 mois", "Hired on a permanent or 6-month+ contract"),
        "exit_salary": ("Salaire à la sortie", "Pay at exit"),
        "job_offers": ("Offres d'emploi à la sortie", "Job offers at exit"),
    },
    "table": {
        "cohorts": ("les promotions", "the cohorts"),
        "funding": ("les financements", "the funding lines"),
        "sites": ("les sites", "the sites"),
        "indicators": ("les chiffres de contexte", "the context figures"),
        "outcomes": ("les résultats", "the outcomes"),
        "programmes": ("les programmes", "the programmes"),
        "sources": ("les sources", "the sources"),
    },
    "note_word": {
        "in_totals=false": ("non compté dans les totaux", "not counted in totals"),
        "in_totals=true": ("compté dans les totaux", "counted in totals"),
        "fact_key": ("clé commune", "shared key"),
        "other_line": ("une autre ligne", "another line"),
        "and_breakdowns": ("et ses ventilations", "and its breakdowns"),
    },
    "territory_level": {
        "france": ("France", "France"),
        "region": ("Région", "Region"),
        "departement": ("Département", "Département"),
    },
}


def label(kind: str, code: str | None, lang: str = "fr") -> str:
    """The label of a code; unknown codes come back unchanged so nothing is hidden."""
    if code is None:
        return ""
    pair = LABELS.get(kind, {}).get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang == "fr" else pair[1]


def choices(kind: str, lang: str = "fr") -> dict[str, str]:
    return {code: (fr if lang == "fr" else en) for code, (fr, en) in LABELS[kind].items()}


_CODE = re.compile(r"in_totals\s*=\s*(?:true|false)|\b(?:cohorts|funding|sites|indicators|outcomes|programmes|sources)\.csv\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b\*?")


def readable_note(text: str | None, refs: Mapping[str, str], lang: str = "fr") -> str:
    """A curator's note with its internal codes in words: « in_totals=false » → « non compté dans les
    totaux », a file name → the table's name, another row's id → `refs[id]` (« la ligne … »).

    An id `refs` does not know reads « une autre ligne »: no code reaches the reader.
    """
    if not text:
        return ""

    def words(match: re.Match) -> str:
        code = match.group(0)
        if code.startswith("in_totals"):
            out = label("note_word", "in_totals=" + code.split("=")[-1].strip(), lang)
        elif code.endswith(".csv"):
            out = label("table", code[:-4], lang)
        elif code == "fact_key":
            out = label("note_word", code, lang)
        else:
            base = code.rstrip("*")
            out = refs.get(base) or label("note_word", "other_line", lang)
            if code.endswith("*"):
                out += " " + label("note_word", "and_breakdowns", lang)
        start = match.start()
        before = text[:start].rstrip()
        if not before or before.endswith((".", "!", "?")):
            out = out[:1].upper() + out[1:]
        return out

    return _CODE.sub(words, text)


def note_ids(texts) -> tuple[str, ...]:
    """The row ids the notes mention (to look their names up), sorted."""
    found = set()
    for text in texts:
        if isinstance(text, str):
            found.update(c.rstrip("*") for c in _CODE.findall(text) if not c.startswith("in_totals") and not c.endswith(".csv") and c != "fact_key")
    return tuple(sorted(found))
