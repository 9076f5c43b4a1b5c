"""Looking up a German word: Ding indexed in the store, FreeDict read in place, lemma and compounds.

- `ding`: the Ding line format (`German | variants :: English | variants`), parsed into senses.
- `index`: Ding's full-text index in the store, built in one pass from the file (and again when it
  changes), and the headwords found through it.
- `lines`: the Ding file's lines by byte offset, mapped into memory.
- `freedict`: FreeDict's dictd files (a sorted index, a dictzip), read by binary search.
- `labels`: Ding's markup rendered as labels; how plain a sense is. `rank`: senses ranked for a word.
- `morph`: lemma and part of speech (HanTa, imported on first use) and word tokens.
- `compounds`: splitting a compound into known words, with linking s/es/n/en/er.
- `service`: `Lookup.lookup(word)`, best entries first, with the memory or engine when no dictionary.
- `gloss`: a short gloss under each word of a sentence, laid out within a width.
- `vocab`: the saved words as an Anki CSV, an Anki deck or JSON lines.

Nothing here imports Textual.
"""
