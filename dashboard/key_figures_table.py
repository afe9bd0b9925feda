"""The overview's key figures as a table and as numbers for the CSV and Excel downloads.

The cards (`figure_cards`) are read on screen; a reader who wants to compute with the figures
gets one row per figure and status part (never added), the value in the column of its unit
(« Valeur min (€) », « Taux (%) », « Nombre »), and empty cells where a figure is unknown.
Built from the typed `Figure` values and their worded `Card`s: nothing is formatted twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from campus_metrics.enums import AmountPeriod
from campus_metrics.figures.cards import Card
from campus_metrics.figures.catalogue import BY_KEY, Unit
from campus_metrics.figures.values import Figure, Part
from dashboard.i18n import _, status_text


def _columns(unit: Unit, part: Part | None) -> dict[str, float | None]:
    """The part's value in the columns of its unit (a one-off and a yearly amount apart); every other column empty."""
    lo = part.value if part is not None and part.known else None
    hi = (part.value_max if part.value_max is not None else lo) if part is not None and lo is not None else None
    yearly = part is not None and part.period == AmountPeriod.per_year
    out: dict[str, float | None] = {
        _("Nombre"): None,
        _("Valeur min (€)"): None,
        _("Valeur max (€)"): None,
        _("Valeur annuelle min (€/an)"): None,
        _("Valeur annuelle max (€/an)"): None,
        _("Taux min (%)"): None,
        _("Taux max (%)"): None,
    }
    if unit == Unit.count:
        out[_("Nombre")] = lo
    elif unit == Unit.percent:
        out[_("Taux min (%)")], out[_("Taux max (%)")] = lo, hi
    elif yearly:
        out[_("Valeur annuelle min (€/an)")], out[_("Valeur annuelle max (€/an)")] = lo, hi
    else:
        out[_("Valeur min (€)")], out[_("Valeur max (€)")] = lo, hi
    return out


def frames(figures: Sequence[Figure], cards: Sequence[Card], period: str, source_words: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table on screen, export): one row per figure and known part, one row for an unknown figure.

    `figures` and `cards` in the same order (a card's lines are its figure's known parts);
    `source_words`: source id -> « title », date.
    """
    shown, numbers = [], []
    for fig, card in zip(figures, cards, strict=True):  # six figures, a few parts each: not a frame walk
        parts = list(fig.known_parts) or [None]
        lines = list(card.lines) or [None]
        named = " ; ".join(source_words.get(s, s) for s in card.source_ids)
        for i, part in enumerate(parts):
            line = lines[min(i, len(lines) - 1)]
            status = status_text(part.status) if part is not None and part.status else ""
            label = line.label if line is not None else ""
            note = " ; ".join(n for n in (card.empty_text if part is None else "", *card.notes) if n)
            shown.append(
                {
                    _("Chiffre clé"): card.title,
                    _("Valeur"): line.value if line is not None else card.empty_text,
                    _("Ce qu'il compte"): label,
                    _("Statut"): status,
                    _("Mesuré sur"): card.scope_note,
                    _("Source"): named,
                }
            )
            numbers.append(
                {
                    _("Chiffre clé"): card.title,
                    _("Ce qu'il compte"): label,
                    **_columns(BY_KEY[fig.key].unit, part),
                    _("Statut"): status,
                    _("Période"): period,
                    _("Mesuré sur"): card.scope_note,
                    _("Note"): note,
                    _("Sources"): named,
                }
            )
    export = pd.DataFrame(numbers)
    value_columns = list(_columns(Unit.count, None))
    export[value_columns] = export[value_columns].astype(float)  # numbers, missing values empty (never 0)
    return pd.DataFrame(shown), export
