"""`reader serve ssh|web`: let people on other machines use the reader, over SSH or in a browser."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from reader.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from reader.serve import (
        IDLE_TIMEOUT,
        MAX_PER_ADDRESS,
        MAX_PUBLIC,
        MAX_SESSIONS,
        PUBLIC_IDLE_TIMEOUT,
    )
    from reader.serve.child import MEMORY_LIMIT_MB

    parser.description = "Serve the reader to other machines, over SSH or in a browser."
    modes = parser.add_subparsers(dest="mode", metavar="{ssh,web}", required=True)

    ssh = modes.add_parser(
        "ssh",
        help="an SSH server whose sessions each run the reader",
        description="An SSH server: each key in authorized_keys logs in to a profile of its own (named "
        "by the key's comment); with --public, anyone may also read the library, read-only. Each session "
        "runs its own reader on a pty.",
    )
    ssh.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    ssh.add_argument("--port", type=int, default=2222, help="port to listen on (default: %(default)s)")
    ssh.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="private host key (default: generated on first run under the data directory)",
    )
    ssh.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="FILE",
        default=Path("~/.ssh/authorized_keys"),
        help="public keys allowed to log in (default: %(default)s)",
    )
    ssh.add_argument(
        "--max-sessions",
        type=int,
        default=MAX_SESSIONS,
        metavar="N",
        help="sessions allowed at once (default: %(default)s)",
    )
    ssh.add_argument(
        "--idle-timeout",
        type=float,
        default=IDLE_TIMEOUT,
        metavar="S",
        help="close a session after S seconds without input, 0 for never (default: %(default)g)",
    )
    ssh.add_argument(
        "--public",
        action="store_true",
        help="also let in anyone, with any key or none (ssh -p PORT reader@HOST), to read the library "
        "read-only; nothing they do is saved",
    )
    ssh.add_argument(
        "--max-public",
        type=int,
        default=MAX_PUBLIC,
        metavar="N",
        help="public sessions allowed at once, in all (default: %(default)s)",
    )
    ssh.add_argument(
        "--max-per-address",
        type=int,
        default=MAX_PER_ADDRESS,
        metavar="N",
        help="public sessions allowed at once from one address (default: %(default)s)",
    )
    ssh.add_argument(
        "--public-idle-timeout",
        type=float,
        default=PUBLIC_IDLE_TIMEOUT,
        metavar="S",
        help="close a public session after S seconds without input, 0 for never (default: %(default)g)",
    )
    ssh.add_argument(
        "--no-fork-server",
        dest="fork_server",
        action="store_false",
        help="start each session as a new process, instead of forking it from one that has loaded the "
        "reader (slower to start, and more memory per session)",
    )
    ssh.add_argument(
        "--memory-limit",
        type=int,
        default=MEMORY_LIMIT_MB,
        metavar="MB",
        help="address space each session's reader may use, 0 for no limit (default: %(default)s)",
    )
    ssh.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="articles each session opens (default: the bundled seeds)",
    )

    web = modes.add_parser(
        "web",
        help="a web server that runs the reader in the browser",
        description="A web server (textual-serve): each browser tab runs its own reader. It prints an "
        "address with a secret token, and lets in only those who have it (--public: anyone, read-only).",
    )
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    web.add_argument("--port", type=int, default=8000, help="port to listen on (default: %(default)s)")
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use, when behind a proxy (default: http://HOST:PORT)",
    )
    web.add_argument(
        "--public",
        action="store_true",
        help="no token: anyone who can reach the server reads the library, read-only",
    )
    web.add_argument(
        "--max-sessions",
        type=int,
        default=10,
        metavar="N",
        help="sessions (browser tabs) allowed at once (default: %(default)s)",
    )
    web.add_argument(
        "--max-per-address",
        type=int,
        default=3,
        metavar="N",
        help="with --public, sessions allowed from one address (default: %(default)s)",
    )
    web.add_argument(
        "--idle-timeout",
        type=float,
        default=1800,
        metavar="S",
        help="close a session after S seconds without input, 0 for never (default: %(default)s)",
    )
    web.add_argument(
        "--memory-limit",
        type=int,
        default=MEMORY_LIMIT_MB,
        metavar="MB",
        help="address space each session's reader may use, 0 for no limit (default: %(default)s)",
    )
    web.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="articles each session opens (default: the bundled seeds)",
    )


def _paths(paths: list[Path]) -> list[Path]:
    # Sessions run elsewhere than the current directory, so pass absolute paths; fail now, not per session.
    resolved = [path.expanduser().resolve() for path in paths]
    for path in resolved:
        if not path.exists():
            raise UserError(f"no such file or directory: {path}")
    return resolved


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be between 1 and 65535, not {args.port}")
    if args.mode == "ssh":
        return _run_ssh(args)
    return _run_web(args)


def _run_ssh(args: argparse.Namespace) -> int:
    if args.max_sessions < 1:
        raise UserError("--max-sessions must be at least 1")
    if args.max_public < 1 or args.max_per_address < 1:
        raise UserError("--max-public and --max-per-address must be at least 1")
    if args.memory_limit != 0 and args.memory_limit < 768:
        raise UserError("--memory-limit must be 0 (no limit) or at least 768 MB; a reader needs about 750")
    if args.idle_timeout < 0 or args.public_idle_timeout < 0:
        raise UserError("--idle-timeout and --public-idle-timeout must be 0 (never) or more seconds")
    from reader.serve import default_command
    from reader.serve.ssh import SSHServeConfig, serve_ssh

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    logging.getLogger("reader.serve").addHandler(handler)
    paths = _paths(args.paths)
    config = SSHServeConfig(
        command=default_command(paths),
        paths=paths,
        host=args.host,
        port=args.port,
        host_key=args.host_key.expanduser() if args.host_key else None,
        authorized_keys=args.authorized_keys.expanduser(),
        max_sessions=args.max_sessions,
        idle_timeout=args.idle_timeout,
        fork_server=args.fork_server,
        public=args.public,
        max_public=args.max_public,
        max_per_address=args.max_per_address,
        public_idle_timeout=args.public_idle_timeout,
        memory_limit_mb=args.memory_limit,
    )
    try:
        serve_ssh(config)
    finally:
        logging.getLogger("reader.serve").removeHandler(handler)
    return 0


def _run_web(args: argparse.Namespace) -> int:
    if args.max_sessions < 1:
        raise UserError("--max-sessions must be at least 1")
    if args.max_per_address < 1:
        raise UserError("--max-per-address must be at least 1")
    if args.memory_limit != 0 and args.memory_limit < 256:
        raise UserError("--memory-limit must be 0 (no limit) or at least 256 MB; a reader needs about 500")
    if args.idle_timeout < 0:
        raise UserError("--idle-timeout must be 0 (never) or more seconds")
    from reader.serve import default_command
    from reader.serve.web import WebServeConfig, serve_web

    paths = _paths(args.paths)
    config = WebServeConfig(
        command=default_command(paths),
        paths=paths,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        public=args.public,
        max_sessions=args.max_sessions,
        max_per_address=args.max_per_address,
        idle_timeout=args.idle_timeout,
        memory_limit_mb=args.memory_limit,
    )
    serve_web(config)
    return 0
