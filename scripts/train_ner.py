"""Train the embedded German recogniser: build the lexicon, train a CRF on GermEval 2014, write both.

    python scripts/train_ner.py                      # writes src/reader/nlp/data/
    python scripts/train_ner.py --out /tmp/m --c1 0.05 --c2 0.01

Reads ../shared/data/germeval2014/NER-de-train.tsv (CC BY 4.0); the data is never copied into the repo.
The lexicon comes from the `german-nouns` package (Wiktionary, CC BY-SA 4.0) and pycountry's German
country and region names. Training is deterministic (L-BFGS; `--seed` fixes the sentence order).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reader.nlp.features import (  # noqa: E402
    COUNTRY,
    FEATURES_VERSION,
    FIRST,
    LAST,
    LOWER,
    NOUN,
    PROPER,
    REGION,
    TOPONYM,
    Featurizer,
    dump_lexicon,
    load_lexicon,
    read_conll,
)

DATA = ROOT.parent / "shared" / "data" / "germeval2014"
OUT = ROOT / "src" / "reader" / "nlp" / "data"
FORM_SKIP = {"lemma", "pos", "genus", "genus 1", "genus 2", "genus 3", "genus 4"}


def map_tag(tag: str, keep_deriv: bool) -> str:
    """Outer GermEval tag -> our BIO tag; -deriv/-part are no entity (or kept as their own classes)."""
    if tag in ("O", ""):
        return "O"
    if tag.endswith(("deriv", "part")):
        return tag if keep_deriv else "O"
    return tag.replace("OTH", "MISC")


def noun_lexicon(flags: dict[str, set[str]]) -> None:
    import german_nouns

    path = Path(german_nouns.__path__[0]) / "nouns.csv"
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pos = row["pos"]
            if "Toponym" in pos:
                flag = TOPONYM
            elif "Vorname" in pos:
                flag = FIRST
            elif "Nachname" in pos:
                flag = LAST
            elif "Eigenname" in pos or "Straßenname" in pos:
                flag = PROPER
            elif "Substantiv" in pos and "Affix" not in pos and "Lexem" not in pos:
                flag = NOUN
            else:
                continue
            for key, form in row.items():
                if key in FORM_SKIP or not form or " " in form or form.startswith("-"):
                    continue
                flags[form].add(flag)


def place_lexicon(flags: dict[str, set[str]]) -> None:
    import pycountry

    locales = str(Path(pycountry.__file__).parent / "locales")
    de1 = gettext.translation("iso3166-1", locales, languages=["de"])
    de2 = gettext.translation("iso3166-2", locales, languages=["de"])

    def add(name: str, flag: str) -> None:
        words = [w for w in name.replace(",", " ").split() if w[:1].isupper()]
        for w in words:
            flags[w].add(flag)
            if len(words) == 1 and not w.endswith(("s", "x", "z", "ß")):
                flags[w + "s"].add(flag)  # genitive: Russlands

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                add(de1.gettext(name), COUNTRY)
                add(name, COUNTRY)
    for s in pycountry.subdivisions:
        add(de2.gettext(s.name), REGION)


def lower_words(sentences: list[tuple[list[str], list[str]]], flags: dict[str, set[str]]) -> None:
    """Words seen in lower case in running text (not labels): 'Neue' at a sentence start is 'neue'."""
    for words, _ in sentences:
        for w in words[1:]:
            if w[:1].islower() and w.isalpha():
                flags[w].add(LOWER)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--keep-deriv", action="store_true", help="train -deriv/-part as classes")
    ap.add_argument("--also-dev", action="store_true", help="train on train + dev (final model only)")
    args = ap.parse_args()

    t0 = time.time()
    train = list(read_conll(args.data / "NER-de-train.tsv"))
    if args.also_dev:
        train += list(read_conll(args.data / "NER-de-dev.tsv"))
    random.Random(args.seed).shuffle(train)

    flags: dict[str, set[str]] = defaultdict(set)
    noun_lexicon(flags)
    place_lexicon(flags)
    lower_words(train, flags)
    args.out.mkdir(parents=True, exist_ok=True)
    lex_path = args.out / "lexicon.tsv.gz"
    dump_lexicon({w: "".join(sorted(fs)) for w, fs in flags.items()}, lex_path)
    lexicon = load_lexicon(lex_path)  # exactly what inference will see
    print(f"lexicon: {len(lexicon)} words, {lex_path.stat().st_size / 1e6:.1f} MB", file=sys.stderr)

    feat = Featurizer(lexicon)
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        trainer.append(feat.sentence(words), [map_tag(t, args.keep_deriv) for t in tags])
    print(f"features built in {time.time() - t0:.0f}s", file=sys.stderr)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    model_path = args.out / "ner.crfsuite"
    trainer.train(str(model_path))
    digest = hashlib.sha256(model_path.read_bytes() + lex_path.read_bytes()).hexdigest()[:12]
    meta = {
        "version": digest,
        "features": FEATURES_VERSION,
        "c1": args.c1,
        "c2": args.c2,
        "iterations": args.iterations,
        "seed": args.seed,
        "keep_deriv": args.keep_deriv,
        "also_dev": args.also_dev,
        "sentences": len(train),
    }
    (args.out / "ner.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    size = model_path.stat().st_size / 1e6
    print(f"model {model_path} {size:.1f} MB, version {digest}, {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
