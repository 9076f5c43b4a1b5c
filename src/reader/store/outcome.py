"""What became of one thing asked into the library: the one outcome type of adding files, pages and
feeds (a small module of its own, so that a refresh with nothing new imports no more than this)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from reader.articles.sanitize import sanitize

Kind = Literal["added", "duplicate", "unchanged", "failed", "later", "refused", "skipped"]
ADDED: Kind = "added"
DUPLICATE: Kind = "duplicate"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one thing asked into the library: a file, a page, a feed or a feed's item.

    added; duplicate (the same text is in the library); unchanged (a feed with nothing new); failed,
    with the reason; later (an item that failed before, tried again once its back-off has passed);
    refused (a link that would lead from a public address to a private one); skipped (a feed's item
    whose article the reader removed from the library: not added again).
    """

    kind: Kind
    what: str  # the path, URL or feed it is about
    reason: str = ""
    article_id: str = ""
    title: str = ""
    next_try: float | None = None  # a feed's item that failed: when a refresh tries it again

    def line(self) -> str:
        """One line for the summary (untrusted parts sanitised)."""
        text = f"{self.kind}: {self.what}"
        if self.title:
            text += f" ({self.title})"
        if self.reason:
            text += f": {self.reason}"
        if self.next_try is not None:
            text += f"; tried again from {time.strftime('%Y-%m-%d %H:%M', time.localtime(self.next_try))} on"
        return sanitize(text).replace("\n", " ")
