"""A key figure laid out once, as plain text in the reader's language.

The overview cards, the presentation screen, the brief and the comparison all draw a `Card`;
none of them formats a key figure on its own. A card holds text, never Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from campus_metrics import formatting as fmt
from campus_metrics.enums import AmountPeriod
from campus_metrics.figures.catalogue import BY_KEY, StatusRule, Unit
from campus_metrics.figures.values import Figure, Part, Reason
from campus_metrics.figures.words import w
from campus_metrics.text import ntr, tr

MAX_ITEMS = 3  # a list in a sentence stops there: « et N autre(s) »


@dataclass(frozen=True)
class CardLine:
    value: str  # « 6,5 M€ », « 3,5 M€/an », « 126 »
    label: str  # what it counts: « apprenants inscrits », « par an, annoncé »
    status: str | None  # the stored status, for the badge and the colour


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    lines: tuple[CardLine, ...]  # the first is the headline; none when unknown
    empty_text: str = ""  # « non publié », « non calculable »
    notes: tuple[str, ...] = ()  # details, reasons, scope
    scope_note: str = ""  # « Occitanie seulement (ERN, 2015-2016) »
    source_ids: tuple[str, ...] = field(default=())

    @property
    def known(self) -> bool:
        return bool(self.lines)

    @property
    def headline(self) -> str:
        return self.lines[0].value if self.lines else self.empty_text

    @property
    def status(self) -> str | None:
        s = {line.status for line in self.lines if line.status}
        return s.pop() if len(s) == 1 else ("mixed" if s else None)


def value_text(key: str, part: Part, lang: str) -> str:
    d = BY_KEY[key]
    lo, hi = part.value, part.value_max
    if d.unit == Unit.eur:
        text = fmt.eur_range(lo, hi, lang, compact=d.compact) if hi is not None else fmt.eur(lo, lang, compact=d.compact)
    elif d.unit == Unit.percent:
        text = fmt.percent(lo, lang) + (f" – {fmt.percent(hi, lang)}" if hi is not None else "")
    else:
        text = fmt.number(lo, lang)
    return text + (tr(lang, "/an") if part.period == AmountPeriod.per_year else "")


def _part_label(key: str, part: Part, lang: str) -> str:
    group = part.group.value if part.group else None
    if key == "learners" and group:
        return w(f"part.learners.{group}", lang)
    if key == "money" and group:
        return w(f"part.money.{group}.{part.period or AmountPeriod.one_off}", lang)
    return w(f"part.{group}", lang) if group else ""


def cap(items: list[str], lang: str, keep: int = MAX_ITEMS) -> list[str]:
    """The first `keep` items, then « et N autre(s) » (never « et 1 autre » for a single item left)."""
    if len(items) <= keep + 1:
        return items
    return items[:keep] + [ntr(lang, "et {n} autre", "et {n} autres", len(items) - keep, n=fmt.number(len(items) - keep, lang))]


def reason_text(r: Reason, lang: str) -> str:
    text = w(f"reason.{r.code.value}", lang, known=r.known, total=r.total, period=r.period or "")
    if r.scope:
        text = tr(lang, "{scope} : {text}", scope=r.scope, text=text)
    return text + (tr(lang, " ({n} périmètres)", n=r.count) if r.count > 1 else "")


def scope_text(fig: Figure, names: Mapping[str, Mapping[str, str]], lang: str) -> str:
    s = fig.scope
    if s is None or not (s.regions or s.programmes):
        return ""
    regions = [names.get("regions", {}).get(r, r) if r else tr(lang, "programme national") for r in s.regions]
    progs = [names.get("programmes", {}).get(p, p) for p in s.programmes]
    what = ", ".join(cap(progs, lang) + list(s.periods[:MAX_ITEMS]))
    if s.narrower:
        return tr(lang, "{where} seulement ({what})", where=", ".join(cap(regions, lang)), what=what)
    return tr(lang, "mesuré sur : {what}", what=what)


def _notes(fig: Figure, lang: str) -> list[str]:
    notes: list[str] = []
    if fig.key == "sites":
        counts = fig.extra.get("by_site_status", {})
        if fig.known and fig.parts[0].value:
            notes.append(
                ", ".join(
                    (
                        ntr(lang, "{n} ouvert", "{n} ouverts", counts.get("open", 0)),
                        ntr(lang, "{n} prévu", "{n} prévus", counts.get("planned", 0)),
                        ntr(lang, "{n} fermé", "{n} fermés", counts.get("closed", 0)),
                    )
                )
            )
        else:
            notes.append(tr(lang, "aucun site nommé"))
    if fig.key == "learners":
        for p in fig.parts:
            if p.n_unknown:
                notes.append(ntr(lang, "{n} promotion sans effectif connu", "{n} promotions sans effectif connu", p.n_unknown))
    if fig.key == "money":
        if fig.extra.get("unknown_amounts"):
            notes.append(ntr(lang, "{n} financement au montant inconnu", "{n} financements au montant inconnu", fig.extra["unknown_amounts"]))
        if fig.extra.get("shortfall"):
            notes.append(tr(lang, "dont manque à financer : {v}", v=fmt.eur(fig.extra["shortfall"], lang)))
    if fig.key in ("positive_exit_rate", "employment_rate") and fig.known:
        if fig.base is not None:
            notes.append(
                ntr(
                    lang,
                    "moyenne pondérée de {n} mesure, base {base} personnes",
                    "moyenne pondérée de {n} mesures, base {base} personnes",
                    fig.measures,
                    base=fmt.number(fig.base, lang),
                )
            )
        elif fig.measures > 1:
            notes.append(tr(lang, "{n} mesures aux bases inconnues : de la plus basse à la plus haute", n=fig.measures))
        else:
            notes.append(tr(lang, "base inconnue"))
    method = fig.extra.get("method")
    if method and fig.key == "cost_per_learner":
        notes.append(
            tr(
                lang,
                "{scope}, {year} : {money} ÷ {learners} apprenants",
                scope=method["scope"],
                year=method["year"],
                money=fmt.eur(method["money"], lang),
                learners=fmt.number(method["learners"], lang),
            )
        )
    elif fig.key.startswith("cost_per") and len(fig.known_parts) and sum(p.n_facts for p in fig.known_parts) > 1:
        notes.append(
            ntr(
                lang,
                "{n} périmètre calculé, du plus bas au plus haut",
                "{n} périmètres calculés, du plus bas au plus haut",
                sum(p.n_facts for p in fig.known_parts),
            )
        )
    notes += cap(list(dict.fromkeys(reason_text(r, lang) for r in fig.reasons)), lang)
    return notes


def card(fig: Figure, lang: str = "fr", names: Mapping[str, Mapping[str, str]] | None = None) -> Card:
    d = BY_KEY[fig.key]
    lines = tuple(CardLine(value_text(fig.key, p, lang), _part_label(fig.key, p, lang), p.status) for p in fig.known_parts)
    if d.status_rule == StatusRule.site_status and lines:
        lines = (CardLine(lines[0].value, "", fig.parts[0].status),)
    empty = "" if lines else (tr(lang, "non calculable") if fig.reasons else tr(lang, "non publié"))
    return Card(
        key=fig.key,
        title=w(f"title.{fig.key}", lang),
        lines=lines,
        empty_text=empty,
        notes=tuple(_notes(fig, lang)),
        scope_note=scope_text(fig, names or {}, lang) if fig.known else "",
        source_ids=fig.source_ids,
    )


def cards(figures: Mapping[str, Figure], lang: str = "fr", names: Mapping[str, Mapping[str, str]] | None = None) -> list[Card]:
    return [card(fig, lang, names) for fig in figures.values()]
