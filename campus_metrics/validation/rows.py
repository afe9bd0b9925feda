"""One pydantic model per import kind: the columns, their allowed values (enums.py) and the row rules.

Enum fields keep the plain string value (`use_enum_values`), so records, the database and
the exports hold `"realised"`, never `FactStatus.realised`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from campus_metrics.enums import (
    AmountKind,
    AmountPeriod,
    DataKind,
    FactStatus,
    FunderType,
    IndicatorUnit,
    Nature,
    OutcomeIndicator,
    OutcomeUnit,
    ProgrammeKind,
    SiteStatus,
    TerritoryLevel,
)
from campus_metrics.validation.cells import (
    Bool,
    Code,
    Count,
    Date,
    DepCode,
    Insee,
    Number,
    Percent,
    SignedNumber,
    Text,
    Url,
    Year,
    choice,
    parse_partial_date,
    required,
)
from campus_metrics.validation.problems import RowError

# an empty amount_period cell (or no such column, as in files written before it) is one_off
OneOffByDefault = BeforeValidator(lambda v: choice(AmountPeriod).func(v) or AmountPeriod.one_off.value)


class Row(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, use_enum_values=True)


class FactRow(Row):
    fact_status: Annotated[FactStatus, choice(FactStatus)]
    source_id: Annotated[Code, required("source manquante (source_id)")]
    quote: Annotated[Text, required("citation manquante (quote) : chaque chiffre doit citer sa source")]
    notes: Text = None


class SourceRow(Row):
    source_id: Annotated[Code, required("identifiant de source manquant (source_id)")]
    publisher: Text = None
    title: Annotated[Text, required("titre manquant")]
    author: Text = None
    published_on: Text = None
    seed_file: Text = None
    url: Url = None
    licence: Text = None
    notes: Text = None

    @model_validator(mode="after")
    def _check(self):
        if self.published_on:
            try:
                parse_partial_date(self.published_on)
            except ValueError as exc:
                raise RowError("published_on", str(exc)) from None
        if not (self.seed_file or self.url):
            raise ValueError("fichier d'origine (seed_file) ou adresse (url) requis")
        return self


class ProgrammeRow(Row):
    programme_id: Annotated[Code, required("identifiant du programme manquant")]
    name: Annotated[Text, required("nom du programme manquant")]
    kind: Annotated[ProgrammeKind, choice(ProgrammeKind)]
    region_code: Code = None
    description: Text = None
    source_id: Code = None


class SiteRow(FactRow):
    site_id: Annotated[Code, required("identifiant du site manquant")]
    name: Annotated[Text, required("nom du site manquant")]
    operator: Text = None
    programmes: Text = None
    commune_insee: Insee = None
    commune_name: Text = None
    departement_code: DepCode = None
    address: Text = None
    site_status: Annotated[SiteStatus, choice(SiteStatus)]
    opened_on: Date = None
    opening_year: Year = None
    local_partner: Text = None

    @model_validator(mode="after")
    def _check(self):
        if self.opened_on and self.opening_year and self.opened_on.year != self.opening_year:
            raise RowError("opening_year", "opened_on et opening_year se contredisent")
        return self


class CohortRow(FactRow):
    cohort_id: Annotated[Code, required("identifiant de promotion manquant")]
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
    funding_id: Annotated[Code, required("identifiant de ligne de financement manquant")]
    fact_key: Code = None
    beneficiary: Text = None
    site_id: Code = None
    programme_id: Code = None
    region_code: Code = None
    departement_code: DepCode = None
    year_start: Year = None
    year_end: Year = None
    funder_name: Text = None
    funder_type: Annotated[FunderType, choice(FunderType)]
    nature: Annotated[Nature, choice(Nature)]
    amount_kind: Annotated[AmountKind, choice(AmountKind)]
    amount_eur: Number = None
    amount_min_eur: Number = None
    amount_max_eur: Number = None
    # one_off: the amount of the line's whole period; per_year: that amount each year
    amount_period: Annotated[AmountPeriod, OneOffByDefault] = AmountPeriod.one_off.value
    in_totals: Bool = True

    @model_validator(mode="after")
    def _check(self):
        if self.year_start and self.year_end and self.year_end < self.year_start:
            raise RowError("year_end", "fin avant le début (year_end < year_start)")
        k = self.amount_kind
        if k in (AmountKind.point, AmountKind.shortfall) and self.amount_eur is None:
            raise RowError("amount_eur", f"amount_eur requis pour un montant de type {k}")
        if k == AmountKind.range:
            if self.amount_min_eur is None or self.amount_max_eur is None:
                raise RowError("amount_min_eur", "amount_min_eur et amount_max_eur requis pour une fourchette")
            if self.amount_max_eur < self.amount_min_eur:
                raise RowError("amount_max_eur", "fourchette inversée (max < min)")
        if k == AmountKind.unknown and any(x is not None for x in (self.amount_eur, self.amount_min_eur, self.amount_max_eur)):
            raise RowError("amount_eur", "un montant inconnu ne doit pas avoir de valeur")
        if self.in_totals is None:
            self.in_totals = True
        return self

    def bounds(self) -> tuple[float | None, float | None]:
        if self.amount_kind == AmountKind.range:
            return self.amount_min_eur, self.amount_max_eur
        return self.amount_eur, self.amount_eur


class OutcomeRow(FactRow):
    outcome_id: Annotated[Code, required("identifiant de résultat manquant")]
    fact_key: Code = None
    programme_id: Code = None
    site_id: Code = None
    cohort_id: Code = None
    region_code: Code = None
    departement_code: DepCode = None
    year: Year
    cohort_period: Text = None
    indicator: Annotated[OutcomeIndicator, choice(OutcomeIndicator)]
    value: Annotated[Number, required("valeur manquante")]
    unit: Annotated[OutcomeUnit, choice(OutcomeUnit)]
    base_count: Count = None
    base_description: Text = None

    @model_validator(mode="after")
    def _check(self):
        if self.unit == OutcomeUnit.percent and self.value > 100:
            raise RowError("value", "taux supérieur à 100 %")
        if self.unit == OutcomeUnit.percent and not self.base_description:
            raise RowError("base_description", "un taux doit dire de quoi il est le taux (base_description)")
        if not (self.programme_id or self.site_id or self.cohort_id):
            raise ValueError("un résultat porte sur un programme, un site ou une promotion")
        return self


class IndicatorRow(FactRow):
    indicator_id: Annotated[Code, required("identifiant de chiffre de contexte manquant")]
    fact_key: Code = None
    territory_level: Annotated[TerritoryLevel, choice(TerritoryLevel)]
    territory_code: DepCode = None
    programme_id: Code = None
    year: Year
    name: Annotated[Code, required("code du chiffre manquant (name)")]
    label: Annotated[Text, required("libellé manquant")]
    value: Annotated[SignedNumber, required("valeur manquante")]
    unit: Annotated[IndicatorUnit, choice(IndicatorUnit)]

    @model_validator(mode="after")
    def _check(self):
        if self.unit == IndicatorUnit.percent and not 0 <= self.value <= 100:
            raise RowError("value", "taux hors de 0–100 %")
        if self.territory_level != TerritoryLevel.france and not self.territory_code:
            raise RowError("territory_code", "code de territoire requis")
        return self


ROW_MODELS: dict[str, type[Row]] = {
    DataKind.sources: SourceRow,
    DataKind.programmes: ProgrammeRow,
    DataKind.sites: SiteRow,
    DataKind.cohorts: CohortRow,
    DataKind.funding: FundingRow,
    DataKind.outcomes: OutcomeRow,
    DataKind.indicators: IndicatorRow,
}
ID_COLUMN: dict[str, str] = {
    DataKind.sources: "source_id",
    DataKind.programmes: "programme_id",
    DataKind.sites: "site_id",
    DataKind.cohorts: "cohort_id",
    DataKind.funding: "funding_id",
    DataKind.outcomes: "outcome_id",
    DataKind.indicators: "indicator_id",
}
