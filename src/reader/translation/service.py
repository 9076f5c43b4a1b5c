"""Translating articles and sentences: the API the app and the CLI call.

    translate_article(store, settings, article, engine=None, *, on_update=None, should_stop=None) -> English
    retry_failed(store, settings, article, english, engine=None, *, on_update=None, should_stop=None)
        -> English
    compare_engines(store, settings, sentence, engines=None, *, fetch=True, should_stop=None)
        -> dict[str, Translated]

All three block, so the app calls them from a thread worker. They never raise for a network failure:
a sentence that could not be translated comes back as `Translated(None, "failed", error=...)`, whose
`error` is one line for the status bar ("offline: cannot reach ...", "rate-limited: HTTP 429", ...).
They raise UserError for an unknown engine or a missing key (before any request), StoreError if the
memory cannot be written, and anything else is a bug.

`translate_article` starts from `known_english` (reference or memory, no network) and translates only
what is missing, the title included: one sentence per line, in chunks of at most `chunk_chars`, split
back by lines (sanitised), and sentence by sentence for a chunk whose line count comes back wrong
(for the whole rest of the run once two chunks have, and none right). Requests run on
up to `max_in_flight` daemon threads with connect/read timeouts and bounded retries; the calling
thread saves each chunk to the memory as it arrives and then calls

    on_update(updates: list[tuple[int, Translated]], done: int, total: int)

where an index is a unit index, or -1 for the title; `done` counts the units translated or failed,
of `total` units (the title is not counted). It is called first with everything already known, then
after every chunk (or sentence, in the fallback), always in the calling thread: in Textual, post a
message or use `app.call_from_thread` from it. `should_stop()` is polled every 50 ms or less, and
stopping returns at once with what arrived (the rest stays "pending"); a request still in flight is
abandoned to its daemon thread, and its answer is not saved.

`retry_failed` re-translates what is failed or pending in `english`, keeping the rest.
`compare_engines` gives each engine's English for one sentence, from memory or fetched on demand
(`fetch=False`: memory only). By default the engines are the configured ones (`usable_engines`) and
any the memory has; an engine named but not configured comes back failed with the reason.
"""

from __future__ import annotations

import collections
import functools
import queue
import random
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from reader.articles.model import Article, normalise
from reader.enrich import English, known_english
from reader.errors import UserError
from reader.settings import Settings, TranslationSettings
from reader.store import Store
from reader.store import translations as memory
from reader.translation import chunks
from reader.translation.chunks import Line
from reader.translation.engines import ENGINES, Engine, check_engine, make_engine, usable_engines
from reader.translation.failures import BAD_KEY, GIVE_UP, MALFORMED, Failure, classify
from reader.translation.transport import Policy
from reader.translation.types import FAILED, MEMORY, PENDING, Translated

OnUpdate = Callable[[list[tuple[int, Translated]], int, int], None]
ShouldStop = Callable[[], bool]

TITLE = -1
POLL = 0.05  # seconds between should_stop() checks while waiting for answers
MISMATCHES = 2  # chunks answered with the wrong line count before an engine is asked line by line

_in_flight: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_in_flight_lock = threading.Lock()


def _semaphore(engine: str, limit: int) -> threading.BoundedSemaphore:
    """The process-wide cap on one engine's requests in flight, shared by every concurrent run.

    Keyed by the limit too, so a run with other settings is not held to an earlier run's cap.
    """
    key = (engine, max(1, limit))
    with _in_flight_lock:
        if key not in _in_flight:
            _in_flight[key] = threading.BoundedSemaphore(key[1])
        return _in_flight[key]


def pair_of(settings: Settings) -> str:
    return f"{settings.translation.source}-{settings.translation.target}"


class _Stopped(Exception):
    """The caller asked to stop; unwinds a worker thread."""


class _Failed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass
class _Event:
    """What a task learned: translated lines, or lines that failed and why."""

    job: _Job
    done: list[tuple[Line, str]] = field(default_factory=list)
    failed: list[Line] = field(default_factory=list)
    failure: Failure | None = None


class _Job:
    """Distinct texts to translate with one engine, and their chunks; assembles parts into results."""

    def __init__(self, engine: Engine, texts: Sequence[str], limit: int) -> None:
        self.engine = engine
        self.texts = list(texts)
        self.chunks = chunks.plan(self.texts, max(1, min(limit, engine.max_chars)))
        self.give_up: Failure | None = None  # after this, ask no more
        # Multi-line chunks answered with the wrong number of lines, and with the right one. An engine
        # that never keeps lines would waste a request per chunk; once MISMATCHES chunks have come
        # back wrong and none right, the rest go sentence by sentence at once.
        self.mismatched = 0
        self.aligned = 0
        self._parts: dict[int, dict[int, str]] = collections.defaultdict(dict)
        self.results: dict[int, Translated] = {}

    @property
    def lines_unreliable(self) -> bool:
        return self.aligned == 0 and self.mismatched >= MISMATCHES

    def absorb(self, event: _Event) -> list[tuple[int, Translated]]:
        """Record an event; return the texts (by item) it completed."""
        finished: list[tuple[int, Translated]] = []
        for line, text in event.done:
            if line.item in self.results:
                continue
            parts = self._parts[line.item]
            parts[line.part] = text
            if len(parts) == line.parts:
                english = " ".join(parts[p] for p in range(line.parts))
                self.results[line.item] = result = Translated(english, self.engine.name)
                finished.append((line.item, result))
        for line in event.failed:
            if line.item not in self.results:
                error = event.failure.message if event.failure else "failed"
                self.results[line.item] = result = Translated(None, FAILED, error=error)
                finished.append((line.item, result))
        return finished


class _Requester:
    """Sends one text: the in-flight cap, bounded retries with exponential backoff and jitter."""

    def __init__(self, options: TranslationSettings, stop: threading.Event) -> None:
        self.options = options
        self.stop = stop

    def __call__(self, job: _Job, policy: Policy, text: str) -> object:
        o = self.options
        engine = job.engine
        for attempt in range(max(0, o.retries) + 1):
            cap = _semaphore(engine.name, o.max_in_flight)
            while not cap.acquire(timeout=POLL):
                if self.stop.is_set():
                    raise _Stopped
            if self.stop.is_set() or job.give_up:  # decided while this one waited its turn
                cap.release()
                if self.stop.is_set():
                    raise _Stopped
                assert job.give_up is not None
                raise _Failed(job.give_up)
            try:
                policy.begin()
                try:
                    return engine.translate(text)
                except UserError:
                    raise
                except Exception as exc:  # deep-translator's own, requests', or a parse error
                    failure = classify(exc, policy.last)
            finally:
                cap.release()
            if not failure.retryable or attempt >= o.retries:
                raise _Failed(failure)
            delay = min(o.backoff_max, o.backoff_base * 2**attempt)
            delay = random.uniform(delay / 2, delay)
            if failure.retry_after is not None:
                delay = max(delay, min(failure.retry_after, o.backoff_max))
            if self.stop.wait(delay):
                raise _Stopped
        raise AssertionError("unreachable")


Send = Callable[[_Job, str], object]
Task = Callable[[Callable[[_Event], None]], None]


def _chunk_task(job: _Job, chunk: list[Line], send: Send) -> Task:
    """One chunk: a single request, and one per line if the answer's lines don't match."""

    def task(emit: Callable[[_Event], None]) -> None:
        if job.give_up:
            emit(_Event(job, failed=chunk, failure=job.give_up))
            return
        if len(chunk) == 1 or not job.lines_unreliable:
            try:
                answer = send(job, chunks.join_lines(chunk))
            except _Failed as exc:
                if exc.failure.kind in GIVE_UP:
                    job.give_up = exc.failure
                emit(_Event(job, failed=chunk, failure=exc.failure))
                return
            parts = chunks.split_answer(answer, len(chunk))
            if parts is not None:
                job.aligned += len(chunk) > 1
                emit(_Event(job, done=list(zip(chunk, parts, strict=True))))
                return
            if len(chunk) == 1:
                emit(_Event(job, failed=chunk, failure=Failure(MALFORMED, "empty answer")))
                return
            job.mismatched += 1
        for line in chunk:
            if job.give_up:
                emit(_Event(job, failed=[line], failure=job.give_up))
                continue
            try:
                answer = send(job, line.text)
            except _Failed as exc:
                if exc.failure.kind in GIVE_UP:
                    job.give_up = exc.failure
                emit(_Event(job, failed=[line], failure=exc.failure))
                continue
            parts = chunks.split_answer(answer, 1)
            if parts is None:
                emit(_Event(job, failed=[line], failure=Failure(MALFORMED, "empty answer")))
            else:
                emit(_Event(job, done=[(line, parts[0])]))

    return task


_DONE = object()


@dataclass
class _Crash:
    error: BaseException


def _execute(
    jobs: list[_Job],
    options: TranslationSettings,
    on_event: Callable[[_Event], None],
    should_stop: ShouldStop | None,
    threads: int | None = None,
) -> bool:
    """Run every chunk of `jobs` on daemon threads; call `on_event` here for each result.

    Returns False if stopped. Daemon threads, because a request that never answers must not keep the
    process alive: stopping abandons it, and its timeout ends the thread later.
    """
    stop = threading.Event()
    requester = _Requester(options, stop)
    # Each entry makes a chunk's task once a worker supplies its `send`.
    pending: collections.deque[Callable[[Send], Task]] = collections.deque()
    for job in jobs:
        job.engine.prepare()  # a configuration error surfaces here, in the caller, as a UserError
        for chunk in job.chunks:
            pending.append(functools.partial(_chunk_task, job, chunk))
    events: queue.SimpleQueue[object] = queue.SimpleQueue()

    def worker() -> None:
        try:
            with Policy(options.connect_timeout, options.read_timeout) as policy:

                def send(job: _Job, text: str) -> object:
                    return requester(job, policy, text)

                while not stop.is_set():
                    try:
                        make_task = pending.popleft()
                    except IndexError:
                        break
                    make_task(send)(events.put)
        except _Stopped:
            pass
        except BaseException as exc:
            events.put(_Crash(exc))
        finally:
            events.put(_DONE)

    workers = min(max(1, threads or options.max_in_flight), len(pending))
    for n in range(workers):
        threading.Thread(target=worker, name=f"translate-{n}", daemon=True).start()
    alive = workers
    try:
        while alive:
            if should_stop is not None and should_stop():
                stop.set()
                _drain(events, on_event)  # answers that already arrived are kept
                return False
            try:
                event = events.get(timeout=POLL)
            except queue.Empty:
                continue
            if event is _DONE:
                alive -= 1
            elif isinstance(event, _Crash):
                raise event.error
            else:
                assert isinstance(event, _Event)
                on_event(event)
        return True
    finally:
        stop.set()


def _drain(events: queue.SimpleQueue[object], on_event: Callable[[_Event], None]) -> None:
    while True:
        try:
            event = events.get_nowait()
        except queue.Empty:
            return
        if isinstance(event, _Event):
            on_event(event)


def translate_article(
    store: Store,
    settings: Settings,
    article: Article,
    engine: str | None = None,
    *,
    on_update: OnUpdate | None = None,
    should_stop: ShouldStop | None = None,
) -> English:
    """The article's English: reference or memory first, the rest from `engine` (default: configured)."""
    name = engine or settings.translation.engine
    check_engine(settings, name)
    return _translate(store, settings, article, name, None, on_update, should_stop)


def retry_failed(
    store: Store,
    settings: Settings,
    article: Article,
    english: English,
    engine: str | None = None,
    *,
    on_update: OnUpdate | None = None,
    should_stop: ShouldStop | None = None,
) -> English:
    """Translate again what `english` has failed or pending; keep what it has."""
    name = engine or settings.translation.engine
    check_engine(settings, name)
    return _translate(store, settings, article, name, english, on_update, should_stop)


def _translate(
    store: Store,
    settings: Settings,
    article: Article,
    name: str,
    start: English | None,
    on_update: OnUpdate | None,
    should_stop: ShouldStop | None,
) -> English:
    pair = pair_of(settings)
    base = start if start is not None else known_english(store, article, name, pair)
    sources = [article.title] + [u.sentence.text for u in article.units]
    state = [base.title, *base.units][: len(sources)]
    state += [Translated(None, PENDING)] * (len(sources) - len(state))  # a short reference, defensively
    if start is not None:  # the memory may know what failed before (say, another window got it)
        found = memory.lookup(store, name, pair, [s for s, t in zip(sources, state, strict=True) if not t.ok])
        state = [
            Translated(found[s], MEMORY) if not t.ok and s in found else t
            for s, t in zip(sources, state, strict=True)
        ]

    # Distinct texts still needed, in reading order; each may stand for several positions.
    wanted: dict[str, list[int]] = {}
    for position, (text, result) in enumerate(zip(sources, state, strict=True)):
        if result.ok:
            continue
        key = normalise(text)
        if not key:
            state[position] = Translated("", name)
            continue
        wanted.setdefault(key, []).append(position)
    total = len(state) - 1

    def done_count() -> int:
        return sum(1 for t in state[1:] if t.source != PENDING)

    if on_update is not None:
        on_update([(p - 1, t) for p, t in enumerate(state) if t.source != PENDING], done_count(), total)
    if wanted:
        texts = list(wanted)
        job = _Job(make_engine(settings, name), texts, settings.translation.chunk_chars)

        def on_event(event: _Event) -> None:
            finished = job.absorb(event)
            fresh = [(texts[item], result.text) for item, result in finished if result.text is not None]
            memory.remember(store, name, pair, fresh)  # before telling anyone: quitting now keeps it
            updates: list[tuple[int, Translated]] = []
            for item, result in finished:
                for position in wanted[texts[item]]:
                    state[position] = result
                    updates.append((position - 1, result))
            if on_update is not None and updates:
                on_update(updates, done_count(), total)

        _execute([job], settings.translation, on_event, should_stop)
    return English(state[0], tuple(state[1:]))


def compare_engines(
    store: Store,
    settings: Settings,
    sentence: str,
    engines: Collection[str] | None = None,
    *,
    fetch: bool = True,
    should_stop: ShouldStop | None = None,
) -> dict[str, Translated]:
    """Each engine's English for `sentence`, from memory or fetched, in `engines` order.

    The default engines are every usable one (the chosen first) and any other the memory has.
    """
    pair = pair_of(settings)
    remembered = memory.engines_for(store, pair, sentence)
    if engines is not None:
        names = list(engines)
    else:  # every usable engine, and any other the memory has for this sentence
        names = usable_engines(settings)
        names += [name for name in remembered if name not in names and name in ENGINES]
    text = normalise(sentence)
    results: dict[str, Translated] = {}
    jobs: list[_Job] = []
    for name in names:
        if name not in ENGINES:
            raise UserError(f"unknown translation engine {name!r}; choose one of: {', '.join(ENGINES)}")
        if name in remembered:
            results[name] = Translated(remembered[name], MEMORY)
            continue
        try:
            engine = make_engine(settings, name)
        except UserError as exc:
            results[name] = Translated(None, FAILED, error=f"{BAD_KEY}: {exc}")
            continue
        results[name] = Translated(None, PENDING)
        if fetch and text:
            jobs.append(_Job(engine, [text], settings.translation.chunk_chars))

    def on_event(event: _Event) -> None:
        for _item, result in event.job.absorb(event):
            results[event.job.engine.name] = result
            if result.ok and result.text is not None:
                memory.remember(store, event.job.engine.name, pair, [(text, result.text)])

    if jobs:
        # One thread per engine, so no engine waits behind another; each still has its own cap.
        _execute(jobs, settings.translation, on_event, should_stop, threads=len(jobs))
    return results
