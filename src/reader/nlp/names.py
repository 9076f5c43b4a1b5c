"""A German→English table of names: pycountry's country names plus a curated list, with German inflection.

`lookup("Russlands")` gives `("Russia",)`, `lookup("russischen")` gives `("Russian",)`. The table is
built once, lazily, on first use; pycountry's German catalogue is read from the files it ships.
"""

from __future__ import annotations

import gettext
import itertools
import threading
from collections.abc import Iterable
from importlib import resources

_DATA = "names_de_en.tsv"
_ADJ_ENDINGS = ("en", "em", "er", "es", "e")
# Genitive and dative endings a name can carry in running text: "Russlands", "des Bundestages".
# "-er" makes a city's adjective: "Kiewer", "Moskauer".
_NOUN_ENDINGS = ("s", "es", "n", "er")
_MAX_COMPOSED = 8


class NameTable:
    """German names (and adjective stems) to their English forms, the preferred form first."""

    def __init__(self) -> None:
        self._names: dict[str, list[str]] = {}
        self._labels: dict[tuple[str, str], list[str]] = {}
        self._adjectives: dict[str, list[str]] = {}
        self._sources: dict[str, set[str]] = {}  # English form -> the German names it translates

    def add(self, german: str, kind: str, forms: Iterable[str]) -> None:
        forms = [f for f in forms if f]
        if not german or not forms:
            return
        for form in forms:
            self._sources.setdefault(form, set()).add(german)
        if kind == "ADJ":
            _merge(self._adjectives, german.lower(), forms)
            return
        _merge(self._names, german, forms)
        _merge(self._labels, (german, "MISC" if kind == "DEM" else kind), forms)

    def __len__(self) -> int:
        return len(self._names) + len(self._adjectives)

    def german_sources(self, english: str) -> frozenset[str]:
        """The German names (or adjective stems) `english` translates: "Kremlin" → {"Kreml"}."""
        return frozenset(self._sources.get(english, ()))

    def lookup(self, german: str, label: str | None = None) -> tuple[str, ...]:
        """English forms of `german` as written in running text (inflected), or () when unknown."""
        german = " ".join(german.split())
        for candidate in _noun_candidates(german):
            forms = self._exact(candidate, label)
            if forms:
                return tuple(forms)
        adjective = self.adjective(german)
        if adjective:
            return adjective
        if " " in german:
            for candidate in _phrase_candidates(german):
                forms = self._exact(candidate, label)
                if forms:
                    return tuple(forms)
            return self._composed(german, label)
        return ()

    def adjective(self, word: str) -> tuple[str, ...]:
        """English forms of an inflected German adjective of a name: "russischen" → ("Russian",)."""
        low = word.lower()
        if low in self._adjectives:
            return tuple(self._adjectives[low])
        for ending in _ADJ_ENDINGS:
            if low.endswith(ending) and low[: -len(ending)] in self._adjectives:
                return tuple(self._adjectives[low[: -len(ending)]])
        return ()

    def _exact(self, german: str, label: str | None) -> list[str]:
        if label is not None and (german, label) in self._labels:
            return self._labels[(german, label)]
        return self._names.get(german, [])

    def _composed(self, german: str, label: str | None) -> tuple[str, ...]:
        """A multi-word name from its words: "Sergej Naryschkin" → "Sergei Naryshkin", "Sergey Naryshkin".

        A person's unknown words stay as they are ("Sergej Müller"); other names need every word known,
        or "Europäische Gerichtshof" would come out as "European Gerichtshof".
        """
        options: list[list[str]] = []
        known = False
        for word in german.split(" "):
            forms = self.lookup(word, label)
            if not forms and label != "PER":
                return ()
            known = known or bool(forms)
            options.append([*forms, word] if forms else [word])
        if not known:
            return ()
        combos = itertools.islice(itertools.product(*options), _MAX_COMPOSED)
        return tuple(dict.fromkeys(" ".join(c) for c in combos if " ".join(c) != german))


def _merge(table: dict, key: object, forms: list[str]) -> None:
    existing = table.setdefault(key, [])
    existing.extend(f for f in forms if f not in existing)


def _phrase_candidates(german: str) -> list[str]:
    """A multi-word name with its leading adjective in the other declensions: "Auswärtige Amt" →
    "Auswärtiges Amt", …; and its last word without a genitive ending: "Weißen Hauses" → "Weißen Haus"."""
    first, rest = german.split(" ", 1)
    stems = [first[: -len(e)] for e in _ADJ_ENDINGS if first.endswith(e)]
    out = [f"{stem}{ending} {rest}" for stem in stems[:1] for ending in _ADJ_ENDINGS]
    out += [german[: -len(e)] for e in ("es", "s") if german.endswith(e)]
    return [c for c in dict.fromkeys(out) if c != german]


def _noun_candidates(german: str) -> list[str]:
    """The name itself, then the forms it may have been inflected from."""
    out = [german]
    for ending in _NOUN_ENDINGS:
        if german.endswith(ending) and len(german) - len(ending) >= 3:
            out.append(german[: -len(ending)])
    return out


def _read_curated(table: NameTable) -> None:
    text = resources.files("reader.nlp").joinpath("data", _DATA).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        german, kind, forms = line.split("\t")
        table.add(german, kind, forms.split("|"))


def _read_pycountry(table: NameTable) -> None:
    """Country names in German from pycountry's catalogue, mapped to its English names."""
    import pycountry

    try:
        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        return
    for country in pycountry.countries:
        english = [
            getattr(country, attr)
            for attr in ("common_name", "name", "official_name")
            if getattr(country, attr, None) and "," not in getattr(country, attr)
        ]
        for attr in ("common_name", "name", "official_name"):
            name = getattr(country, attr, None)
            if not name or "," in name:
                continue
            german = de.gettext(name)
            if "," not in german:
                # The curated list comes first, so its everyday forms ("Russia") win.
                table.add(german, "LOC", english)


_lock = threading.Lock()
_table: NameTable | None = None


def name_table() -> NameTable:
    """The shared table, built on first use (thread-safe)."""
    global _table
    with _lock:
        if _table is None:
            table = NameTable()
            _read_curated(table)
            _read_pycountry(table)
            _table = table
        return _table
