"""Words you know: statuses by lemma per profile, per-article figures, finishing an article, review on
the FSRS schedule, progress, and importing words (plain tests on throwaway stores)."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import pytest

from reader.articles.model import Article, Block, Reference, Sentence
from reader.errors import UserError
from reader.nlp.types import Entity
from reader.store import Store, word_counts
from reader.store.library import NewArticle, save_articles
from reader.store.vocab import VocabItem, save_word
from reader.store.words import list_statuses, statuses
from reader.words import counting, importing, progress, review
from reader.words.status import finish_article, mark, mark_word, sentence_marks, undo

T0 = 1_800_000_000.0  # a fixed "now" (2027-01-15), so schedules are checked exactly
DAY = 86_400.0

SENTENCES = [
    "Die Regierung in Berlin hat 2024 ein neues Gesetz beschlossen.",
    "Das Gesetz gilt für alle Häuser und alle Schulen.",
    "Die Regierung sagte, das Haus bleibe offen.",
]


def _article(sentences: list[str] = SENTENCES, article_id: str = "a1", english: bool = True) -> Article:
    text = " ".join(sentences)
    spans, at = [], 0
    for s in sentences:
        spans.append(Sentence(s, at, at + len(s)))
        at += len(s) + 1
    reference = Reference("Title", tuple(f"EN {i}" for i in range(len(sentences)))) if english else None
    return Article(article_id, "Ein Titel", (Block("paragraph", text, tuple(spans)),), reference=reference)


def _berlin(sentence: str) -> list[Entity]:
    at = sentence.find("Berlin")
    return [Entity(at, at + 6, "LOC", "Berlin")] if at >= 0 else []


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "s.db")
    article = _article()
    save_articles(store, [NewArticle(article, "d1")])
    counting.count_article(store, article, [_berlin(s) for s in SENTENCES])
    return store


def test_a_form_marks_its_lemma_and_statuses_are_per_profile(store: Store, tmp_path: Path) -> None:
    applied = mark(store, ["Häuser", "sagte"], "known")
    assert {a.key for a in applied} == {"haus", "sagen"}
    found = statuses(store, ["haus", "sagen", "gesetz"])
    assert (found["haus"].lemma, found["haus"].word, found["haus"].status) == ("Haus", "Häuser", "known")
    assert "gesetz" not in found  # new: no row
    other = Store(tmp_path / "s.db", profile="ann")
    assert statuses(other, ["haus"]) == {}  # another reader's words are their own
    mark(other, ["Haus"], "ignored")
    assert statuses(store, ["haus"])["haus"].status == "known"
    mark(store, ["Haus"], "new")
    assert "haus" not in statuses(store, ["haus"]) and statuses(other, ["haus"])["haus"].status == "ignored"


def test_a_hyphenated_word_keeps_its_spelling_in_the_lemma_a_reader_sees() -> None:
    from reader.words.lemmas import lemma_of

    assert lemma_of("US-Teilnehmer") == ("us-teilnehmer", "US-Teilnehmer")  # not "Us-teilnehmer"
    assert lemma_of("EU-Kommissionen") == ("eu-kommission", "EU-Kommission")
    assert lemma_of("Häuser") == ("haus", "Haus")


def test_statuses_and_levels_are_checked(store: Store) -> None:
    with pytest.raises(UserError, match="unknown status 'fluent'"):
        mark(store, ["Haus"], "fluent")
    with pytest.raises(UserError, match="learning level is 1 to 4"):
        mark(store, ["Haus"], "learning", level=5)
    mark(store, ["Haus"], "learning", level=3)
    assert statuses(store, ["haus"])["haus"].level == 3


def test_bulk_marking_undoes_in_one_step(store: Store) -> None:
    mark(store, ["Gesetz"], "learning")
    applied = mark(store, ["Gesetz", "Schule", "Regierung", "Haus"], "known")
    assert len(applied) == 4
    undo(store, applied)
    found = statuses(store, ["gesetz", "schule", "regierung", "haus"])
    assert list(found) == ["gesetz"] and found["gesetz"].status == "learning"


def test_figures_count_words_not_names_numbers_or_punctuation(store: Store) -> None:
    counts = word_counts.lemma_counts(store, "a1")
    assert counts is not None
    assert "berlin" not in counts  # an entity
    assert not any(k[:1].isdigit() for k in counts)  # "2024" is not a word
    assert counts["regierung"] == 2 and counts["haus"] == 2  # "Häuser" and "Haus" are one lemma
    tokens = sum(counts.values())
    fig = counting.figures(store)["a1"]
    assert (fig.new_words, fig.known, fig.tokens) == (len(counts), 0.0, tokens)
    mark(store, ["Regierung", "Häuser"], "known")
    mark(store, ["Gesetz"], "learning")  # learning is still new in the figures
    mark(store, ["Schulen"], "ignored")  # ignored counts as known
    fig = counting.figures(store)["a1"]
    assert fig.new_words == len(counts) - 3
    assert fig.known == pytest.approx((2 + 2 + 1) / tokens)


def test_figures_kept_up_to_date_equal_figures_recomputed(store: Store, tmp_path: Path) -> None:
    second = _article(
        ["Alle Schulen und alle Häuser sind neu.", "Das Gesetz sagt nichts."], "a2", english=False
    )
    save_articles(store, [NewArticle(second, "d2")])
    counting.count_article(store, second, [[], []])
    words = ["Regierung", "Gesetz", "Haus", "Schule", "neu", "sagen", "alle", "und", "die", "das"]
    rng = random.Random(7)
    for _ in range(40):
        mark(store, rng.sample(words, 3), rng.choice(["known", "ignored", "learning", "new"]))
    kept = counting.figures(store)
    with store.write() as conn:
        word_counts.rebuild_known(conn, store.profile)
    assert counting.figures(store) == kept
    assert counting.figures(Store(tmp_path / "s.db", profile="bob"))["a2"].known == 0.0


def test_a_bulk_change_recomputes_the_figures_whole(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_counts, "REBUILD_ABOVE", 1)
    mark(store, ["Regierung", "Haus", "Gesetz"], "known")
    fig = counting.figures(store)["a1"]
    monkeypatch.setattr(word_counts, "REBUILD_ABOVE", 300)
    with store.write() as conn:
        word_counts.rebuild_known(conn, store.profile)
    assert counting.figures(store)["a1"] == fig and fig.known > 0


def test_an_article_counted_after_the_words_were_marked_has_them_known(store: Store) -> None:
    mark(store, ["Schule"], "known")
    later = _article(["Die Schule ist zu."], "a3", english=False)
    save_articles(store, [NewArticle(later, "d3")])
    assert "a3" not in counting.figures(store)  # not counted yet: no figures, not zeros
    fig = counting.count_article(store, later, [[]])
    assert fig.known == pytest.approx(1 / 4)


def test_sentence_marks_give_each_words_status_without_names(store: Store) -> None:
    mark(store, ["Regierung"], "learning", level=2)
    mark(store, ["die"], "known")
    (marks,) = sentence_marks(store, [SENTENCES[0]], [[(e.start, e.end) for e in _berlin(SENTENCES[0])]])
    by_word = {SENTENCES[0][m.start : m.end]: m for m in marks}
    assert "Berlin" not in by_word and "2024" not in by_word
    assert (by_word["Regierung"].status, by_word["Regierung"].level) == ("learning", 2)
    assert by_word["Die"].status == "known" and by_word["Gesetz"].status == "new"


def test_finishing_an_article_marks_the_rest_known_and_can_be_undone(store: Store) -> None:
    mark(store, ["Gesetz"], "learning")
    mark(store, ["Haus"], "ignored")
    finished = finish_article(store, "a1", at=T0)
    counts = word_counts.lemma_counts(store, "a1")
    assert counts is not None and finished.count == len(counts) - 2
    found = statuses(store, counts)
    assert found["gesetz"].status == "learning" and found["haus"].status == "ignored"
    assert found["regierung"].status == "known" and found["regierung"].lemma == "Regierung"
    assert counting.figures(store)["a1"].new_words == 1  # the learning word
    assert progress.series(store, 1, dt.date.fromtimestamp(T0))[0].read == 1
    undo(store, finished.applied)
    assert counting.figures(store)["a1"].new_words == len(counts) - 1


def test_finishing_an_article_not_counted_says_so(store: Store) -> None:
    with pytest.raises(UserError, match="not counted yet"):
        finish_article(store, "nope")


def test_a_learning_word_is_due_with_its_sentence_and_english(store: Store) -> None:
    mark_word(store, "Regierung", "learning", at=T0)
    assert review.due_count(store, T0) == 1
    item = review.next_card(store, T0)
    assert item is not None and (item.key, item.lemma, item.level) == ("regierung", "Regierung", 1)
    assert item.sentence == SENTENCES[0] and item.english == "EN 0" and item.article_id == "a1"
    assert item.to_dict()["due"] == "2027-01-15T08:00:00+00:00"
    mark_word(store, "Regierung", "known", at=T0)
    assert review.due_count(store, T0) == 0  # known: out of review, its card gone


def test_rating_follows_the_fsrs_schedule_until_the_word_is_known(store: Store) -> None:
    mark_word(store, "Gesetz", "learning", at=T0)
    now = T0
    again = review.rate(store, "gesetz", "again", now)
    assert again.status == "learning" and now < again.due <= now + 3600  # back within the hour
    levels, rated = [], again
    for _ in range(12):
        now = rated.due
        rated = review.rate(store, "gesetz", 3, now)  # Good each time it comes due
        levels.append(rated.level)
        if rated.status == "known":
            break
    assert rated.status == "known" and rated.stability >= review.KNOWN_STABILITY
    assert levels[:-1] == sorted(levels[:-1]) and max(levels[:-1]) >= 2  # levels climbed with stability
    assert statuses(store, ["gesetz"])["gesetz"].status == "known"
    assert review.next_card(store, now + 365 * DAY) is None
    with pytest.raises(UserError, match="no review card"):
        review.rate(store, "gesetz", "good", now)


def test_ratings_are_checked(store: Store) -> None:
    mark_word(store, "Gesetz", "learning", at=T0)
    with pytest.raises(UserError, match="again, hard, good or easy"):
        review.rate(store, "gesetz", "great", T0)
    with pytest.raises(UserError, match="again, hard, good or easy"):
        review.rate(store, "gesetz", 5, T0)


def test_easy_is_later_than_good_and_hard(store: Store) -> None:
    dues = {}
    for word, rating in (("Gesetz", "hard"), ("Schule", "good"), ("Haus", "easy")):
        mark_word(store, word, "learning", at=T0)
        key = word.lower()
        dues[rating] = review.rate(store, key, rating, T0).due
    assert dues["hard"] <= dues["good"] < dues["easy"]


def test_saved_words_come_to_review_with_the_sentence_they_were_saved_with(store: Store) -> None:
    save_word(store, VocabItem("Kanäle", "Kanal", "noun", "Die Kanäle sind geheim.", english="The channels."))
    (item,) = review.due(store, T0 + DAY)
    assert (item.lemma, item.word, item.sentence, item.english) == (
        "Kanal",
        "Kanäle",
        "Die Kanäle sind geheim.",
        "The channels.",
    )
    assert [s.status for s in list_statuses(store)] == ["learning"]


def test_progress_per_day(store: Store) -> None:
    day0 = dt.date.fromtimestamp(T0)
    mark(store, ["Haus", "Schule"], "known", at=T0)
    mark_word(store, "Gesetz", "learning", at=T0)
    review.rate(store, "gesetz", "good", T0 + 60)
    review.rate(store, "gesetz", "good", T0 + 120)
    mark(store, ["Haus"], "new", at=T0 + DAY)
    mark(store, ["Regierung", "sagen"], "known", at=T0 + DAY)
    progress.record_read(store, "a1", at=T0 + DAY)
    progress.record_read(store, "a1", at=T0 + DAY + 5)
    days = progress.series(store, 3, day0 + dt.timedelta(days=1))
    assert [d.day for d in days] == [day0 - dt.timedelta(days=1), day0, day0 + dt.timedelta(days=1)]
    assert [d.known for d in days] == [0, 2, 3]
    assert [d.learned for d in days] == [0, 2, 1]
    assert [(d.reviewed, d.reviews) for d in days] == [(0, 0), (1, 2), (0, 0)]
    assert [d.read for d in days] == [0, 0, 1]
    assert progress.series(store, 1, day0 + dt.timedelta(days=5))[0].known == 3  # carried forward


def test_a_word_list_csv_and_tsv_give_their_words() -> None:
    listed = importing.read_text("# my words\nHaus\n\ndas Auto\ngehen\nein ganzer langer Satz hier\n")
    assert (listed.words, listed.skipped, listed.kind) == (("Haus", "Auto", "gehen"), 1, "word list")
    anki = importing.read_text(
        "#separator:Comma\n#html:true\n#columns:Front,Back\n"
        '"<b>Häuser</b><br>Die Häuser sind alt.",houses\n"der Kanal",channel\n'
    )
    assert (anki.words, anki.kind) == (("Häuser", "Kanal"), "CSV")
    tsv = importing.read_text("Schule\tschool\nBuch &amp; Heft\tbook\n")
    assert (tsv.words, tsv.kind) == (("Schule", "Buch"), "TSV")
    assert importing.word_of("\x1b[31mHaus\x1b[0m") == "Haus"


def test_an_anki_package_gives_the_first_field_of_each_note(tmp_path: Path) -> None:
    import genanki

    model = genanki.Model(
        1607392319,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(2059400110, "German")
    for front in ("Haus", "<div>die Schule</div>", "Das ist ein ganzer Satz hier.", "gehen"):
        deck.add_note(genanki.Note(model=model, fields=[front, "back"]))
    path = tmp_path / "german.apkg"
    genanki.Package(deck).write_to_file(str(path))
    found = importing.read_file(path)
    assert (sorted(found.words), found.skipped, found.kind) == (
        ["Haus", "Schule", "gehen"],
        1,
        "Anki package",
    )


def test_a_package_with_only_the_new_compressed_collection_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "new.apkg"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd zstd")
        z.writestr("media", b"{}")
    with pytest.raises(UserError, match=r"only collection\.anki21b.*Support older Anki versions"):
        importing.read_file(path)
    broken = tmp_path / "broken.apkg"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("collection.anki2", b"not sqlite at all" * 100)
    with pytest.raises(UserError, match="not an Anki collection"):
        importing.read_file(broken)


def test_the_most_frequent_german_words_come_from_the_shipped_list() -> None:
    top = importing.top_words(200)
    assert len(top) == 200 and {"und", "der", "nicht"} <= set(top)
    assert all(w.isalpha() for w in top)


def test_statuses_cards_and_events_are_salvaged_from_a_damaged_store(store: Store, tmp_path: Path) -> None:
    from reader.store.recover import salvage

    mark(store, ["Haus"], "known")
    mark_word(store, "Gesetz", "learning")
    store.close()
    fresh = Store(tmp_path / "fresh.db")
    saved = salvage(tmp_path / "s.db", fresh._raw())
    assert (saved.kept["word_status"], saved.kept["review_cards"], saved.kept["word_events"]) == (2, 1, 1)
    assert statuses(fresh, ["haus"])["haus"].status == "known"


def test_the_newer_anki21_collection_is_read_before_the_legacy_stub(tmp_path: Path) -> None:
    import genanki

    def package(fronts: list[str], path: Path) -> bytes:
        model = genanki.Model(
            1, "Basic", fields=[{"name": "Front"}], templates=[{"name": "1", "qfmt": "{{Front}}"}]
        )
        deck = genanki.Deck(2, "d")
        for front in fronts:
            deck.add_note(genanki.Note(model=model, fields=[front]))
        genanki.Package(deck).write_to_file(str(path))
        with zipfile.ZipFile(path) as z:
            return z.read("collection.anki2")

    real = package(["Haus", "Schule"], tmp_path / "a.apkg")
    stub = package(["Please update to the latest Anki version"], tmp_path / "b.apkg")
    both = tmp_path / "both.apkg"
    with zipfile.ZipFile(both, "w") as z:
        z.writestr("collection.anki2", stub)  # what Anki 2.1 writes for older versions to show
        z.writestr("collection.anki21", real)
    assert sorted(importing.read_file(both).words) == ["Haus", "Schule"]
