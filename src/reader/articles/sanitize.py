"""The one sanitiser for untrusted text: escape sequences and control characters never reach a terminal."""

from __future__ import annotations

import re

# Order matters: whole sequences go first, then any lone introducer or control character left over.
_SEQUENCES = re.compile(
    r"""
      \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?     # OSC ... BEL/ST (title, hyperlinks, clipboard)
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?       # C1 OSC
    | \x1b[P_^X][^\x1b\x9c]*(?:\x1b\\|\x9c)?          # DCS, APC, PM, SOS ... ST
    | [\x90\x9e\x9f\x98][^\x1b\x9c]*(?:\x1b\\|\x9c)?  # the same, C1 introduced
    | \x1b\[[0-?]*[ -/]*[@-~]?                        # CSI
    | \x9b[0-?]*[ -/]*[@-~]?                          # C1 CSI
    | \x1b[ -/]*[0-~]?                                # any other ESC sequence
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides that can reorder what
# a reader sees ("Trojan Source").
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str) -> str:
    """Return `text` without escape sequences or control characters other than `\\t` and `\\n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEQUENCES.sub("", text)
    return _CONTROLS.sub("", text)
