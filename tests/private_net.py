"""Run inside a network namespace of its own (see test_private_addresses.py), where this machine also
holds public-looking addresses: the news site answers on them and on loopback, and reader is asked to
follow links from the public side to the private one. Prints what happened as JSON.

Nothing here leaves the namespace: it has no route to anywhere but itself.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from newssite import NewsSite
from reader.cli import main
from reader.sources.fetch import Fetcher, FetchError

PUBLIC4, PUBLIC6 = sys.argv[1], sys.argv[2]


def run(*args: str, config: str = "") -> dict[str, object]:
    """`reader ARGS` in a home of its own: its code, output and the sources it stored."""
    home = tempfile.mkdtemp()
    os.environ["READER_HOME"] = home
    os.environ.pop("READER_CONFIG", None)
    if config:
        Path(home, "config.toml").write_text(config, encoding="utf-8")
        os.environ["READER_CONFIG"] = str(Path(home, "config.toml"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    from reader import locations
    from reader.store import Store
    from reader.store.library import list_articles

    store = Store(locations.store_path())
    sources = sorted(a.source for a in list_articles(store) if "://" in a.source)
    store.close()
    return {"code": code, "out": out.getvalue(), "err": err.getvalue(), "sources": sources}


def fetch(url: str, answers: dict[str, list[list[str]]], public_only: bool = False) -> dict[str, object]:
    """Fetch with a resolver that gives each name its answers in turn (as a rebinding DNS server does)."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        turn = answers[host]
        return turn[min(len(asked) - 1, len(turn) - 1)]

    before = len(site.arrived_at)
    try:
        fetched = Fetcher(resolve=resolve, total_timeout=5).fetch(url, public_only=public_only)
        result: dict[str, object] = {"status": fetched.status, "public": fetched.public}
    except FetchError as exc:
        result = {"error": str(exc), "refused": type(exc).__name__ == "Refused"}
    result["asked"] = asked
    result["arrived_at"] = site.arrived_at[before:]
    return result


site = NewsSite("::")
threading.Thread(target=site.serve_forever, daemon=True).start()
port = site.server_address[1]
local4, local6 = f"http://127.0.0.1:{port}", f"http://[::1]:{port}"
pub4, pub6 = f"http://{PUBLIC4}:{port}", f"http://[{PUBLIC6}]:{port}"
page = "/politik/bahnstreik.html"
CASES = {
    "public to loopback": lambda: run("add", f"{pub4}/go?to={local4}{page}"),
    "public to loopback, IPv6": lambda: run("add", f"{pub6}/go?to={local6}{page}"),
    "public to loopback, IPv4 in IPv6": lambda: run(
        "add", f"{pub6}/go?to=http://[::ffff:127.0.0.1]:{port}{page}"
    ),
    "loopback to loopback": lambda: run("add", f"{local4}/go?to={local4}{page}"),
    "public feed, private items": lambda: run("add", "--feed", f"{pub4}/rss.xml"),
    "public feed, private items, allowed": lambda: run(
        "add", "--feed", f"{pub4}/rss.xml", config="[sources]\nallow_private = true\n"
    ),
    "rebinding": lambda: fetch(
        f"http://news.example:{port}{page}", {"news.example": [[PUBLIC4], ["127.0.0.1"]]}, public_only=True
    ),
    "rebinding first private": lambda: fetch(
        f"http://news.example:{port}{page}", {"news.example": [["127.0.0.1"], [PUBLIC4]]}, public_only=True
    ),
    "public and private answers": lambda: fetch(
        f"http://news.example:{port}{page}", {"news.example": [["10.1.2.3", PUBLIC4]]}, public_only=True
    ),
    "redirect to a private name": lambda: fetch(
        f"http://news.example:{port}/go?to=http://intranet.example:{port}{page}",
        {"news.example": [[PUBLIC4]], "intranet.example": [["127.0.0.1"]]},
    ),
}
results: dict[str, object] = {}
for name, case in CASES.items():
    try:
        results[name] = case()
    except Exception as exc:  # an older reader without the seam: say so, and go on with the others
        results[name] = {"crash": repr(exc)}
print(json.dumps(results))
site.shutdown()
