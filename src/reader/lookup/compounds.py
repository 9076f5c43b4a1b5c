"""Splitting German compounds into words the dictionary knows.

"Verteidigungsbeamte" → Verteidigung + Beamter, "Eskalationsrisiken" → Eskalation + Risiko: each
non-final part may carry a linking element (s, es, n, en, er, or a dropped final e, "Schulbuch"),
and the last part is taken in its lemma, or the form the dictionary lists ("Beamte" → Beamter).
Hyphens split first ("US-Verteidigungsbeamte"). The split with the fewest parts wins; then the one
whose last part is best attested (a noun lemma, in a noun compound); then the longest last part.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

MIN_PART = 3
MAX_WORD = 64
_LINKS = ("", "s", "es", "n", "en", "er", "e", "-en")  # "-en": a dropped ending, not a linking element

Known = Callable[[str], bool]  # is this lower-case form a dictionary key?
Lemma = Callable[[str], str]  # the lemma of a (capitalised) word
Weight = Callable[[str], float]  # how common a (lower-case) part is: more common parts make a likelier split


def _variants(form: str) -> list[str]:
    """Forms a last part may be listed under: itself, or with a common ending changed ("Beamte" → Beamter)."""
    out = [form]
    for ending in ("r", "n", "e"):
        out.append(form + ending)
    for ending in ("en", "n", "e", "s", "es", "er"):
        if form.endswith(ending) and len(form) - len(ending) >= MIN_PART:
            out.append(form[: -len(ending)])
    return out


def head_form(part: str, known: Known, lemma: Lemma, noun: bool = True) -> tuple[str, int] | None:
    """The form under which the dictionary lists a last part, and how sure that is (0 best), or None.

    A part of a noun compound is a noun: a lemma in lower case ("Sende" → senden) counts as worse. The
    last part of an adjective compound ("zigarrenförmigen") is an adjective, in lower case.
    """
    word = part[:1].upper() + part[1:] if noun else part.lower()
    found = [c for c in _variants(word) if len(c) >= MIN_PART and known(c.lower())]
    # HanTa takes milliseconds on long nonsense tails ("Teidigungsministerium"): only ask it when the
    # tail is short (an irregular plural, "Kanäle") or already looks like a word.
    if found or len(word) <= 12:
        base = lemma(word)
        if base != word and known(base.lower()):
            found.insert(0, base)
    if not found:
        return None
    best = found[0]
    quality = (0 if best == word or best == lemma(word) else 1) + (0 if best[:1].isupper() == noun else 2)
    return best, quality


def split(word: str, known: Known, lemma: Lemma, weight: Weight | None = None) -> list[str] | None:
    """The parts of a compound, the last in the form the dictionary lists; None if it does not split.

    With `weight`, among splits into as many parts the one whose parts are the most common wins
    (Koehn and Knight's frequency-based splitting): "Linkspartei" is Link + Partei, not Link + Sparte.
    """
    if len(word) > MAX_WORD:
        return None
    noun = word[:1].isupper()
    if "-" in word:
        pieces = [p for p in word.split("-") if p]
        if len(pieces) < 2:
            return None
        parts: list[str] = []
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            if last:
                head = head_form(piece, known, lemma, noun)
                if head is not None:
                    parts.append(head[0])
                    continue
            elif known(piece.lower()):
                parts.append(piece)
                continue
            sub = split(piece, known, lemma, weight)
            if sub is not None:
                parts += sub
            elif last:
                return None
            else:  # an abbreviation or a name before the hyphen ("US-"): kept, without entries
                parts.append(piece)
        return parts
    lower = word.lower()

    @cache
    def best(start: int) -> tuple[int, int, float, int, int, tuple[str, ...]] | None:
        """The best split of word[start:]: (number of parts, head quality, -the parts' weight, -last
        length, letters taken as linking elements, parts): "Hausarzt" is Haus + Arzt, not Hau + s + Arzt."""
        rest = lower[start:]
        options: list[tuple[int, int, float, int, int, tuple[str, ...]]] = []
        if start > 0:
            head = head_form(word[start:], known, lemma, noun)
            if head is not None:
                w = -weight(head[0].lower()) if weight else 0.0
                options.append((1, head[1], w, -len(rest), 0, (head[0],)))
        for end in range(start + MIN_PART, len(lower) - MIN_PART + 1):
            stem = lower[start:end]
            for link in _LINKS:
                if link not in ("", "e", "-en") and not lower.startswith(link, end):
                    continue
                # "Schulbuch", "Finanzschulden": the part is listed with a final e or en (Schule,
                # Finanzen), which the compound drops; a linking element follows the part instead.
                dropped = link.lstrip("-") if link in ("e", "-en") else ""
                if not known(stem + dropped):
                    continue
                after = end if dropped else end + len(link)
                if after >= len(lower):
                    continue
                tail = best(after)
                if tail is not None:
                    original = word[start:end] + dropped
                    first = original[:1].upper() + original[1:]
                    links = tail[4] + (1 if link == "e" else len(link))
                    w = tail[2] - (weight(stem + dropped) if weight else 0.0)
                    options.append((tail[0] + 1, tail[1], w, tail[3], links, (first, *tail[5])))
        return min(options) if options else None

    result = best(0)
    if result is None or result[0] < 2:
        return None
    return list(result[5])
