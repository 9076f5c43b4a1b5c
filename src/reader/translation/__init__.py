"""Translation: engines through deep-translator, sentence-aligned chunking, memory, failures survived.

- `service`: translate texts with one engine (`translate_texts`), or one text with several (`ask_engines`).
- `pool`: the daemon threads, retries with backoff, and the per-engine cap on requests in flight.
- `engines`: which engines exist and how each is built from the settings.
- `chunks`: sentences to request lines and back.
- `transport`: timeouts and bookkeeping for deep-translator's HTTP calls.
- `failures`: a failure as one short line (offline, timed out, rate-limited, bad key, ...).
- `types`: `Translated`, one sentence's English and where it came from.

Nothing here imports Textual; deep-translator is imported only when a request is about to be made.
This package imports nothing itself, so `reader.translation.types` stays cheap to import.
"""
