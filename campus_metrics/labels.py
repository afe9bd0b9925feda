"""Human labels for codes, French first (English second), shared by export, queries and UI."""

from __future__ import annotations

import re
from collections.abc import Mapping

from campus_metrics.text import N_, tr

# code → French msgid (a code is not text: its label is, and goes through the catalogue)
LABELS: dict[str, dict[str, str]] = {
    "fact_status": {
        "announced": N_("Annoncé"),
        "voted": N_("Voté"),
        "realised": N_("Réalisé"),
        "estimate": N_("Estimation"),
        "mixed": N_("Mixte"),
    },
    "site_status": {
        "planned": N_("Prévu"),
        "open": N_("Ouvert"),
        "closed": N_("Fermé"),
    },
    "funder_type": {
        "region": N_("Région"),
        "state": N_("État"),
        "private": N_("Partenaires privés"),
        "local_authority": N_("Collectivités locales"),
        "eu": N_("Union européenne"),
        "mixed": N_("Plusieurs financeurs"),
        "unknown": N_("Financeur inconnu"),
    },
    "nature": {
        "investment": N_("Investissement"),
        "operating": N_("Fonctionnement"),
        "teaching": N_("Frais pédagogiques"),
        "total": N_("Total (toutes natures)"),
        "unknown": N_("Nature inconnue"),
    },
    "amount_kind": {
        "point": N_("Montant"),
        "range": N_("Fourchette"),
        "shortfall": N_("Manque à financer"),
        "unknown": N_("Montant inconnu"),
    },
    "amount_period": {
        "one_off": N_("Ponctuel ou sur la période"),
        "per_year": N_("Par an"),
    },
    "indicator": {
        "positive_exit_rate": N_("Sorties positives"),
        "employment_rate": N_("Embauches en CDI ou CDD de plus de 6 mois"),
        "exit_salary": N_("Salaire à la sortie"),
        "job_offers": N_("Offres d'emploi à la sortie"),
    },
    "table": {
        "cohorts": N_("les promotions"),
        "funding": N_("les financements"),
        "sites": N_("les sites"),
        "indicators": N_("les chiffres de contexte"),
        "outcomes": N_("les résultats"),
        "programmes": N_("les programmes"),
        "sources": N_("les sources"),
    },
    "note_word": {
        "in_totals=false": N_("non compté dans les totaux"),
        "in_totals=true": N_("compté dans les totaux"),
        "fact_key": N_("clé commune"),
        "other_line": N_("une autre ligne"),
        "and_breakdowns": N_("et ses ventilations"),
    },
    "territory_level": {
        "france": N_("France"),
        "region": N_("Région"),
        "departement": N_("Département"),
    },
}


def label(kind: str, code: str | None, lang: str = "fr") -> str:
    """The label of a code; unknown codes come back unchanged so nothing is hidden."""
    if code is None:
        return ""
    msgid = LABELS.get(kind, {}).get(str(code))
    return str(code) if msgid is None else tr(lang, msgid)


def choices(kind: str, lang: str = "fr") -> dict[str, str]:
    return {code: tr(lang, msgid) for code, msgid in LABELS[kind].items()}


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
