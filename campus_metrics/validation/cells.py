"""Cell parsers: what French Excel writes (2 200 000 €, 2,2, 09, 06/09/2017, vrai) to typed values."""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator

from campus_metrics.validation.codes import to_code

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|<\s*script", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]")


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
        return _finite(float(v))
    s = _SPACES.sub("", str(v)).replace("€", "").replace("%", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    elif s.count(",") == 1 and s.count(".") >= 1 and s.rfind(",") > s.rfind("."):
        s = s.replace(".", "").replace(",", ".")  # 1.234,5
    try:
        x = float(s)
    except ValueError:
        raise ValueError("nombre attendu") from None
    return _finite(x)


def _finite(x: float) -> float:
    """`inf` and `nan` parse as floats but are no figure: refused."""
    if not math.isfinite(x):
        raise ValueError("nombre attendu (pas « inf » ni « nan »)")
    return x


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


def _choice(v: Any) -> str | None:
    """A code of an allowed-values list (an enum): trimmed text, None when empty (then refused if required)."""
    return None if _blank(v) else str(v).strip()


def choice(enum: type[StrEnum]) -> BeforeValidator:
    """An enum cell: the code, or its French or English label (« réalisé », « Realised »)."""

    def parse(v: Any) -> str | None:
        s = _choice(v)
        return None if s is None else to_code(enum, s)

    return BeforeValidator(parse)


def _url(v: Any) -> str | None:
    s = _text(v)
    if s is None:
        return None
    parts = urlsplit(s)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in s for c in " \t\r\n`<>\"'"):
        raise ValueError("adresse web attendue, commençant par http:// ou https://")
    return s


def required(message: str) -> AfterValidator:
    """A cell that must be filled, checked with every other cell (not after them), so one pass reports it."""

    def check(v: Any) -> Any:
        if v is None:
            raise ValueError(message)
        return v

    return AfterValidator(check)


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
Url = Annotated[str | None, BeforeValidator(_url)]
# on an enum field: Annotated[FactStatus, Choice]
Choice = BeforeValidator(_choice)


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
