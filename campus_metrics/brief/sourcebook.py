"""Numbered source references: every citation in the brief points into the final sources table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from campus_metrics import formatting as fm
from campus_metrics import queries as q
from campus_metrics.brief.content import Table
from campus_metrics.brief.values import _clean, _na, _shorten
from campus_metrics.brief.words import _colon
from campus_metrics.text import tr


class SourceBook:
    """Numbers the sources in the order of the scope (most recent first), then as cited."""

    def __init__(self, engine: Engine, scope_ids: Sequence[str], lang: str):
        self.lang = lang
        frame = q.all_sources(engine)
        self.rows = {r["id"]: r for r in frame.to_dict("records")}
        self.order: list[str] = []
        for sid in scope_ids:
            self.ref(sid)

    def ref(self, sid: str) -> int:
        if sid not in self.order:
            self.order.append(sid)
        return self.order.index(sid) + 1

    def date(self, sid: str) -> str:
        r = self.rows.get(sid)
        if r is None:
            return fm.date(None, lang=self.lang)
        return fm.date(_clean(r["published_on"]), _clean(r["date_precision"]), self.lang)

    def cite(self, ids, limit: int = 60) -> str:
        """One source: 'Source : [1] « Déjà 15 "Ecoles régionales du… », sept. 2017';
        several: 'Sources : [3] 2017 ; [1] sept. 2017' (titles on the sources page)."""
        ids = q.source_id_list(ids)
        if not ids:
            return tr(self.lang, "Source non renseignée")
        if len(ids) == 1:
            r = self.rows.get(ids[0])
            title = _shorten(str(r["title"]), limit) if r is not None else ids[0]
            return f"{tr(self.lang, 'Source')}{_colon(self.lang)}[{self.ref(ids[0])}] « {title} », {self.date(ids[0])}"
        return f"{tr(self.lang, 'Sources')}{_colon(self.lang)}{self.refs(ids)}"

    def numbers(self, ids) -> str:
        """'Sources : [1] [3]': the numbers alone, the dates are in the sources table."""
        ids = q.source_id_list(ids)
        if not ids:
            return tr(self.lang, "Source non renseignée")
        word = tr(self.lang, "Source") if len(ids) == 1 else tr(self.lang, "Sources")
        return f"{word}{_colon(self.lang)}" + " ".join(f"[{n}]" for n in sorted(self.ref(s) for s in ids))

    def refs(self, ids) -> str:
        """'[1] sept. 2017' for a table cell."""
        ids = q.source_id_list(ids)
        if not ids:
            return tr(self.lang, "Source non renseignée")
        return " ; ".join(f"[{self.ref(s)}] {self.date(s)}" for s in ids)

    def table(self) -> Table:
        L = self.lang
        rows = []
        for sid in self.order:
            r = self.rows.get(sid)
            if r is None:
                rows.append([str(self.ref(sid)), sid, "", fm.date(None, lang=L)])
                continue
            title = f"« {r['title']} »"
            if not _na(r.get("author")):
                title += f" — {r['author']}"
            if r.get("synthetic") and "SYNTH" not in title.upper():
                title += " — " + tr(L, "DONNÉES SYNTHÉTIQUES")
            publisher = r["publisher"] if not _na(r["publisher"]) else tr(L, "Éditeur non indiqué")
            rows.append([str(self.ref(sid)), title, publisher, self.date(sid)])
        return Table([tr(L, "N°"), tr(L, "Titre"), tr(L, "Éditeur"), tr(L, "Date")], rows, [0.6, 6.6, 3.0, 1.6])

    def synthetic(self) -> bool:
        return any(bool(self.rows.get(s, {}).get("synthetic")) for s in self.order)
