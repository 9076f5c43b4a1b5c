"""The CLI's sub-commands, each a module with `add_arguments(parser)` and `run(args) -> int`."""
