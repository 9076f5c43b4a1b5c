"""The thread pool behind every translation: chunks on daemon threads, retries, and the in-flight cap.

`execute(jobs, options, on_event, should_stop)` runs every chunk of each `Job` and calls `on_event`
in the calling thread for each `Event` (lines translated, or lines failed and why). Requests run on up
to `max_in_flight` daemon threads with connect/read timeouts (`transport.Policy`) and bounded retries
with exponential backoff and jitter; a process-wide semaphore per engine caps requests in flight.
A chunk whose answer has the wrong number of lines is asked again line by line (for the rest of the
job at once, once MISMATCHES chunks have come back wrong and none right).
"""

from __future__ import annotations

import collections
import functools
import queue
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader import crashlog
from reader.errors import UserError
from reader.settings import TranslationSettings
from reader.stopping import ShouldStop
from reader.translation import chunks
from reader.translation.chunks import Line
from reader.translation.engines import Engine
from reader.translation.failures import BUG, GIVE_UP, MALFORMED, Failure, classify, expected
from reader.translation.transport import Policy
from reader.translation.types import FAILED, Translated

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


class _Stopped(Exception):
    """The caller asked to stop; unwinds a worker thread."""


class _Failed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass
class Event:
    """What a task learned: translated lines, or lines that failed and why."""

    job: Job
    done: list[tuple[Line, str]] = field(default_factory=list)
    failed: list[Line] = field(default_factory=list)
    failure: Failure | None = None


class Job:
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

    def absorb(self, event: Event) -> list[tuple[int, Translated]]:
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
        self._bug: Failure | None = None  # the first programming error of this run, logged once
        self._bug_lock = threading.Lock()

    def __call__(self, job: Job, policy: Policy, text: str) -> object:
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
                except Exception as exc:
                    if not expected(exc, policy.last):  # a bug: the sentence fails, the traceback is kept
                        raise _Failed(self._logged(exc, engine.name)) from exc
                    failure = classify(exc, policy.last)  # deep-translator's own, requests', or a parse error
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

    def _logged(self, exc: Exception, engine: str) -> Failure:
        """The failure a programming error becomes, after its traceback went to a crash log (once a run)."""
        with self._bug_lock:
            if self._bug is None:
                where = crashlog.write_exception(exc, f"Translating with {engine}: a programming error")
                self._bug = Failure(BUG, f"{type(exc).__name__}, details in {where}")
            return self._bug


Send = Callable[[Job, str], object]
Task = Callable[[Callable[[Event], None]], None]


def _chunk_task(job: Job, chunk: list[Line], send: Send) -> Task:
    """One chunk: a single request, and one per line if the answer's lines don't match."""

    def task(emit: Callable[[Event], None]) -> None:
        if job.give_up:
            emit(Event(job, failed=chunk, failure=job.give_up))
            return
        if len(chunk) == 1 or not job.lines_unreliable:
            try:
                answer = send(job, chunks.join_lines(chunk))
            except _Failed as exc:
                if exc.failure.kind in GIVE_UP:
                    job.give_up = exc.failure
                emit(Event(job, failed=chunk, failure=exc.failure))
                return
            parts = chunks.split_answer(answer, len(chunk))
            if parts is not None:
                job.aligned += len(chunk) > 1
                emit(Event(job, done=list(zip(chunk, parts, strict=True))))
                return
            if len(chunk) == 1:
                emit(Event(job, failed=chunk, failure=Failure(MALFORMED, "empty answer")))
                return
            job.mismatched += 1
        for line in chunk:
            if job.give_up:
                emit(Event(job, failed=[line], failure=job.give_up))
                continue
            try:
                answer = send(job, line.text)
            except _Failed as exc:
                if exc.failure.kind in GIVE_UP:
                    job.give_up = exc.failure
                emit(Event(job, failed=[line], failure=exc.failure))
                continue
            parts = chunks.split_answer(answer, 1)
            if parts is None:
                emit(Event(job, failed=[line], failure=Failure(MALFORMED, "empty answer")))
            else:
                emit(Event(job, done=[(line, parts[0])]))

    return task


_DONE = object()


@dataclass
class _Crash:
    error: BaseException


def execute(
    jobs: list[Job],
    options: TranslationSettings,
    on_event: Callable[[Event], None],
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

                def send(job: Job, text: str) -> object:
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
                assert isinstance(event, Event)
                on_event(event)
        return True
    finally:
        stop.set()


def _drain(events: queue.SimpleQueue[object], on_event: Callable[[Event], None]) -> None:
    while True:
        try:
            event = events.get_nowait()
        except queue.Empty:
            return
        if isinstance(event, Event):
            on_event(event)
