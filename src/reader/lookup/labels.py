"""Ding's markup as a reader sees it, and how plain a sense is.

`render(text)` turns one side of a Ding sense into readable text and a tuple of labels: gender and
number tags stay beside their word as `(n)`, `(pl)`, `(m, f)` or a case as `(+Gen.)`; other grammar
tags (`{vt}`, `{adj}`) go, since the part of speech is said once for the word; on the English side
`{went; gone}` becomes `(went; gone)`; `[mil.]`, `[ugs.]` and `[Br.]` leave the text and become
labels, named in full where the abbreviation is known ("military", "colloquial", "British");
`/Ztg./` becomes `(Ztg.)`; `<…>` search variants go.

`plainness(de, en)` scores a sense for ranking (0 is plainest): a technical or scientific field
(`SPECIAL`), a register, a rare or regional German word, or a sense that is a phrase rather than the
word, each count against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.lookup.ding import split_top

_TAG = re.compile(r"\s*\{([^{}]*)\}")
_LABEL = re.compile(r"\s*\[([^\[\]]*)\]")
_VARIANT = re.compile(r"\s*<[^<>]*>")
_ABBREVIATION = re.compile(r"(?<![^\s(])/([^/\s][^/]*?)/(?!\w)")
_GENDER = {"m", "f", "n", "pl", "sg"}
_CASE = re.compile(r"^\+\s*(Gen|Dat|Akk|Nom)\.?$")

# Registers and regions that make a German word less general, and what they are called.
RARE = {
    "veraltet": "dated",
    "veraltend": "dated",
    "obs.": "obsolete",
    "archaic": "archaic",
    "dated": "dated",
    "selten": "rare",
    "rare": "rare",
    "poet.": "poetic",
    "vulg.": "vulgar",
    "slang": "slang",
    "pej.": "pejorative",
    "humor.": "humorous",
    "Ös.": "Austrian",
    "Schw.": "Swiss",
    "Süddt.": "Southern German",
    "Norddt.": "Northern German",
    "Mittelostdt.": "East Central German",
    "Westdt.": "Western German",
    "Ostdt.": "Eastern German",
    "Bayr.": "Bavarian",
    "Lux.": "Luxembourgish",
    "Südtirol": "South Tyrolean",
    "BW": "Baden-Württemberg",
    "DDR": "GDR",
    "dialect": "dialect",
}
REGISTER = {
    "ugs.": "colloquial",
    "coll.": "colloquial",
    "geh.": "formal",
    "formal": "formal",
    "fig.": "figurative",
    "übtr.": "figurative",
    "Dt.": "Germany",
}
REGION = {
    "Br.": "British",
    "Am.": "American",
    "Austr.": "Australian",
    "Sc.": "Scottish",
    "Ir.": "Irish",
    "Can.": "Canadian",
    "NZ": "New Zealand",
    "Ind.": "Indian",
    "SAfr.": "South African",
}
FIELD = {
    "adm.": "administration",
    "agr.": "agriculture",
    "anat.": "anatomy",
    "arch.": "architecture",
    "art": "art",
    "astron.": "astronomy",
    "auto": "motoring",
    "aviat.": "aviation",
    "biochem.": "biochemistry",
    "biol.": "biology",
    "bot.": "botany",
    "chem.": "chemistry",
    "comp.": "computing",
    "constr.": "construction",
    "cook.": "cooking",
    "econ.": "economics",
    "electr.": "electrical engineering",
    "envir.": "environment",
    "fin.": "finance",
    "geogr.": "geography",
    "geol.": "geology",
    "hist.": "history",
    "insur.": "insurance",
    "jur.": "law",
    "ling.": "linguistics",
    "lit.": "literature",
    "mach.": "mechanical engineering",
    "math.": "mathematics",
    "med.": "medicine",
    "meteo.": "meteorology",
    "mil.": "military",
    "min.": "mining",
    "mus.": "music",
    "naut.": "nautical",
    "ornith.": "ornithology",
    "pharm.": "pharmacy",
    "philos.": "philosophy",
    "photo.": "photography",
    "phys.": "physics",
    "pol.": "politics",
    "print": "printing",
    "psych.": "psychology",
    "relig.": "religion",
    "school": "school",
    "soc.": "social life",
    "sport": "sport",
    "statist.": "statistics",
    "stud.": "university",
    "techn.": "technology",
    "telco.": "telecommunications",
    "textil.": "textiles",
    "transp.": "transport",
    "zool.": "zoology",
}
NAMES = {**FIELD, **REGION, **REGISTER, **RARE}
# Technical and scientific fields: a sense labelled so is a specialist's. Politics, economics, law,
# administration, language and the like are a news reader's everyday words, and Ding labels many
# core senses with them ("Regierung [pol.]", "sagen [ling.]"), so they count as plain.
SPECIAL = {
    "anat.",
    "arch.",
    "astron.",
    "aviat.",
    "biochem.",
    "biol.",
    "bot.",
    "chem.",
    "comp.",
    "constr.",
    "electr.",
    "geol.",
    "mach.",
    "math.",
    "med.",
    "meteo.",
    "min.",
    "mus.",
    "naut.",
    "ornith.",
    "pharm.",
    "photo.",
    "phys.",
    "print",
    "statist.",
    "techn.",
    "telco.",
    "textil.",
    "zool.",
}
_PLACEHOLDERS = {"jd.", "jdm.", "jdn.", "jds.", "etw.", "sich", "sb.", "sth.", "jemand", "jemandem", "etwas"}


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    labels: tuple[str, ...]


def _tag(match: re.Match[str], english: bool) -> str:
    inner = match.group(1).strip()
    if english:
        return f" ({inner})" if inner else ""
    codes = [c.strip() for c in inner.split(",")]
    if codes and all(c in _GENDER for c in codes):
        return f" ({', '.join(codes)})"
    if _CASE.match(inner):
        return f" ({inner})"
    return ""  # {vt}, {adj}, {ppron}: the part of speech is said for the word as a whole


def render(text: str, *, english: bool = False) -> Rendered:
    """One side of a sense as readable text, and the labels that hold for all of it, in order.

    A label at the end of the sense (after the last synonym's grammar tag, or of a sense that is one
    synonym) holds for the sense; one attached to a synonym stays beside it: "defence (British);
    defense (American)", "bauen; erbauen (formal)".
    """
    labels: list[str] = []

    def label(match: re.Match[str]) -> str:
        name = NAMES.get(match.group(1).strip(), match.group(1).strip())
        if name and name not in labels:
            labels.append(name)
        return ""

    def inline(synonym: str) -> str:
        names = [NAMES.get(m.group(1).strip(), m.group(1).strip()) for m in _LABEL.finditer(synonym)]
        bare = _LABEL.sub("", synonym)
        return f"{bare.rstrip()} ({', '.join(n for n in names if n)})" if any(names) else bare

    synonyms = split_top(text, ";")
    parts = []
    for i, synonym in enumerate(synonyms):
        if len(synonyms) == 1:
            parts.append(_LABEL.sub(label, synonym))
        elif i == len(synonyms) - 1 and "{" in synonym:
            brace = synonym.index("{")
            parts.append(inline(synonym[:brace]) + " " + _LABEL.sub(label, synonym[brace:]))
        else:
            parts.append(inline(synonym))
    text = "; ".join(parts)
    text = _TAG.sub(lambda m: _tag(m, english), text)
    text = _VARIANT.sub("", text)
    text = _ABBREVIATION.sub(lambda m: f"({m.group(1)})", text)
    text = " ".join(text.split()).replace(" ;", ";").replace(" ,", ",").replace("( ", "(").replace(" )", ")")
    return Rendered(text, tuple(labels))


def _raw_labels(text: str) -> list[str]:
    return [m.group(1).strip() for m in _LABEL.finditer(text)]


def sense_labels(german: str) -> list[str]:
    """The labels that hold for a whole German sense: those after the grammar tag of its last synonym
    ("aufbauen; installieren {vt} [techn.]"). A label inside the sense ("erbauen [geh.]; errichten
    {vt}") belongs to its own synonym only."""
    last = split_top(german, ";")[-1]
    brace = last.find("{")
    return _raw_labels(last[brace:] if brace >= 0 else last if len(split_top(german, ";")) == 1 else "")


def is_phrase(german: str) -> bool:
    """A sense whose first synonym is several words ("Muskelmasse aufbauen"), not the word itself."""
    first = re.sub(
        r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>|/[^/\s][^/]*/", " ", split_top(german, ";")[0]
    )
    words = [w for w in first.split() if w.lower() not in _PLACEHOLDERS and "/" not in w]
    return len(words) > 1


def plainness(de: str, en: str, head_de: str = "") -> int:
    """0 for a plain, general sense; more for special fields, registers, regional words and phrases.

    `head_de` is the German of the line's first sense: an inflection row inherits its line's labels.
    """
    score = 0
    german = sense_labels(de) or (sense_labels(head_de) if head_de else [])
    for raw in german:
        if raw in RARE:
            score += 2
        elif raw in SPECIAL or raw in REGISTER:
            score += 1
    if any(raw in RARE for raw in _raw_labels(en)):
        score += 1
    if is_phrase(de) or (head_de and is_phrase(head_de)):
        score += 1
    return score
