"""Errors a user can cause and fix; the CLI shows them as one line, without a traceback."""


class UserError(Exception):
    """A problem with the user's input or environment, with a message that says what to do."""

    exit_code = 2


class ParseError(UserError):
    """A file could not be read as an article."""
