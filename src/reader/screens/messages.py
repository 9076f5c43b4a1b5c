"""Messages that workers send back: the one way results reach the UI.

Each is a `Reply`, delivered to the node that started the worker (a part of the reading screen, see
`reader.screens.parts`, or the screen itself) and not bubbled further: a reply is addressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

from reader.articles.model import Article
from reader.nlp.types import Entity
from reader.screens.state import TranslationProgress
from reader.store.library import ArticleSummary
from reader.store.marks import Mark
from reader.store.removal import RemovedArticle
from reader.translation.types import English, Translated

if TYPE_CHECKING:  # the lookup modules load on the first lookup, not at start-up
    from reader.lookup.gloss import Gloss
    from reader.lookup.service import LookupResult
    from reader.nlp.grouping import GroupedEntities
    from reader.store.word_counts import Figures
    from reader.store.words import Applied
    from reader.words.progress import Day
    from reader.words.review import Rated, ReviewItem
    from reader.words.status import WordMark


class Reply(Message, bubble=False):
    """A worker's answer, for the node that started the worker."""

    def __init_subclass__(cls, bubble: bool | None = False, **kwargs: Any) -> None:
        super().__init_subclass__(bubble=bubble, **kwargs)  # Textual's default would bubble again


@dataclass
class LibraryListed(Reply):
    """The library's articles (`replace`: all of them; else new ones), notices, and the articles the
    reader asked to open (`reader PATH…`), in the order given; with all of them, the subscribed feeds'
    names, by address."""

    summaries: list[ArticleSummary]
    notices: list[str]
    positions: dict[str, int]
    replace: bool
    asked: list[str]
    done: bool
    feeds: dict[str, str] | None = None


@dataclass
class FiguresFound(Reply):
    """Each counted article's (new words, known share) for the reader."""

    figures: dict[str, tuple[int, float]]


@dataclass
class MarkedRead(Reply):
    """Articles marked read (or unread) in the store: the ids whose flag changed."""

    ids: list[str]
    read: bool
    feed: str | None = None  # marked all read: of this feed (None: every article)


@dataclass
class Removed(Reply):
    """Articles removed from the library, as they were (to put back)."""

    removed: list[RemovedArticle]


@dataclass
class Restored(Reply):
    """Removed articles put back."""

    summaries: list[ArticleSummary]


@dataclass
class FeedChanged(Reply):
    """A feed renamed (`name`) or unsubscribed (`name` None), with the subscribed feeds' names now."""

    url: str
    name: str | None
    feeds: dict[str, str]


@dataclass
class Arrived(Reply):
    """Articles a refresh has added so far (more may follow)."""

    summaries: list[ArticleSummary]


@dataclass
class ArticleOpened(Reply):
    """An article read from the store (split into sentences on its first open)."""

    article: Article
    cursor: int | None


@dataclass
class Refreshed(Reply):
    """Feeds refreshed: what happened, the articles that are new (those not sent as `Arrived`), and the
    subscribed feeds' names."""

    counts: dict[str, int]
    failures: list[str]
    summaries: list[ArticleSummary]
    feeds: dict[str, str] | None = None
    timed: bool = False  # started by the timer ([feeds] refresh_every), not by the reader


@dataclass
class Known(Reply):
    """What is known of an article without the network: its English (reference or memory) and marks."""

    article_id: str
    updates: list[tuple[int, Translated]]
    marks: dict[int, Mark]
    progress: TranslationProgress


@dataclass
class EnglishArrived(Reply):
    """Translations for some units (index `TITLE` is the title), and how far the translation has come."""

    article_id: str
    updates: list[tuple[int, Translated]]
    progress: TranslationProgress


@dataclass
class EntitiesArrived(Reply):
    """German entities per unit (each with its entity's one type), grouped, and their English
    counterparts as projected onto `english_from`."""

    article_id: str
    german: list[list[Entity]]
    english: list[list[Entity]] | None
    groups: GroupedEntities
    english_from: English


@dataclass
class MarkSaved(Reply):
    article_id: str
    mark: Mark


@dataclass
class Exported(Reply):
    path: Path  # where it was written; with `download` or not `written`, only the name it would have
    markdown: str
    download: bool = False  # under textual-serve: nothing was written, the browser downloads it
    written: bool = True  # False in a public session, which writes no file on the server


@dataclass
class EnglishKept(Reply):
    """The English the reader kept (in compare) for a sentence, stored."""

    article_id: str
    unit: int
    engine: str
    english: Translated


@dataclass
class Compared(Reply):
    """Each engine's English for the sentence being compared."""

    results: dict[str, Translated]


@dataclass
class Status(Reply):
    """What a worker is doing, for the status line, in the field of the part that started it (failures
    go through `report_failure`)."""

    text: str


# -- words and lookup ------------------------------------------------------------------------------
@dataclass
class IndexProgress(Reply):
    """How far indexing the dictionary has come, in per cent."""

    percent: int


@dataclass
class IndexReady(Reply):
    """The dictionary index is up to date (or could not be built: `error` says why)."""

    error: str = ""


@dataclass
class LookedUp(Reply):
    """A word's lookup, for the word cursor at (`unit`, `word`) of an article."""

    article_id: str
    unit: int
    word: int
    result: LookupResult
    entity: Entity | None = None  # the recognised entity the word is part of
    entity_english: str = ""  # and its English form, where the English is known


@dataclass
class Glossed(Reply):
    """The interlinear gloss of one sentence."""

    article_id: str
    unit: int
    glosses: list[Gloss]
    dictionary: bool  # False: the glosses came from the memory only


@dataclass
class WordSaved(Reply):
    word: str
    count: int  # words in the vocabulary now


@dataclass
class SavedSpans(Reply):
    """Where the saved vocabulary occurs in an article's German, per unit."""

    article_id: str
    spans: tuple[tuple[tuple[int, int], ...], ...]


# -- words you know --------------------------------------------------------------------------------
@dataclass
class WordStatuses(Reply):
    """The reader's status of every word of an article, per unit, and the article's figures."""

    article_id: str
    statuses: tuple[tuple[WordMark, ...], ...]
    figures: Figures | None
    due: int | None = None  # the words due for review now, when asked for


@dataclass
class StatusesChanged(Reply):
    """Statuses set by a key, by finishing an article, or put back by an undo: what changed (to undo it)."""

    kind: str  # "mark", "finish" or "undo"
    article_id: str
    applied: tuple[Applied, ...]
    word: str = ""  # the word a key marked, as it stands in the text
    lemma: str = ""  # and its lemma, which was marked
    status: str = ""
    level: int = 0


@dataclass
class Counted(Reply):
    """The library's words are counted (as many articles as there were to count)."""

    articles: int


@dataclass
class ReviewCard(Reply):
    """The next card to review (None: nothing is due), where its word is in the sentence, its entries."""

    item: ReviewItem | None
    spans: tuple[tuple[int, int], ...]
    lookup: LookupResult | None
    due: int
    rated: Rated | None = None  # the rating of the card before it, and what it did
    next_due: float | None = None  # with no card due: when the next one is (epoch seconds), if any


@dataclass
class ProgressLoaded(Reply):
    """The reader's figures per day, and how many words have each status now."""

    days: list[Day]
    counts: dict[str, int]
