"""Enrichment: what reader adds to an article, in one place for the UI, the CLI and the export.

- `english`: an article's English (reference, memory, then the engine), with the language pair taken
  from the settings in one place, and engine comparison for one sentence.
- `entities`: an article's entities in German (recognised, cached) and in English (projected).

This package sits above `translation`, `nlp` and `store`, and below the UI, the commands and the export;
nothing below it imports it. Importing it is cheap: engines and models load on first use.
"""
