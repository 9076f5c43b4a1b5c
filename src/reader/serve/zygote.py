"""The fork server: one process that has imported what sessions need, forking one child per session.

`reader serve ssh` starts it as `python -m reader.serve.zygote FD [--preload SPEC ...]`, FD being its
end of a SOCK_SEQPACKET socket pair. It imports each SPEC (`module`, or `module:function` to call as
well), freezes the garbage collector so that those pages stay shared with every child, says it is
ready, and serves one JSON message at a time:

    server → here: {"id", "argv", "env", "cwd", "memory_limit"} with the pty's slave side (SCM_RIGHTS)
    here → server: {"id", "pid"} with a pidfd for the child (SCM_RIGHTS), or {"id", "error"};
                   {"exit": pid, "status": returncode} once it has reaped the child

The child becomes the session's process: a new session with the pty as its controlling terminal,
stdin, stdout and stderr on it, the session's environment, folder and memory limit, and only then
the command, run as `python` runs it (`-m MODULE`, `-c CODE` or a script). Preloading reads no
library or reader state, so every session starts from the present.

The zygote ends when the server closes its end. Stdlib only: the server imports this module too, for
`runnable`, and it must stay quick to import.
"""

from __future__ import annotations

import argparse
import builtins
import fcntl
import gc
import importlib
import io
import json
import os
import resource
import runpy
import selectors
import socket
import sys
import termios
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

MAX_MESSAGE = 256 * 1024  # a request carries the session's environment; far below this


def runnable(argv: Sequence[str]) -> bool:
    """Whether a fork server of this Python can run `argv`: `python -m M …`, `python -c C …` or a script."""
    if len(argv) < 2 or argv[0] != sys.executable:
        return False
    if argv[1] in ("-m", "-c"):
        return len(argv) >= 3
    return not argv[1].startswith("-")


def send(sock: socket.socket, message: Mapping[str, Any], fds: Sequence[int] = ()) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)


def receive(sock: socket.socket, max_fds: int = 1) -> tuple[dict[str, Any] | None, list[int]]:
    """One message and the descriptors that came with it; (None, []) once the other end has closed."""
    data, fds, flags, _ = socket.recv_fds(sock, MAX_MESSAGE, max_fds)
    if not data and not fds:
        return None, []
    if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
        for fd in fds:
            os.close(fd)
        raise ValueError("a message was cut short")
    return json.loads(data), fds


@dataclass
class Session:
    """What a forked child is to become, set up by `run` in the child."""

    argv: list[str]
    env: dict[str, str]
    cwd: str | None
    memory_limit: int | None
    pty: int

    def run(self) -> NoReturn:
        """Become the session's process, then run its command; interpreter exit happens as usual."""
        try:
            self._become_session()
        except (OSError, ValueError) as exc:  # a folder gone, a limit above the hard one
            os.write(2, f"reader: the session could not be set up: {exc}\r\n".encode())
            os._exit(1)
        gc.enable()
        run_python(self.argv)
        raise SystemExit(0)

    def _become_session(self) -> None:
        os.setsid()
        fcntl.ioctl(self.pty, termios.TIOCSCTTY, 0)  # without it resizes and hang-ups never reach us
        for fd in (0, 1, 2):
            os.dup2(self.pty, fd)  # Textual draws on stderr, so it must be the pty too
        if self.pty > 2:
            os.close(self.pty)
        if self.cwd:
            os.chdir(self.cwd)
        os.environ.clear()
        os.environ.update(self.env)
        if self.memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (self.memory_limit, self.memory_limit))
        # Python set its standard streams up for the zygote's own stdout (not a terminal): on a
        # terminal stdout is line-buffered.
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(line_buffering=True)


def run_python(argv: Sequence[str]) -> None:
    """Run `python ARGS` here, as the interpreter would have: `-m MODULE`, `-c CODE` or `SCRIPT`."""
    args = list(argv[1:])
    if args[0] == "-m":
        sys.argv = [args[1], *args[2:]]
        sys.path[0] = os.getcwd()
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    elif args[0] == "-c":
        sys.argv = ["-c", *args[2:]]
        sys.path[0] = ""
        main = types.ModuleType("__main__")
        main.__dict__["__builtins__"] = builtins
        sys.modules["__main__"] = main
        exec(compile(args[1], "<string>", "exec"), main.__dict__)
    else:
        sys.argv = args
        sys.path[0] = os.path.dirname(os.path.abspath(args[0]))
        runpy.run_path(args[0], run_name="__main__")


def preload(spec: str) -> None:
    """Import `module`, and for `module:function` call it too."""
    module_name, _, function = spec.partition(":")
    module = importlib.import_module(module_name)
    if function:
        getattr(module, function)()


def serve(sock: socket.socket) -> Session:
    """Answer requests until the server closes its end (then exit); returns only in a forked child."""
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ, None)
    send(sock, {"ready": os.getpid()})
    while True:
        for key, _ in selector.select():
            if key.data is not None:  # a child's pidfd: it has ended
                selector.unregister(key.fd)
                os.close(key.fd)
                _, status = os.waitpid(key.data, 0)
                send(sock, {"exit": key.data, "status": os.waitstatus_to_exitcode(status)})
                continue
            message, fds = receive(sock)
            if message is None:
                raise SystemExit(0)  # the server has gone or closed us
            if len(fds) != 1:
                for fd in fds:
                    os.close(fd)
                send(sock, {"id": message.get("id"), "error": "no pty came with the request"})
                continue
            session = Session(
                argv=list(message["argv"]),
                env=dict(message["env"]),
                cwd=message.get("cwd"),
                memory_limit=message.get("memory_limit"),
                pty=fds[0],
            )
            gc.freeze()  # whatever was allocated since the last fork stays shared too
            try:
                pid = os.fork()
            except OSError as exc:
                os.close(session.pty)
                send(sock, {"id": message["id"], "error": f"cannot fork: {exc.strerror or exc}"})
                continue
            if pid == 0:
                # The child keeps none of the zygote's descriptors: not its socket, nor the pidfds
                # of other sessions' processes. (Preloading opens no file that stays open.)
                for other in list(selector.get_map().values()):
                    if other.data is not None:
                        os.close(other.fd)
                selector.close()
                sock.close()
                return session
            os.close(session.pty)
            pidfd = os.pidfd_open(pid)  # before anyone could reap it: it names this very process
            selector.register(pidfd, selectors.EVENT_READ, pid)
            send(sock, {"id": message["id"], "pid": pid}, [pidfd])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m reader.serve.zygote")
    parser.add_argument("fd", type=int, help="this process's end of the socket pair")
    parser.add_argument("--preload", action="append", default=[], metavar="MODULE[:FUNCTION]")
    args = parser.parse_args(argv)
    sock = socket.socket(fileno=args.fd)
    sock.setblocking(True)
    gc.disable()  # no collection may leave holes in (and so copy) the pages the children share
    for spec in args.preload:
        preload(spec)
    if len(os.listdir("/proc/self/task")) > 1:  # a fork copies other threads' locks, mid-use
        raise SystemExit(f"reader: fork server: preloading {args.preload} started threads; cannot fork")
    gc.collect()
    gc.freeze()
    try:
        session = serve(sock)
    except (BrokenPipeError, ConnectionResetError):
        raise SystemExit(0) from None
    session.run()


if __name__ == "__main__":
    main()
