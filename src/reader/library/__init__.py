"""The library: importing files into it, searching it, and the indexes kept up to date behind it."""
