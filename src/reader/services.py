"""What the screens work with: the settings, the store (opened for one profile), the profile's own
settings and the entity recogniser, built once by make_app.

Screens get this object instead of reaching through the App, so no screen imports `reader.app`. It is
plain Python: a worker thread may use every part of it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from reader.nlp.types import Recognizer
from reader.settings import Settings
from reader.store import Store
from reader.store.prefs import Prefs


@dataclass
class Services:
    settings: Settings
    store: Store
    prefs: Prefs = field(default_factory=Prefs)  # the profile's own theme and key remaps
    _recognizer: Recognizer | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def recognizer(self) -> Recognizer:
        """The entity recogniser, loaded once, on first use (from a worker thread: it takes a moment)."""
        with self._lock:
            if self._recognizer is None:
                from reader.nlp.recognizers import load_recognizer

                self._recognizer = load_recognizer(self.settings.entities)
            return self._recognizer
