"""Words you know: the learner's loop, per profile, Textual-free.

- `lemmas`: a token's lemma key (HanTa, cached per form), and the words of a text worth counting.
- `status`: mark words new, learning (levels 1–4), known or ignored, by lemma; finish an article.
- `counting`: each article's lemmas counted once (in the background), the per-article figures.
- `review`: review cards on the FSRS schedule (the `fsrs` package), due cards with their sentence.
- `progress`: known words, words reviewed and articles read per day.
- `importing`: word lists, Anki exports (CSV, .apkg) and the most frequent German words (`wordfreq`).

The screens call: `status.sentence_marks`, `status.mark_word`, `status.undo`, `counting.figures`,
`status.finish_article`, `review.next_card`, `review.rate`, `review.due_count`, `progress.series`,
and `reader.lookup.index.ensure` (the dictionary index, built in a worker after start-up).
"""
