"""Bringing articles in from the web: fetching with limits, page extraction, feeds, OPML, known feeds.

Textual-free; the heavy libraries (requests, trafilatura, feedparser) are imported on first use.
"""
