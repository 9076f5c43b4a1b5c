"""The reading screen's word tools: the word cursor, the lookup panel, the gloss, the vocabulary. A part
of the reading screen (see `reader.screens.parts`).

The word cursor itself is part of the screen's `ArticleState` (`state.with_word`). The dictionary index
is checked, and built if needed, in the background once the first frame is drawn (with HanTa and the
English word list loaded too, so the first lookup waits for none of them); a lookup asked for before it
is ready waits, and the panel says how far indexing has come. The lookup shows the word's status and
the keys that set it (`reader.screens.word_status`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.worker import Worker

from reader.articles.model import Article
from reader.screens import state as st
from reader.screens.parts import Host, Part
from reader.screens.state import ArticleState
from reader.wording import count_of

if TYPE_CHECKING:  # the panel is mounted when first shown; the workers and replies load on first use
    from reader.screens.messages import (
        Glossed,
        IndexProgress,
        IndexReady,
        LookedUp,
        SavedSpans,
        WordSaved,
    )
    from reader.widgets.lookup import WordPanel

NO_WORD = "No word under the cursor: this sentence has no words."
INDEXING = "indexing the dictionary… {percent} %"


class WordTools(Part):
    NAME = "words"
    BINDINGS = [
        Binding("h", "word(-1)", "Previous word", id="previous_word", show=False),
        Binding("l", "word(1)", "Next word", id="next_word", show=False),
        Binding(
            "d",
            "lookup",
            "Look up the word",
            id="lookup",
            show=False,
            tooltip="Lemma, part of speech and dictionary entries of the word under the word cursor",
        ),
        Binding(
            "i",
            "gloss",
            "Gloss the sentence",
            id="gloss",
            show=False,
            tooltip="Show or hide a gloss under each word of the sentence",
        ),
        Binding(
            "v",
            "save_word",
            "Save the word",
            id="save_word",
            show=False,
            tooltip="Save the word and its sentence to the vocabulary",
        ),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.drawn = False  # the word cursor shows once the reader has used a word key
        self.index = ""  # "" not checked yet, "indexing", "ready", "none" (no dictionary), "failed"
        self.percent = 0
        self.problem = ""  # why there is no dictionary, when one was configured
        self.pending = ""  # "lookup" or "gloss", asked for while indexing
        self.last: LookedUp | None = None
        self._panel: WordPanel | None = None  # mounted the first time it is shown

    @property
    def mode(self) -> str:
        """What the panel shows: "lookup", "gloss", or "" (hidden, or never shown)."""
        return self._panel.mode if self._panel is not None else ""

    @property
    def panel(self) -> WordPanel:
        assert self._panel is not None, "the panel is mounted before anything is shown in it"
        return self._panel

    async def _mount_panel(self) -> None:
        if self._panel is None:
            from reader.widgets.lookup import WordPanel

            self._panel = WordPanel(id="word-panel")
            await self.host.add_panel(self._panel)

    @property
    def state(self) -> ArticleState | None:
        return self.host.state

    # -- the word cursor ---------------------------------------------------------------------------
    def action_word(self, delta: int) -> None:
        state = self.state
        if state is None:
            return
        words = state.words()
        if not words:
            self.say(NO_WORD, timeout=3)
            return
        target = state.word + delta
        self.drawn = True
        if not 0 <= target < len(words):
            where = "first" if delta < 0 else "last"
            self.say(f"This is the {where} word of the sentence (j/k move to another).", timeout=3)
            self.show_word(state)
            return
        self.host.update(lambda s: st.with_word(s, target))

    def show_cursor(self) -> None:
        """Show the word cursor (it shows once the reader has used a word key)."""
        self.drawn = True
        if self.state is not None:
            self.show_word(self.state)

    def show_word(self, state: ArticleState) -> None:
        """Draw the word cursor in the German pane (once the reader has used it)."""
        span = state.word_span() if self.drawn else None
        self.host.de.word = (span[0], span[1]) if span else None

    def follow(self, old: ArticleState | None, new: ArticleState) -> None:
        """The state changed: move the word cursor, and let an open panel follow the cursors."""
        self.show_word(new)
        moved = old is None or old.article is not new.article or old.cursor != new.cursor
        if self.mode == "gloss" and moved:
            self._start("gloss")
        elif self.mode == "lookup" and (moved or old is None or old.word != new.word):
            self._start("lookup")
        elif self.mode == "lookup" and old is not None and old.statuses is not new.statuses:
            self._show_lookup()  # the word's status changed

    # -- lookup and gloss --------------------------------------------------------------------------
    async def action_lookup(self) -> None:
        await self._mount_panel()
        self._open("lookup")

    async def action_gloss(self) -> None:
        if self.mode == "gloss":
            self.close()
            return
        await self._mount_panel()
        self._open("gloss")

    def close(self) -> bool:
        """Close the panel, if it is open."""
        if not self.mode:
            return False
        self.panel.hide()
        self.workers.cancel_group(self, "word")
        return True

    def _open(self, what: str) -> None:
        state = self.state
        if state is None:
            return
        if state.word_span() is None:
            self.say(
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
            self.host.status.words = INDEXING.format(percent=self.percent)  # the reader is waiting for it
            self.panel.show(what, "Lookup" if what == "lookup" else "Gloss", self._indexing())
            return
        from reader.screens import word_workers

        dictionary = self.index == "ready"
        if what == "gloss":
            self.panel.show(
                "gloss", f"Gloss · sentence {state.cursor + 1}", Content.styled("glossing…", "dim")
            )
            self.run(
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
        self.run(
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

    def start(self) -> None:
        """The first frame is drawn: index the dictionary in the background, if it needs it."""
        self._index_ready(quiet=True)

    def _index_ready(self, *, quiet: bool = False) -> bool:
        """Whether lookups can run now; starts indexing the configured dictionary the first time (`quiet`:
        the status line says so only once there is progress to show)."""
        if self.index in ("ready", "none", "failed"):
            return True
        if self.index == "indexing":
            return False
        path = self.services.settings.lookup.dictionary_path()
        if path is None:
            self.index = "none"
            return True
        if not path.is_file():
            self.index, self.problem = "none", f"{path}: dictionary not found"
            return True
        from reader.screens import word_workers

        self.index, self.percent = "indexing", 0
        if not quiet:
            self.host.status.words = INDEXING.format(percent=0)
        self.run(word_workers.index_dictionary, group="index", description="Indexing the dictionary")
        return False

    def on_index_progress(self, message: IndexProgress) -> None:
        self.percent = message.percent
        self.host.status.words = INDEXING.format(percent=message.percent)
        if self.pending and self.mode == self.pending:
            self.panel.show(self.pending, self.panel.border_title or "", self._indexing())

    def on_index_ready(self, message: IndexReady) -> None:
        self.index = "failed" if message.error else "ready"
        self.problem = message.error
        self.host.status.words = ""
        if message.error:
            self.say(message.error, severity="warning", timeout=8)
        pending, self.pending = self.pending, ""
        if pending and self.mode == pending:
            self._start(pending)

    def failed(self, event: Worker.StateChanged) -> None:
        """The index worker failed (a bug, reported already): lookups go on without the dictionary."""
        if event.worker.group == "index":
            from reader.screens.messages import IndexReady

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
        self._show_lookup()

    def _show_lookup(self) -> None:
        """The last lookup in the panel, with the word's status as it is now."""
        message, state = self.last, self.state
        if self._panel is None or message is None or state is None:
            return
        from reader.screens.word_status import status_line
        from reader.widgets.lookup import lookup_content

        content = lookup_content(
            message.result,
            message.entity,
            message.entity_english,
            self.services.settings.translation.engine,
            status_line(self.screen, state),
        )
        if self.problem:
            content = Content("\n").join([content, Content.styled(self.problem, "$text-warning")])
        self.panel.show("lookup", f"Lookup · {message.result.word}", content)

    def on_glossed(self, message: Glossed) -> None:
        state = self.state
        if state is None or (message.article_id, message.unit) != (state.id, state.cursor):
            return
        if self.mode != "gloss":
            return
        from reader.lookup.service import INSTALL_HINT

        note = "" if message.dictionary else (self.problem or INSTALL_HINT)
        self.panel.show_gloss(f"Gloss · sentence {state.cursor + 1}", state.german(), message.glosses, note)

    # -- vocabulary --------------------------------------------------------------------------------
    def action_save_word(self) -> None:
        state = self.state
        if state is None:
            return
        span = state.word_span()
        if span is None:
            self.say(NO_WORD, timeout=3)
            return
        if not self._index_ready():
            self.say(
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
        from reader.screens import word_workers
        from reader.store.vocab import VocabItem

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
        self.run(
            word_workers.save_word,
            item,
            last.result if known and last is not None else None,
            self.index == "ready",
            group="vocab",
            description="Saving the word",
            exclusive=False,
        )

    def on_word_saved(self, message: WordSaved) -> None:
        self.say(
            f"Saved “{message.word}” to your vocabulary ({count_of(message.count, 'word')}).",
            timeout=4,
        )
        if self.state is not None:
            self.load_saved(self.state.article)

    def opened(self, state: ArticleState) -> None:
        self.load_saved(state.article)  # saved words may have come from another article since

    def load_saved(self, article: Article) -> None:
        from reader.screens import word_workers

        self.run(word_workers.saved_spans, article, group="saved", description="Finding saved words")

    def on_saved_spans(self, message: SavedSpans) -> None:
        state = self.state
        if state is None or state.id != message.article_id or state.saved != message.spans:
            self.host.update(lambda s: st.with_saved(s, message.spans), message.article_id)
