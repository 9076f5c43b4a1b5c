"""Requests and time to translate an article, cold and warm, against local translation servers.

    python bench/translate.py [--engine libre|google] [--paragraphs 20]

Articles: the seed (with its reference translation, then without it, to exercise the engine) and a
generated article of N paragraphs. The servers are the protocol-faithful ones the tests use
(tests/servers.py); the real deep-translator clients talk to them over 127.0.0.1.

Targets: cold at most ceil(characters / 1500) + 1 requests; warm 0 requests and the article fully
known (reference or memory) within 20 ms of opening the store. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from reader.articles.load import read_article  # noqa: E402
from reader.articles.model import Article  # noqa: E402
from reader.articles.parse import parse_article  # noqa: E402
from reader.enrich.english import known_english, translate_article  # noqa: E402
from reader.store import Store  # noqa: E402
from servers import GoogleServer, LibreServer  # noqa: E402

SEED = ROOT / "seeds" / "000_4cf55c76e33746fd.txt"
WARM_MS = 20.0


def generated(paragraphs: int, seed: Article) -> Article:
    """A news-like article: the seed's sentences, varied so that none repeats, in N paragraphs."""
    pool = [u.sentence.text for u in seed.units if u.kind == "paragraph"]
    lines = ["ID: bench", "", "Haushaltsstreit in Berlin: Koalition ringt um Einigung", ""]
    n = 0
    for p in range(paragraphs):
        if p % 5 == 4:
            lines += [f"Verhandlungen am Tag {p}", ""]
        sentences = []
        for _ in range(5):
            sentences.append(f"Am {n % 28 + 1}. Tag berichtete Quelle {n}: {pool[n % len(pool)]}")
            n += 1
        lines += [" ".join(sentences), ""]
    return parse_article("\n".join(lines), source="bench")


def run(label: str, article: Article, server_cls: type, failures: list[str]) -> None:
    with server_cls() as server, tempfile.TemporaryDirectory() as tmp:
        settings = server.settings(chunk_chars=1500, max_in_flight=4)
        path = Path(tmp) / "store.db"
        chars = article.char_count
        budget = math.ceil(chars / 1500) + 1

        store = Store(path)
        started = time.perf_counter()
        english = translate_article(store, settings, article)
        cold_s = time.perf_counter() - started
        cold = server.count
        store.close()
        missing = len(english.missing) + (0 if english.title.ok else 1)

        started = time.perf_counter()
        reopened = Store(path)  # as when the article is opened again in a new session
        known = known_english(reopened, settings, article)
        known_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        translate_article(reopened, settings, article)
        warm_ms = (time.perf_counter() - started) * 1000
        warm = server.count - cold
        fully_known = not known.missing and known.title.ok

        ok_cold = cold <= budget and missing == 0
        ok_warm = warm == 0 and fully_known and known_ms <= WARM_MS
        print(
            f"{label:<34} {len(article.units):>5} {chars:>6}  cold {cold:>2} req (≤{budget:>2})"
            f" {cold_s * 1000:>7.1f} ms  warm {warm} req, known in {known_ms:5.1f} ms"
            f" (translate_article {warm_ms:5.1f} ms)  {'ok' if ok_cold and ok_warm else 'MISSED'}"
        )
        if not ok_cold:
            failures.append(f"{label}: cold {cold} requests > {budget} or {missing} not translated")
        if not ok_warm:
            failures.append(f"{label}: warm {warm} requests, known in {known_ms:.1f} ms, full={fully_known}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engine", choices=("libre", "google", "both"), default="both")
    parser.add_argument("--paragraphs", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    import deep_translator  # noqa: F401  (timed once, so the first cold run is not charged for it)

    print(f"import deep_translator: {(time.perf_counter() - started) * 1000:.0f} ms (once per process)")
    seed = read_article(SEED)
    articles = [
        ("seed, with its reference", seed),
        ("seed, engine only", replace(seed, reference=None)),
        (f"generated, {args.paragraphs} paragraphs", generated(args.paragraphs, seed)),
    ]
    servers = {"libre": LibreServer, "google": GoogleServer}
    names = list(servers) if args.engine == "both" else [args.engine]
    failures: list[str] = []
    print(f"{'article':<34} {'units':>5} {'chars':>6}")
    for name in names:
        print(f"-- {name} (local {(servers[name].__doc__ or '').split(':')[0]})")
        for label, article in articles:
            run(label, article, servers[name], failures)
    print(f"targets: cold ≤ ceil(chars/1500)+1 requests; warm 0 requests and fully known ≤ {WARM_MS:.0f} ms")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
