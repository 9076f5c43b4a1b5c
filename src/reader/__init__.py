"""reader: read German news beside its English translation, in the terminal."""

__version__ = "0.1.0"
