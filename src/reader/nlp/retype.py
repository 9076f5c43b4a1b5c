"""Rules that correct the type of a recognised name where the CRF is known to get it wrong.

The recogniser labels a name from its shape and its neighbours, and a football club named after a
person or a town ("Jahn Regensburg", "Carl Zeiss Jena", "Greuther Fürth") looks like a person; so does
a company with "AG" in its name. Two places written with a slash ("München/Wien") are one span in
GermEval's annotation, but two places to a reader. The rules are narrow on purpose: on GermEval 2014
dev they change nothing that was right (`scripts/eval_ner.py`).
"""

from __future__ import annotations

from reader.nlp.types import Entity, Label

# Words that make a name an organisation: clubs' and companies' abbreviations.
MARKERS = frozenset(
    {
        *("FC", "SC", "SV", "TSV", "VfB", "VfL", "BSC", "SpVgg", "SSV", "KSC", "TuS", "FSV", "SG", "SSC"),
        *("BV", "MSV", "AG", "GmbH", "KG", "e.V.", "Inc.", "Ltd.", "Corp."),
    }
)
# German football clubs whose names look like a person's or a place's.
CLUBS = frozenset(
    [
        "Alemannia Aachen",
        "Arminia Bielefeld",
        "Borussia Dortmund",
        "Borussia Mönchengladbach",
        "Carl Zeiss Jena",
        "Darmstadt 98",
        "Dynamo Dresden",
        "Eintracht Braunschweig",
        "Eintracht Frankfurt",
        "Energie Cottbus",
        "Erzgebirge Aue",
        "Fortuna Düsseldorf",
        "Greuther Fürth",
        "Hannover 96",
        "Hansa Rostock",
        "Hertha BSC",
        "Holstein Kiel",
        "Jahn Regensburg",
        "Kickers Offenbach",
        "Mainz 05",
        "Preußen Münster",
        "Rot-Weiss Essen",
        "Rot-Weiß Essen",
        "Schalke 04",
        "Stuttgarter Kickers",
        "Union Berlin",
        "Wacker Burghausen",
        "Werder Bremen",
    ]
)


def retype(words: list[str], spans: list[tuple[int, int, Label]]) -> list[tuple[int, int, Label]]:
    """`spans` (first word, end word, label) with a club or company that was labelled a person or a
    place made an organisation."""
    out: list[tuple[int, int, Label]] = []
    for a, b, label in spans:
        if label in ("PER", "LOC") and (
            " ".join(words[a:b]) in CLUBS or any(w in MARKERS for w in words[a:b])
        ):
            label = "ORG"
        out.append((a, b, label))
    return out


def split_places(text: str, entities: list[Entity]) -> list[Entity]:
    """Places written together with a slash, one entity each: "München/Wien" → München, Wien."""
    out: list[Entity] = []
    for e in entities:
        parts = e.text.split("/")
        if e.label != "LOC" or len(parts) < 2 or not all(p[:1].isupper() and len(p) > 1 for p in parts):
            out.append(e)
            continue
        at = e.start
        for part in parts:
            out.append(Entity(at, at + len(part), "LOC", text[at : at + len(part)]))
            at += len(part) + 1
    return out
