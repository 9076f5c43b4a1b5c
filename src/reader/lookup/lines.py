"""The Ding dictionary file's lines by byte offset, as the index finds them: mapped into memory once
per file (the page cache shares it between processes), sanitised as they are read."""

from __future__ import annotations

import mmap
import threading
from functools import lru_cache
from pathlib import Path

from reader.lookup.ding import MAX_LINE, clean_line


class LineReader:
    """Lines of the dictionary file by byte offset, sanitised; a file that changed reads as "".

    The file is mapped into memory once (the page cache shares it between processes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._map: mmap.mmap | None = None
        self._lock = threading.Lock()

    def _mapped(self) -> mmap.mmap | None:
        with self._lock:
            if self._map is None:
                try:
                    with self.path.open("rb") as f:
                        self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                except (OSError, ValueError):  # gone, unreadable or empty
                    return None
            return self._map

    def line(self, offset: int) -> str:
        return clean_line(self.raw(offset))

    def raw(self, offset: int) -> bytes:
        """The line's bytes as in the file (not yet sanitised)."""
        mm = self._mapped()
        if mm is None or not 0 <= offset < len(mm):
            return b""
        if offset > 0 and mm[offset - 1] != 10:  # not the start of a line: the file changed since
            return b""
        end = mm.find(b"\n", offset, offset + MAX_LINE + 1)
        return mm[offset : end if end >= 0 else min(len(mm), offset + MAX_LINE)]

    def german(self, offset: int) -> bytes:
        """The raw German side of a line, for a quick look before parsing it."""
        return self.raw(offset).partition(b" :: ")[0]

    def close(self) -> None:
        with self._lock:
            if self._map is not None:
                self._map.close()
                self._map = None


def reader_for(path: Path) -> LineReader:
    """The reader of a dictionary file, shared while the file stays the same (a new file, a new map)."""
    try:
        st = path.stat()
        version = (st.st_size, st.st_mtime_ns, st.st_ino)
    except OSError:
        version = (0, 0, 0)
    return _reader(path, version)


@lru_cache(maxsize=8)
def _reader(path: Path, version: tuple[int, int, int]) -> LineReader:
    return LineReader(path)
