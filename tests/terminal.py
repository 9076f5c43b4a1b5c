"""The real `reader` on a pseudo-terminal, read back through pyte: for what only a real process shows."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte


class Terminal:
    """`python -m reader ARGS` on a pty of `cols`x`rows`, with the environment of a plain tmux."""

    def __init__(self, args: list[str], home: Path, cols: int = 100, rows: int = 30) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "READER_HOME": str(home),
            "TERM": "xterm-256color",
            "TEXTUAL_DISABLE_KITTY_KEY": "1",
            "LANG": "C.UTF-8",
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.stream.feed(os.read(self.master, 65536))
            except OSError:  # the child has gone
                time.sleep(timeout)

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.02)
            if any(text in line for line in self.screen.display):
                return
        raise AssertionError(f"{text!r} never appeared:\n" + "\n".join(self.screen.display))

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def signal(self, signum: signal.Signals) -> None:
        self.proc.send_signal(signum)

    def wait_exit(self, timeout: float) -> float:
        """Seconds until the process exits (keeps reading, so it never blocks on a full pty)."""
        start = time.monotonic()
        while self.proc.poll() is None:
            if time.monotonic() - start > timeout:
                raise AssertionError(f"still running after {timeout} s")
            self._read(0.02)
        return time.monotonic() - start

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        os.close(self.master)
