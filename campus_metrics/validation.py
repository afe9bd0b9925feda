"""Row validation with pydantic: one model per import kind, French messages, all problems at once."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|<\s*script", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]")


@dataclass(frozen=True)
class Problem:
    """One refusal reason, located so a user can fix their spreadsheet."""

    file: str
    row: int | None  # line number in the file (header is line 1); None for the whole file
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file + (f", ligne {self.row}" if self.row else "") + (f", colonne « {self.column} »" if self.column else "")
        val = f" — valeur « {self.value} »" if self.value not in (None, "") else ""
        return f"{where}{val} : {self.reason}"


class RowError(ValueError):
    """A row-level rule broken by one column: keeps the column for the report."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v.strip() == "")


def _text(v: Any) -> str | None:
    if _blank(v):
        return None
    s = str(v).strip()
    if _TAG.search(s):
        raise ValueError("balise HTML ou script interdite dans le texte")
    return s


def _number(v: Any) -> float | None:
    """Accept 2200000, 2 200 000, 2,2, 2.2, 78 %, 2 200 000 € (what French Excel writes)."""
    if _blank(v):
        return None
    if isinstance(v, bool):
        raise ValueError("nombre attendu")
    if isinstance(v, int | float):
        return float(v)
    s = _SPACES.sub("", str(v)).replace("€", "").replace("%", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    elif s.count(",") == 1 and s.count(".") >= 1 and s.rfind(",") > s.rfind("."):
        s = s.replace(".", "").replace(",", ".")  # 1.234,5
    try:
        return float(s)
    except ValueError:
        raise ValueError("nombre attendu") from None


def _integer(v: Any) -> int | None:
    x = _number(v) if not isinstance(v, str) or v.strip() else None
    if x is None:
        if not _blank(v):
            raise ValueError("nombre entier attendu")
        return None
    if x != int(x):
        raise ValueError("nombre entier attendu")
    return int(x)


def _safe_integer(v: Any) -> int | None:
    try:
        return _integer(v)
    except ValueError:
        raise ValueError("nombre entier attendu") from None


def _year(v: Any) -> int | None:
    y = _safe_integer(v)
    if y is not None and not 1950 <= y <= 2100:
        raise ValueError("année hors de 1950–2100")
    return y


def _date(v: Any) -> dt.date | None:
    if _blank(v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()[:10]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise ValueError("date attendue (AAAA-MM-JJ ou JJ/MM/AAAA)")


def _bool(v: Any) -> bool | None:
    if _blank(v):
        return None
    s = str(v).strip().lower()
    if s in {"true", "vrai", "oui", "1", "yes", "1.0"}:
        return True
    if s in {"false", "faux", "non", "0", "no", "0.0"}:
        return False
    raise ValueError("oui/non attendu (true/false)")


def _code(v: Any) -> str | None:
    s = _text(v)
    if s is None:
        return None
    if re.fullmatch(r"\d+\.0", s):
        s = s[:-2]
    return s


def _dep_code(v: Any) -> str | None:
    s = _code(v)
    if s is not None and len(s) == 1 and s.isdigit():
        s = "0" + s  # Excel drops the leading zero of "09"
    return s


def _insee(v: Any) -> str | None:
    s = _code(v)
    if s is not None and len(s) == 4 and s.isdigit():
        s = "0" + s
    return s


def _non_negative(v: Any) -> float | None:
    x = _number(v)
    if x is not None and x < 0:
        raise ValueError("montant ou effectif négatif")
    return x


def _non_negative_int(v: Any) -> int | None:
    x = _safe_integer(v)
    if x is not None and x < 0:
        raise ValueError("effectif négatif")
    return x


def _percent(v: Any) -> float | None:
    x = _number(v)
    if x is not None and not 0 <= x <= 100:
        raise ValueError("taux hors de 0–100 %")
    return x


Text = Annotated[str | None, BeforeValidator(_text)]
Code = Annotated[str | None, BeforeValidator(_code)]
DepCode = Annotated[str | None, BeforeValidator(_dep_code)]
Insee = Annotated[str | None, BeforeValidator(_insee)]
Number = Annotated[float | None, BeforeValidator(_non_negative)]
SignedNumber = Annotated[float | None, BeforeValidator(_number)]
Count = Annotated[int | None, BeforeValidator(_non_negative_int)]
Year = Annotated[int | None, BeforeValidator(_year)]
Date = Annotated[dt.date | None, BeforeValidator(_date)]
Percent = Annotated[float | None, BeforeValidator(_percent)]
Bool = Annotated[bool | None, BeforeValidator(_bool)]

Status = Literal["announced", "voted", "realised", "estimate"]


class Row(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class FactRow(Row):
    fact_status: Status
    source_id: Code
    quote: Text
    notes: Text = None

    @model_validator(mode="after")
    def _provenance(self):
        if not self.source_id:
            raise RowError("source_id", "source manquante (source_id)")
        if not self.quote:
            raise RowError("quote", "citation manquante (quote) : chaque chiffre doit citer sa source")
        return self


class SourceRow(Row):
    source_id: Code
    publisher: Text = None
    title: Text
    author: Text = None
    published_on: Text = None
    seed_file: Text = None
    url: Text = None
    licence: Text = None
    notes: Text = None

    @model_validator(mode="after")
    def _check(self):
        if not self.source_id:
            raise RowError("source_id", "identifiant de source manquant (source_id)")
        if not self.title:
            raise RowError("title", "titre manquant")
        if self.published_on:
            parse_partial_date(self.published_on)
        if not (self.seed_file or self.url):
            raise ValueError("fichier d'origine (seed_file) ou adresse (url) requis")
        return self


def parse_partial_date(s: str) -> tuple[dt.date, str]:
    """'2017-09-06' → day precision, '2017-09' → month, '2017' → year."""
    s = s.strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return dt.datetime.strptime(s, fmt).date(), precision
        except ValueError:
            continue
    raise ValueError("date de publication attendue : AAAA-MM-JJ, AAAA-MM ou AAAA")


def format_partial_date(d: dt.date | None, precision: str | None) -> str:
    if d is None:
        return ""
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


class ProgrammeRow(Row):
    programme_id: Code
    name: Text
    kind: Literal["label", "network", "campus", "school", "training"]
    region_code: Code = None
    description: Text = None
    source_id: Code = None

    @model_validator(mode="after")
    def _check(self):
        if not self.programme_id or not self.name:
            raise ValueError("identifiant et nom du programme requis")
        return self


class SiteRow(FactRow):
    site_id: Code
    name: Text
    operator: Text = None
    programmes: Text = None
    commune_insee: Insee = None
    commune_name: Text = None
    departement_code: DepCode = None
    address: Text = None
    site_status: Literal["planned", "open", "closed"]
    opened_on: Date = None
    opening_year: Year = None
    local_partner: Text = None

    @model_validator(mode="after")
    def _check(self):
        if not self.site_id or not self.name:
            raise ValueError("identifiant et nom du site requis")
        if self.opened_on and self.opening_year and self.opened_on.year != self.opening_year:
            raise RowError("opening_year", "opened_on et opening_year se contredisent")
        return self


class CohortRow(FactRow):
    cohort_id: Code
    fact_key: Code = None
    site_id: Code = None
    programme_id: Code = None
    region_code: Code = None
    departement_code: DepCode = None
    label: Text = None
    start_date: Date = None
    start_year: Year = None
    end_year: Year = None
    learners: Count = None
    candidates: Count = None
    women_share_pct: Percent = None
    duration_months: Number = None
    hours_centre: Count = None
    hours_company: Count = None
    level: Text = None

    @model_validator(mode="after")
    def _check(self):
        if not self.cohort_id:
            raise ValueError("identifiant de promotion manquant")
        if not (self.site_id or self.programme_id):
            raise ValueError("une promotion appartient à un site ou à un programme")
        if self.start_date and self.start_year and self.start_date.year != self.start_year:
            raise RowError("start_year", "start_date et start_year se contredisent")
        start = self.start_year or (self.start_date.year if self.start_date else None)
        if start and self.end_year and self.end_year < start:
            raise RowError("end_year", "fin avant le début (end_year < start_year)")
        if self.learners is not None and self.candidates is not None and self.candidates < self.learners:
            raise RowError("candidates", "moins de candidats que d'apprenants")
        return self


class FundingRow(FactRow):
    funding_id: Code
    fact_key: Code = None
    beneficiary: Text = None
    site_id: Code = None
    programme_id: Code = None
    region_code: Code = None
    departement_code: DepCode = None
    year_start: Year = None
    year_end: Year = None
    funder_name: Text = None
    funder_type: Literal["region", "state", "private", "local_authority", "eu", "mixed", "unknown"]
    nature: Literal["investment", "operating", "teaching", "total", "unknown"]
    amount_kind: Literal["point", "range", "shortfall", "unknown"]
    amount_eur: Number = None
    amount_min_eur: Number = None
    amount_max_eur: Number = None
    in_totals: Bool = True

    @model_validator(mode="after")
    def _check(self):
        if not self.funding_id:
            raise ValueError("identifiant de ligne de financement manquant")
        if self.year_start and self.year_end and self.year_end < self.year_start:
            raise RowError("year_end", "fin avant le début (year_end < year_start)")
        k = self.amount_kind
        if k in ("point", "shortfall") and self.amount_eur is None:
            raise RowError("amount_eur", f"amount_eur requis pour un montant de type {k}")
        if k == "range":
            if self.amount_min_eur is None or self.amount_max_eur is None:
                raise RowError("amount_min_eur", "amount_min_eur et amount_max_eur requis pour une fourchette")
            if self.amount_max_eur < self.amount_min_eur:
                raise RowError("amount_max_eur", "fourchette inversée (max < min)")
        if k == "unknown" and any(x is not None for x in (self.amount_eur, self.amount_min_eur, self.amount_max_eur)):
            raise RowError("amount_eur", "un montant inconnu ne doit pas avoir de valeur")
        if self.in_totals is None:
            self.in_totals = True
        return self

    def bounds(self) -> tuple[float | None, float | None]:
        if self.amount_kind == "range":
            return self.amount_min_eur, self.amount_max_eur
        return self.amount_eur, self.amount_eur


class OutcomeRow(FactRow):
    outcome_id: Code
    fact_key: Code = None
    programme_id: Code = None
    site_id: Code = None
    cohort_id: Code = None
    region_code: Code = None
    departement_code: DepCode = None
    year: Year
    cohort_period: Text = None
    indicator: Literal["positive_exit_rate", "employment_rate", "exit_salary", "job_offers"]
    value: Number
    unit: Literal["percent", "eur_per_month", "count"]
    base_count: Count = None
    base_description: Text = None

    @model_validator(mode="after")
    def _check(self):
        if not self.outcome_id:
            raise ValueError("identifiant de résultat manquant")
        if self.value is None:
            raise ValueError("valeur manquante")
        if self.unit == "percent" and self.value > 100:
            raise RowError("value", "taux supérieur à 100 %")
        if self.unit == "percent" and not self.base_description:
            raise RowError("base_description", "un taux doit dire de quoi il est le taux (base_description)")
        if not (self.programme_id or self.site_id or self.cohort_id):
            raise ValueError("un résultat porte sur un programme, un site ou une promotion")
        return self


class IndicatorRow(FactRow):
    indicator_id: Code
    fact_key: Code = None
    territory_level: Literal["france", "region", "departement"]
    territory_code: DepCode = None
    programme_id: Code = None
    year: Year
    name: Code
    label: Text
    value: SignedNumber
    unit: Literal["count", "eur", "percent", "m2"]

    @model_validator(mode="after")
    def _check(self):
        if not self.indicator_id or not self.name or not self.label:
            raise ValueError("identifiant, code et libellé requis")
        if self.value is None:
            raise ValueError("valeur manquante")
        if self.unit == "percent" and not 0 <= self.value <= 100:
            raise RowError("value", "taux hors de 0–100 %")
        if self.territory_level != "france" and not self.territory_code:
            raise RowError("territory_code", "code de territoire requis")
        return self


ROW_MODELS: dict[str, type[Row]] = {
    "sources": SourceRow,
    "programmes": ProgrammeRow,
    "sites": SiteRow,
    "cohorts": CohortRow,
    "funding": FundingRow,
    "outcomes": OutcomeRow,
    "indicators": IndicatorRow,
}
ID_COLUMN = {
    "sources": "source_id",
    "programmes": "programme_id",
    "sites": "site_id",
    "cohorts": "cohort_id",
    "funding": "funding_id",
    "outcomes": "outcome_id",
    "indicators": "indicator_id",
}


def validate_row(kind: str, raw: dict[str, Any], file: str, line: int) -> tuple[Row | None, list[Problem]]:
    try:
        return ROW_MODELS[kind].model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            col = str(err["loc"][0]) if err["loc"] else None
            cause = (err.get("ctx") or {}).get("error")
            if isinstance(cause, RowError):
                col = cause.column
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "literal_error":
                msg = "valeur non autorisée, attendu : " + err["ctx"]["expected"]
            elif err["type"] == "missing":
                msg = "colonne obligatoire absente"
            value = raw.get(col) if col else None
            problems.append(Problem(file, line, col, None if value is None else str(value)[:80], msg))
        return None, problems
