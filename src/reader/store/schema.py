"""The store's schema: one migration per version, applied in order by `reader.store.db`."""

from __future__ import annotations

# Each entry migrates from version i to i + 1. Append; never edit a released step.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        parser_version INTEGER NOT NULL,
        body TEXT NOT NULL,              -- the parsed Article as JSON
        added_at REAL NOT NULL
    );
    CREATE INDEX articles_by_hash ON articles (content_hash, parser_version);
    CREATE INDEX articles_by_title ON articles (title COLLATE NOCASE);
    CREATE VIRTUAL TABLE articles_fts USING fts5 (title, text, content='', tokenize='unicode61');
    CREATE TABLE reading (
        article_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL DEFAULT 0,
        opened_at REAL NOT NULL
    );
    CREATE TABLE translations (
        engine TEXT NOT NULL,
        pair TEXT NOT NULL,              -- "de-en"
        key TEXT NOT NULL,               -- text_key() of the source sentence
        source_text TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (engine, pair, key)
    );
    CREATE TABLE entities (
        recogniser TEXT NOT NULL,        -- name and version
        key TEXT NOT NULL,               -- text_key() of the sentence
        data TEXT NOT NULL,              -- JSON list of [start, end, label]
        PRIMARY KEY (recogniser, key)
    );
    CREATE TABLE marks (
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,       -- the unit index in the article
        marked INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated_at REAL NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    """,
    # Issue 13: the dictionary index (rebuilt from its file when that changes) and the vocabulary.
    """
    CREATE TABLE dict_source (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        digest TEXT NOT NULL,            -- "v<index version>:" + the file's sha256
        lines INTEGER NOT NULL,
        built_at REAL NOT NULL
    );
    CREATE TABLE dict_lines (
        id INTEGER PRIMARY KEY,          -- the line number in the file
        text TEXT NOT NULL               -- the sanitised Ding line
    );
    CREATE TABLE dict_keys (
        key TEXT NOT NULL,               -- a German headword or inflected form, lower case
        line INTEGER NOT NULL,
        sense INTEGER NOT NULL,          -- which `|`-separated sense of the line
        rank INTEGER NOT NULL,           -- lower is better: the line's own headword first
        cap INTEGER NOT NULL             -- 1 if written with a capital (a noun)
    );
    CREATE INDEX dict_keys_by_key ON dict_keys (key, rank);
    CREATE TABLE vocabulary (
        id INTEGER PRIMARY KEY,
        word TEXT NOT NULL,
        lemma TEXT NOT NULL,
        pos TEXT NOT NULL,
        sentence TEXT NOT NULL,
        english TEXT NOT NULL DEFAULT '',
        entries TEXT NOT NULL,           -- JSON list of {"de", "en"}
        article_id TEXT NOT NULL DEFAULT '',
        article_title TEXT NOT NULL DEFAULT '',
        added_at REAL NOT NULL,
        UNIQUE (word, sentence)
    );
    CREATE INDEX vocabulary_by_lemma ON vocabulary (lemma);
    """,
    # issue 12: the library (feed, dates, read/starred, sentences split on first open), one
    # folded full-text index over German text and English translations, feeds, and entities.
    """
    ALTER TABLE articles ADD COLUMN feed TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN published REAL;
    ALTER TABLE articles ADD COLUMN read INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN split INTEGER NOT NULL DEFAULT 1;  -- 0: paragraphs not yet split
    ALTER TABLE articles ADD COLUMN text_hash TEXT NOT NULL DEFAULT '';  -- of the normalised text
    ALTER TABLE articles ADD COLUMN entities_by TEXT NOT NULL DEFAULT '';  -- recogniser that indexed it
    CREATE INDEX articles_by_text ON articles (text_hash);
    -- covers the list's query, so listing never reads the bodies stored in the same rows
    CREATE INDEX articles_by_date ON articles (
        coalesce(published, added_at) DESC, added_at DESC, id, title, source, feed, published, read, starred
    );
    CREATE INDEX articles_by_feed ON articles (feed, read);
    CREATE INDEX articles_by_source ON articles (source);
    DROP TABLE articles_fts;
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        block INTEGER NOT NULL,          -- -1 for the title
        unit INTEGER,                    -- the sentence's unit index; NULL for a paragraph not yet split
        lang TEXT NOT NULL,              -- 'de' or 'en'
        text TEXT NOT NULL,
        folded TEXT NOT NULL             -- what the index holds: casefolded, umlauts and ß folded
    );
    CREATE INDEX passages_by_article ON passages (article, lang, unit);
    CREATE VIRTUAL TABLE passages_fts USING fts5 (
        folded, content='passages', content_rowid='id', detail=column,
        tokenize='unicode61 remove_diacritics 0'   -- the text comes folded: no marks left to remove
    );
    CREATE TABLE units (
        article TEXT NOT NULL,
        unit INTEGER NOT NULL,
        key TEXT NOT NULL,               -- text_key() of the sentence, to find its translations
        PRIMARY KEY (article, unit)
    );
    CREATE INDEX units_by_key ON units (key);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        etag TEXT NOT NULL DEFAULT '',
        modified TEXT NOT NULL DEFAULT '',
        added_at REAL NOT NULL,
        checked_at REAL
    );
    CREATE TABLE article_entities (
        article TEXT NOT NULL,
        unit INTEGER NOT NULL,           -- the sentence; -1 - block while the article is not split
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        label TEXT NOT NULL,
        name TEXT NOT NULL,              -- as written
        canonical TEXT NOT NULL          -- folded, genitive -s dropped: what mentions are grouped by
    );
    CREATE INDEX article_entities_by_name ON article_entities (canonical);
    CREATE INDEX article_entities_by_article ON article_entities (article);
    """,
    # issue 16: profiles. What belongs to one person (reading positions, read and starred flags, marks
    # and notes, saved words, theme and key remaps) is keyed by profile; what was stored before
    # profiles becomes the default profile's.
    """
    CREATE TABLE profiles (
        name TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        theme TEXT NOT NULL DEFAULT '',  -- '' : the config's theme
        keys TEXT NOT NULL DEFAULT '{}'  -- JSON {binding id: "keys"}, over the config's [keys]
    );
    INSERT INTO profiles (name, created_at) VALUES ('default', (julianday('now') - 2440587.5) * 86400.0);
    CREATE TABLE reading_by_profile (
        profile TEXT NOT NULL,
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        opened_at REAL NOT NULL,         -- when the reader was last at this position: newer wins
        PRIMARY KEY (profile, article_id)
    );
    INSERT INTO reading_by_profile SELECT 'default', article_id, position, opened_at FROM reading;
    DROP TABLE reading;
    ALTER TABLE reading_by_profile RENAME TO reading;
    CREATE INDEX reading_by_time ON reading (profile, opened_at DESC);
    CREATE TABLE marks_by_profile (
        profile TEXT NOT NULL,
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        marked INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated_at REAL NOT NULL,
        PRIMARY KEY (profile, article_id, position)
    );
    INSERT INTO marks_by_profile SELECT 'default', article_id, position, marked, note, updated_at FROM marks;
    DROP TABLE marks;
    ALTER TABLE marks_by_profile RENAME TO marks;
    CREATE TABLE vocabulary_by_profile (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        word TEXT NOT NULL,
        lemma TEXT NOT NULL,
        pos TEXT NOT NULL,
        sentence TEXT NOT NULL,
        english TEXT NOT NULL DEFAULT '',
        entries TEXT NOT NULL,
        article_id TEXT NOT NULL DEFAULT '',
        article_title TEXT NOT NULL DEFAULT '',
        added_at REAL NOT NULL,
        UNIQUE (profile, word, sentence)
    );
    INSERT INTO vocabulary_by_profile
        SELECT id, 'default', word, lemma, pos, sentence, english, entries, article_id, article_title,
            added_at FROM vocabulary;
    DROP TABLE vocabulary;
    ALTER TABLE vocabulary_by_profile RENAME TO vocabulary;
    CREATE INDEX vocabulary_by_lemma ON vocabulary (profile, lemma);
    CREATE TABLE article_flags (
        profile TEXT NOT NULL,
        article TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        changed_at REAL NOT NULL,
        PRIMARY KEY (profile, article)
    ) WITHOUT ROWID;
    INSERT INTO article_flags
        SELECT 'default', id, read, starred, added_at FROM articles WHERE read OR starred;
    -- articles.read and .starred stay, unused (dropping a column rewrites every body); their
    -- indexes go, and the list's covering index no longer holds them.
    DROP INDEX articles_by_date;
    DROP INDEX articles_by_feed;
    CREATE INDEX articles_by_date ON articles (
        coalesce(published, added_at) DESC, added_at DESC, id, title, source, feed, published
    );
    CREATE INDEX articles_by_feed ON articles (feed);
    """,
    # issue 18: the dictionary index becomes full-text over the file's German (lines are read from the
    # file by offset); per profile: word statuses by lemma, review cards and progress events; per
    # article: its lemmas counted once, and per profile how much of each article is known.
    """
    DROP TABLE dict_keys;
    DROP TABLE dict_lines;
    DELETE FROM dict_source;
    CREATE VIRTUAL TABLE dict_fts USING fts5 (
        head, rest,                      -- the German of the line's first sense, and of the others
        content='', detail=column,       -- rowid: the line's byte offset in the dictionary file
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TABLE word_status (
        profile TEXT NOT NULL,
        key TEXT NOT NULL,               -- the lemma in lower case
        lemma TEXT NOT NULL,             -- the lemma as written
        word TEXT NOT NULL,              -- the form it was first marked in
        status TEXT NOT NULL,            -- learning, known or ignored; a word without a row is new
        level INTEGER NOT NULL DEFAULT 0,  -- 1 to 4 while learning
        updated_at REAL NOT NULL,
        PRIMARY KEY (profile, key)
    );
    CREATE INDEX word_status_by_key ON word_status (key, status);
    CREATE TABLE review_cards (
        profile TEXT NOT NULL,
        key TEXT NOT NULL,               -- the lemma in lower case, as in word_status
        card TEXT NOT NULL,              -- the fsrs Card as JSON
        due REAL NOT NULL,
        stability REAL,                  -- days; NULL before the first review
        PRIMARY KEY (profile, key)
    );
    CREATE INDEX review_cards_by_due ON review_cards (profile, due);
    CREATE TABLE word_events (
        profile TEXT NOT NULL,
        at REAL NOT NULL,
        kind TEXT NOT NULL,              -- 'known' (value +1 or -1), 'review' (the rating), 'read'
        key TEXT NOT NULL,               -- the lemma key, or the article id for 'read'
        value INTEGER NOT NULL
    );
    CREATE INDEX word_events_by_time ON word_events (profile, at);
    CREATE TABLE article_words (
        article TEXT PRIMARY KEY,
        text_hash TEXT NOT NULL,         -- of the text counted: a changed article is counted again
        version INTEGER NOT NULL,        -- of the counting
        tokens INTEGER NOT NULL,         -- word tokens, entities and numbers left out
        lemmas INTEGER NOT NULL          -- distinct lemma keys among them
    );
    CREATE TABLE article_lemmas (
        article TEXT NOT NULL,
        key TEXT NOT NULL,
        tokens INTEGER NOT NULL,
        PRIMARY KEY (article, key)
    ) WITHOUT ROWID;
    CREATE INDEX article_lemmas_by_key ON article_lemmas (key);
    CREATE TABLE article_known (         -- per profile: the article's lemmas known or ignored
        profile TEXT NOT NULL,
        article TEXT NOT NULL,
        lemmas INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        PRIMARY KEY (profile, article)
    ) WITHOUT ROWID;
    """,
    # issue 17: a feed's items that failed (a page that could not be fetched or read), kept with the reason
    # and tried again with a back-off until they arrive or leave the feed; and whether a feed was named by
    # the user (it may be at a private address) or came from an OPML file (it may not).
    """
    CREATE TABLE feed_items (
        feed TEXT NOT NULL,
        link TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published REAL,
        reason TEXT NOT NULL,            -- why the last try failed
        tries INTEGER NOT NULL,
        next_try REAL NOT NULL,          -- not tried again before this time
        failed_at REAL NOT NULL,         -- the first failure
        PRIMARY KEY (feed, link)
    );
    ALTER TABLE feeds ADD COLUMN typed INTEGER NOT NULL DEFAULT 1;
    """,
    # issue 19: search by form, lemma and compound part, ranked, one row per German paragraph and English
    # sentence in a contentless index (the text is read back from the article); entities grouped across
    # the library by name; both kept up to date by a background job from a queue, never by a scan. The
    # old index is dropped and every article queued, so an existing store is indexed again in the
    # background. From here on articles.body is the JSON compressed (a BLOB; older rows stay text).
    """
    DROP TABLE passages_fts;
    DROP TABLE passages;
    DROP TABLE article_entities;
    CREATE TABLE word_forms (
        form TEXT PRIMARY KEY,           -- a German word form as written
        lemma TEXT NOT NULL,             -- folded; '' when the folded form is its own lemma
        head TEXT NOT NULL,              -- a compound's last part (its lemma, folded); '' if no compound
        parts TEXT NOT NULL              -- the compound's other parts, folded, space separated
    ) WITHOUT ROWID;
    CREATE INDEX word_forms_by_lemma ON word_forms (lemma) WHERE lemma != '';
    CREATE TABLE search_articles (
        n INTEGER PRIMARY KEY,           -- the article's number, by date: its index rows are n << 12 | slot
        article TEXT UNIQUE,             -- NULL once dropped from the index: a number is never used again
        date REAL NOT NULL               -- published, else added
    );
    CREATE VIRTUAL TABLE search_fts USING fts5 (
        form, lemma, head, part, content='', tokenize='unicode61 remove_diacritics 0'
    );
    CREATE TABLE search_english (
        rowid INTEGER PRIMARY KEY,       -- as in search_fts
        text TEXT NOT NULL               -- the English indexed, so that it can be taken out again
    );
    CREATE TABLE index_queue (
        task TEXT NOT NULL,              -- 'words' or 'entities'
        article TEXT NOT NULL,
        PRIMARY KEY (task, article)
    ) WITHOUT ROWID;
    INSERT INTO index_queue (task, article) SELECT 'words', id FROM articles;
    INSERT INTO index_queue (task, article) SELECT 'entities', id FROM articles;
    CREATE TABLE index_meta (
        key TEXT PRIMARY KEY,            -- 'words', 'entities', 'english': what the rows were made by
        value TEXT NOT NULL
    );
    CREATE TABLE entity_names (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,        -- folded, no article, adjective endings off: "bayerisch rundfunk"
        last TEXT NOT NULL,              -- its last word: a surname finds the full name
        name TEXT NOT NULL               -- as first written in full: "Bayerischer Rundfunk"
    );
    CREATE INDEX entity_names_by_last ON entity_names (last);
    CREATE TABLE entity_mentions (
        name INTEGER NOT NULL,           -- the name an article's entity is known by there (its fullest)
        n INTEGER NOT NULL,              -- the article (search_articles.n)
        label TEXT NOT NULL,             -- its type in that article (the majority of its mentions)
        count INTEGER NOT NULL,
        block INTEGER NOT NULL,          -- where it is first mentioned: paragraph, offset in it
        offset INTEGER NOT NULL,
        PRIMARY KEY (name, n)
    ) WITHOUT ROWID;
    CREATE TABLE entity_articles (
        n INTEGER PRIMARY KEY,           -- an article indexed for entities
        names TEXT NOT NULL              -- the entity_names ids it has mentions under, space separated
    );
    CREATE TABLE entity_links (
        name INTEGER NOT NULL,           -- another name the same entity had in one article ("Putin", "BR")
        canonical INTEGER NOT NULL,      -- the name it was grouped under there ("Wladimir Putin")
        count INTEGER NOT NULL,          -- in how many articles
        PRIMARY KEY (name, canonical)
    ) WITHOUT ROWID;
    CREATE INDEX entity_links_by_canonical ON entity_links (canonical);
    CREATE INDEX translations_by_time ON translations (engine, pair, created_at);
    """,
    # issue 20: a feed's name as the reader chose it (a refresh no longer puts the feed's own title back),
    # and the feed items whose articles the reader removed, so that a refresh does not bring them back.
    """
    ALTER TABLE feeds ADD COLUMN renamed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE removed (
        source TEXT PRIMARY KEY,         -- the item's link, as articles.source held it
        feed TEXT NOT NULL,
        removed_at REAL NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
