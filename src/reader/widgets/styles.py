"""Styles shared by the widgets: the entity colours, and component-class styles for line-API widgets.

Entities are drawn as chips: black text on a light background of the type's colour. Each background
is a colour of the xterm 256-colour cube, so a terminal without truecolor shows exactly the same
colour (Textual would otherwise round a tint to the nearest cube colour, which for faint tints is the
page's own background), and each lands on a different bright colour of the 16-colour palette. The
chip carries its own foreground, so it reads the same on a dark or a light theme and inside the
cursor sentence. Under NO_COLOR entities are underlined instead (`entity_chip`).

Words you know (`word_mark`): a new word is underlined, a word in learning is coloured by its level,
known and ignored words are plain. Only the text's colour changes, never the background, so the cursor
sentence's band and the entity chips stay as they are. The colours, one set for dark themes and one for
light ones, are colours of the xterm 256-colour cube, each readable (contrast 4.5 or more) on the page,
the cursor sentence and the focused cursor sentence, and they go from warm (just met) to cool (nearly
known). Under NO_COLOR a word in learning is in italics.
"""

from __future__ import annotations

from functools import cache

from textual.color import Color
from textual.style import Style
from textual.widget import Widget

ENTITY_TEXT = "#000000"
# label -> chip background; in 256 colours: 210, 113, 117, 221; in 16: bright red, green, cyan, yellow.
ENTITY_BACKGROUNDS = {"PER": "#ff8787", "LOC": "#87d75f", "ORG": "#87d7ff", "MISC": "#ffd75f"}


# learning level -> the text's colour. Dark themes: orange, yellow, lime, aqua (in 256 colours 215, 221, 148,
# 80; in 16, bright yellow for 1-3 and bright cyan for 4). Light themes: maroon, then blues deepening towards
# the text's own black (52, 19, 18, 17; in 16, red, then blue).
LEARNING_DARK = {1: "#ffaf5f", 2: "#ffd75f", 3: "#afd700", 4: "#5fd7d7"}
LEARNING_LIGHT = {1: "#5f0000", 2: "#0000af", 3: "#000087", 4: "#00005f"}
NEW_WORD = Style(underline=True)
LEARNING_NO_COLOR = Style(italic=True)


@cache  # one style per status and level, not one per word
def word_mark(status: str, level: int, *, dark: bool = True, no_color: bool = False) -> Style | None:
    """How the German pane marks a word of this status (None: not at all, as for known words)."""
    from reader.store.words import LEARNING, NEW  # loaded with the statuses, after the first frame

    if status == NEW:
        return NEW_WORD
    if status != LEARNING:
        return None
    if no_color:
        return LEARNING_NO_COLOR
    colours = LEARNING_DARK if dark else LEARNING_LIGHT
    return Style(foreground=Color.parse(colours[min(max(level, 1), len(colours))]))


def entity_style(label: str) -> str:
    """A label's chip as a Textual style string, for `Content.styled`."""
    return f"{ENTITY_TEXT} on {ENTITY_BACKGROUNDS[label]}"


def entity_chip(label: str, no_color: bool = False) -> Style:
    """A label's chip as a style for the line API; underlined instead under NO_COLOR. Fixed colours, so
    no CSS: a rule per label would be styled for every pane at start-up for nothing."""
    if no_color:
        return Style(underline=True)
    background = ENTITY_BACKGROUNDS.get(label)
    if background is None:
        return Style()
    return Style(foreground=Color.parse(ENTITY_TEXT), background=Color.parse(background))


def component_style(widget: Widget, component: str) -> Style:
    """The style a component class sets itself.

    Textual's partial visual style drops `reverse`, which the NO_COLOR cursor needs, and an opaque
    background (it blends it in with a weight of 1 - alpha, which is 0), which the entity chips need:
    both are added back here.
    """
    style = widget.get_visual_style(component, partial=True)
    styles = widget.get_component_styles(component)
    if styles.has_rule("background") and styles.background.a == 1:
        style = style + Style(background=styles.background)
    if styles.text_style.reverse:
        style = style + Style(reverse=True)
    return style
