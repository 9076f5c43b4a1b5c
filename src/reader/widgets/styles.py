"""Component-class styles for widgets that draw with the line API."""

from __future__ import annotations

from textual.style import Style
from textual.widget import Widget


def component_style(widget: Widget, component: str) -> Style:
    """The style a component class sets itself.

    Textual's visual style drops `reverse`, which the NO_COLOR cursor needs, so it is added back here.
    """
    style = widget.get_visual_style(component, partial=True)
    if widget.get_component_styles(component).text_style.reverse:
        style = style + Style(reverse=True)
    return style
