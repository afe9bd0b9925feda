"""The one text layer: every user-facing string goes through a gettext catalogue per language.

French is the source language: the msgids ARE the French texts, so the French catalogue
(`locale/fr/…/campus_metrics.po`) keeps its singular msgstrs empty (gettext then returns the
msgid: one copy of each French text, nothing to keep in sync) and fills only the plural forms,
so that French's own plural rule (0 and 1 singular) applies. The English catalogue holds every
translation. The .po files are read with Babel once per process and compiled in memory: a fresh
clone runs `make run` / `make test` with no compile step.

Both layers call this module: the domain layer passes the language (`tr(lang, …)`), the dashboard
passes the session's (`dashboard.i18n._`). Placeholders are named (`{n}`) and filled AFTER
translation. Numbers, dates and money stay with Babel in `campus_metrics.formatting`.
"""

from __future__ import annotations

import ast
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "campus_metrics"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGS = ("fr", "en")
# The extraction keywords (pybabel extract -k …, and the catalogue test): msgid positions.
KEYWORDS = {"_": None, "N_": None, "Nn_": (1, 2), "n_": (1, 2), "tr": (2,), "ntr": (2, 3)}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The catalogue of `lang`, read from its .po and compiled in memory once per process."""
    with po_path(lang if lang in LANGS else "fr").open("rb") as fh:
        catalog = read_po(fh, locale=lang if lang in LANGS else "fr")
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


def N_(msgid: str) -> str:
    """Marks a French text for extraction where it is stored (a code's label), translated later."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for extraction where it is stored, counted later with `ntr`."""
    return singular, plural


def tr(lang: str, msgid: str, **values) -> str:
    """`msgid` (French) in `lang`, with its named placeholders filled after translation."""
    text = translations(lang).gettext(msgid)
    return text.format(**values) if values else text


def ntr(lang: str, singular: str, plural: str, count: int, /, **values) -> str:
    """Singular or plural by `count` and the language's plural rule; `{n}` is `count` unless given (formatted)."""
    text = translations(lang).ngettext(singular, plural, int(count))
    return text.format(**({"n": count} | values))


def extract_python_ast(fileobj, keywords, comment_tags, options):
    """A Babel extractor (babel.cfg) that reads the syntax tree, so a call inside an f-string
    (`f"{tr(L, 'Source')} : …"`) is found too: Babel's tokenizer extractor misses those before
    Python 3.12. Yields what Babel expects: line, function name, the string arguments (None for
    any other argument), comments."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in keywords or not node.args:
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        yield node.lineno, name, args if len(args) > 1 else args[0], []
