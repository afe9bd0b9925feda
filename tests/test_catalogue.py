"""The catalogue is complete: every message the code marks has an English translation, none is
empty, fuzzy or obsolete, and a translation keeps the placeholders of its msgid."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from campus_metrics.text import KEYWORDS, LOCALE_DIR, ntr, po_path, tr

ROOT = Path(__file__).resolve().parents[1]


def extracted() -> set[str | tuple[str, str]]:
    """The msgids of the code, extracted with Babel's API, babel.cfg and the project's keywords."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    ids = set()
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS):
        ids.add(msg if isinstance(msg, str) else tuple(msg))
    return ids


def catalogue(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def key(message) -> str | tuple[str, ...]:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def code_ids():
    ids = extracted()
    assert len(ids) > 300, "the extraction found the interface text"
    return ids


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_catalogue_holds_exactly_the_code_messages(code_ids, lang):
    cat = catalogue(po_path(lang))
    ids = {key(m) for m in cat if m.id}
    assert not cat.obsolete, f"obsolete (#~) entries in {lang}: {list(cat.obsolete)[:5]}"
    assert not code_ids - ids, f"missing from {lang}: {sorted(map(str, code_ids - ids))[:20]}"
    assert not ids - code_ids, f"obsolete in {lang}: {sorted(map(str, ids - code_ids))[:20]}"


def test_template_is_current(code_ids):
    ids = {key(m) for m in catalogue(LOCALE_DIR / "campus_metrics.pot") if m.id}
    assert ids == code_ids, "run the extract step of README « Traduire l'interface »"


def test_every_english_message_is_translated_and_not_fuzzy():
    bad = []
    for m in catalogue(po_path("en")):
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s.strip() for s in strings):
            bad.append(m.id)
    assert not bad, bad[:20]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_placeholders_are_the_same_in_msgid_and_msgstr(lang):
    bad = []
    for m in catalogue(po_path(lang)):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = [s for s in (m.string if isinstance(m.string, tuple) else (m.string,)) if s]
        want = set().union(*(fields(i) for i in ids))
        bad += [(m.id, s) for s in strings if fields(s) != want]
    assert not bad, bad[:20]


def test_plurals_follow_each_language():
    one, many = "{n} promotion renseignée", "{n} promotions renseignées"
    assert ntr("fr", one, many, 1) == "1 promotion renseignée"
    assert ntr("fr", one, many, 0) == "0 promotion renseignée"  # French: 0 is singular
    assert ntr("fr", one, many, 4) == "4 promotions renseignées"
    assert ntr("en", one, many, 1) == "1 cohort with a headcount"
    assert ntr("en", one, many, 4) == "4 cohorts with a headcount"
    assert tr("en", "Départements") != "Départements"
    assert re.fullmatch(r"[\w ]+", tr("en", "Filtres"))
