"""The reading screen's word tools: the word cursor, the lookup panel, the gloss, the vocabulary.

`WordTools` belongs to one `ReadingScreen`; the screen's actions and message handlers call it. The
word cursor itself is part of the screen's `ArticleState` (`state.with_word`). The dictionary index
is checked, and built if needed, the first time the reader asks for a lookup or a gloss, never at
start-up; until it is ready the panel says how far indexing has come.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.content import Content
from textual.worker_manager import WorkerManager

from reader.articles.model import Article
from reader.screens import state as st
from reader.screens import word_workers
from reader.screens.feedback import say
from reader.screens.messages import Glossed, IndexProgress, IndexReady, LookedUp, SavedSpans, WordSaved
from reader.screens.state import ArticleState
from reader.services import Services
from reader.store.vocab import VocabItem
from reader.widgets.lookup import WordPanel, lookup_content
from reader.widgets.pane import SentencePane
from reader.widgets.status import StatusLine

NO_WORD = "No word under the cursor: this sentence has no words."
INDEXING = "indexing the dictionary… {percent} %"


class Host(Protocol):
    """What WordTools needs of the reading screen (a Protocol, so the two modules import one way)."""

    state: ArticleState | None
    services: Services

    @property
    def de(self) -> SentencePane: ...
    @property
    def status(self) -> StatusLine: ...
    @property
    def workers(self) -> WorkerManager: ...
    def query_one(self, selector: Any) -> Any: ...
    def _run(
        self, fn: Callable[..., None], *args: Any, group: str, description: str, exclusive: bool = ...
    ) -> None: ...


class WordTools:
    def __init__(self, screen: Host) -> None:
        self.screen = screen
        self.drawn = False  # the word cursor shows once the reader has used a word key
        self.index = ""  # "" not checked yet, "indexing", "ready", "none" (no dictionary), "failed"
        self.percent = 0
        self.problem = ""  # why there is no dictionary, when one was configured
        self.pending = ""  # "lookup" or "gloss", asked for while indexing
        self.last: LookedUp | None = None

    @property
    def panel(self) -> WordPanel:
        return self.screen.query_one(WordPanel)

    @property
    def state(self) -> ArticleState | None:
        return self.screen.state

    # -- the word cursor ---------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        state = self.state
        if state is None:
            return
        words = state.words()
        if not words:
            say(self.panel, NO_WORD, timeout=3)
            return
        target = state.word + delta
        self.drawn = True
        if not 0 <= target < len(words):
            where = "first" if delta < 0 else "last"
            say(self.panel, f"This is the {where} word of the sentence (j/k move to another).", timeout=3)
            self.show_word(state)
            return
        self.screen.state = st.with_word(state, target)

    def show_word(self, state: ArticleState) -> None:
        """Draw the word cursor in the German pane (once the reader has used it)."""
        span = state.word_span() if self.drawn else None
        self.screen.de.word = (span[0], span[1]) if span else None

    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        """The state changed: move the word cursor, and let an open panel follow the cursors."""
        self.show_word(new)
        moved = old is None or old.article is not new.article or old.cursor != new.cursor
        if self.panel.mode == "gloss" and moved:
            self._start("gloss")
        elif self.panel.mode == "lookup" and (moved or old is None or old.word != new.word):
            self._start("lookup")

    # -- lookup and gloss --------------------------------------------------------------------------
    def lookup(self) -> None:
        self._open("lookup")

    def gloss(self) -> None:
        if self.panel.mode == "gloss":
            self.close()
            return
        self._open("gloss")

    def close(self) -> bool:
        """Close the panel, if it is open."""
        if not self.panel.mode:
            return False
        self.panel.hide()
        self.screen.workers.cancel_group(self.panel.screen, "word")
        return True

    def _open(self, what: str) -> None:
        state = self.state
        if state is None:
            return
        if state.word_span() is None:
            say(
                self.panel,
                NO_WORD if what == "lookup" else "This sentence has no words to gloss.",
                timeout=3,
            )
            return
        self.drawn = True
        self.show_word(state)
        self._start(what)

    def _start(self, what: str) -> None:
        state = self.state
        if state is None:
            return
        span = state.word_span()
        if span is None:
            title = "Gloss" if what == "gloss" else "Lookup"
            self.panel.show(what, title, Content.styled("This sentence has no words.", "dim"))
            return
        if not self._index_ready():
            self.pending = what
            self.panel.show(what, "Lookup" if what == "lookup" else "Gloss", self._indexing())
            return
        dictionary = self.index == "ready"
        if what == "gloss":
            self.panel.show(
                "gloss", f"Gloss · sentence {state.cursor + 1}", Content.styled("glossing…", "dim")
            )
            self.screen._run(
                word_workers.gloss,
                state.id,
                state.cursor,
                state.german(),
                dictionary,
                group="word",
                description="Glossing the sentence",
            )
            return
        self.panel.show("lookup", f"Lookup · {span[2]}", Content.styled("looking up…", "dim"))
        entities = state.german_entities[state.cursor] if state.german_entities else ()
        self.screen._run(
            word_workers.lookup_word,
            state.id,
            state.cursor,
            state.word,
            state.german(),
            dictionary,
            entities,
            state.english_text(),
            group="word",
            description="Looking up the word",
        )

    def _indexing(self) -> Content:
        return Content(INDEXING.format(percent=self.percent))

    def _index_ready(self) -> bool:
        """Whether lookups can run now; starts indexing the configured dictionary the first time."""
        if self.index in ("ready", "none", "failed"):
            return True
        if self.index == "indexing":
            return False
        path = self.screen.services.settings.lookup.dictionary_path()
        if path is None:
            self.index = "none"
            return True
        if not path.is_file():
            self.index, self.problem = "none", f"{path}: dictionary not found"
            return True
        self.index, self.percent = "indexing", 0
        self.screen.status.words = INDEXING.format(percent=0)
        self.screen._run(
            word_workers.index_dictionary, path, group="index", description="Indexing the dictionary"
        )
        return False

    def on_index_progress(self, message: IndexProgress) -> None:
        self.percent = message.percent
        self.screen.status.words = INDEXING.format(percent=message.percent)
        if self.pending and self.panel.mode == self.pending:
            self.panel.show(self.pending, self.panel.border_title or "", self._indexing())

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = "failed" if message.error else "ready"
        self.problem = message.error
        self.screen.status.words = ""
        if message.error:
            say(self.panel, message.error, severity="warning", timeout=8)
        pending, self.pending = self.pending, ""
        if pending and self.panel.mode == pending:
            self._start(pending)

    def index_failed(self) -> None:
        """The index worker failed (a bug, reported already): lookups go on without the dictionary."""
        self.on_index_ready(IndexReady("the dictionary could not be indexed"))

    def on_looked_up(self, message: LookedUp) -> None:
        state = self.state
        if state is None or (message.article_id, message.unit, message.word) != (
            state.id,
            state.cursor,
            state.word,
        ):
            return  # the cursor moved on; its own lookup is on the way
        self.last = message
        content = lookup_content(
            message.result,
            message.entity,
            message.entity_english,
            self.screen.services.settings.translation.engine,
        )
        if self.problem:
            content = Content("\n").join([content, Content.styled(self.problem, "$text-warning")])
        self.panel.show("lookup", f"Lookup · {message.result.word}", content)

    def on_glossed(self, message: Glossed) -> None:
        state = self.state
        if state is None or (message.article_id, message.unit) != (state.id, state.cursor):
            return
        if self.panel.mode != "gloss":
            return
        from reader.lookup.service import INSTALL_HINT

        note = "" if message.dictionary else (self.problem or INSTALL_HINT)
        self.panel.show_gloss(f"Gloss · sentence {state.cursor + 1}", state.german(), message.glosses, note)

    # -- vocabulary --------------------------------------------------------------------------------
    def save(self) -> None:
        state = self.state
        if state is None:
            return
        span = state.word_span()
        if span is None:
            say(self.panel, NO_WORD, timeout=3)
            return
        if not self._index_ready():
            say(
                self.panel,
                INDEXING.format(percent=self.percent) + ": save the word once it is done.",
                timeout=3,
            )
            return
        last = self.last
        known = last is not None and (last.article_id, last.unit, last.word) == (
            state.id,
            state.cursor,
            state.word,
        )
        item = VocabItem(
            span[2],
            "",
            "",
            state.german(),
            english=state.english_text() or "",
            article_id=state.id,
            article_title=state.article.title,
        )
        self.drawn = True
        self.show_word(state)
        self.screen._run(
            word_workers.save_word,
            item,
            last.result if known and last is not None else None,
            self.index == "ready",
            group="vocab",
            description="Saving the word",
            exclusive=False,
        )

    def on_word_saved(self, message: WordSaved) -> None:
        plural = "word" if message.count == 1 else "words"
        say(
            self.panel,
            f"Saved “{message.word}” to your vocabulary ({message.count} {plural}).",
            timeout=4,
        )
        if self.state is not None:
            self.load_saved(self.state.article)

    def load_saved(self, article: Article) -> None:
        self.screen._run(word_workers.saved_spans, article, group="saved", description="Finding saved words")

    def on_saved_spans(self, message: SavedSpans) -> None:
        state = self.state
        if state is not None and state.id == message.article_id and state.saved != message.spans:
            self.screen.state = st.with_saved(state, message.spans)
