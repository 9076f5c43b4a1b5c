"""Translating texts with an engine: the API the enrichment layer calls.

    translate_texts(settings, engine, texts, *, on_results=None, should_stop=None) -> dict[str, Translated]
    ask_engines(settings, engines, text, *, should_stop=None) -> dict[str, Translated]

Both block, so the app calls them (through `reader.enrich`) from a thread worker. They never raise for a
network failure: a text that could not be translated comes back as `Translated(None, "failed",
error=...)`, whose `error` is one line for the status bar ("offline: cannot reach ...", "rate-limited:
HTTP 429", ...). `translate_texts` raises UserError for an unknown engine or a missing key (before any
request); anything else is a bug.

`translate_texts` sends the distinct texts one per line, in chunks of at most `chunk_chars`, and calls

    on_results(results: list[tuple[str, Translated]])

in the calling thread after every chunk (or line, in the fallback). `should_stop()` is polled every
50 ms or less, and stopping returns at once with what arrived; a request still in flight is abandoned
to its daemon thread. What is remembered, and where, is the caller's business: nothing here touches the
store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.errors import UserError
from reader.settings import Settings
from reader.stopping import ShouldStop
from reader.translation.engines import check_engine, make_engine
from reader.translation.failures import BAD_KEY
from reader.translation.pool import Event, Job, execute
from reader.translation.types import FAILED, PENDING, Translated

OnResults = Callable[[list[tuple[str, Translated]]], None]


def translate_texts(
    settings: Settings,
    engine: str,
    texts: Sequence[str],
    *,
    on_results: OnResults | None = None,
    should_stop: ShouldStop | None = None,
) -> dict[str, Translated]:
    """Each of the distinct, non-empty `texts` as `engine` translates it (failed ones say why)."""
    check_engine(settings, engine)
    results: dict[str, Translated] = {}
    if not texts:
        return results
    items = list(dict.fromkeys(texts))
    job = Job(make_engine(settings, engine), items, settings.translation.chunk_chars)

    def on_event(event: Event) -> None:
        finished = [(items[item], result) for item, result in job.absorb(event)]
        results.update(finished)
        if on_results is not None and finished:
            on_results(finished)

    execute([job], settings.translation, on_event, should_stop)
    return results


def ask_engines(
    settings: Settings, engines: Sequence[str], text: str, *, should_stop: ShouldStop | None = None
) -> dict[str, Translated]:
    """`text` from each engine at once, in `engines` order; an engine that cannot be built says why."""
    results: dict[str, Translated] = {}
    jobs: list[Job] = []
    for name in engines:
        try:
            engine = make_engine(settings, name)
        except UserError as exc:
            results[name] = Translated(None, FAILED, error=f"{BAD_KEY}: {exc}")
            continue
        results[name] = Translated(None, PENDING)
        jobs.append(Job(engine, [text], settings.translation.chunk_chars))

    def on_event(event: Event) -> None:
        for _item, result in event.job.absorb(event):
            results[event.job.engine.name] = result

    if jobs:
        # One thread per engine, so no engine waits behind another; each still has its own cap.
        execute(jobs, settings.translation, on_event, should_stop, threads=len(jobs))
    return results
