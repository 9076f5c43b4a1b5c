"""Looking up a German word: an offline Ding dictionary indexed in the store, lemma and compounds.

- `ding`: the Ding line format (`German | variants :: English | variants`), parsed into senses.
- `index`: the dictionary's index in the store, built once from the file and again when it changes.
- `morph`: lemma and part of speech (HanTa, imported on first use) and word tokens.
- `compounds`: splitting a compound into known words, with linking s/es/n/en/er.
- `service`: `Lookup.lookup(word)`, best entries first, with the memory or engine when no dictionary.
- `gloss`: a short gloss under each word of a sentence, laid out within a width.
- `vocab`: the saved words as an Anki CSV or JSON lines.

Nothing here imports Textual.
"""
