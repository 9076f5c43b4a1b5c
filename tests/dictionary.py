"""A small dictionary in the Ding format, written for reader's tests (no line comes from Ding).

It has headwords with {m}/{f}/{n}/{pl}, `|`-separated inflections, `;` synonyms, [ugs.] labels, (…)
glosses, the parts of compounds, a line with escape sequences, a line that is not an entry and an
over-long line. Declare `pytest_plugins = ["dictionary"]` for the fixtures `ding_file` (the file) and
`ding_settings` (a config naming it, set through READER_CONFIG).
"""

from __future__ import annotations

from pathlib import Path

import pytest

LINES = [
    "# Version :: reader tests",
    "# Written for reader's tests.",
    "Haus {n} | Häuser {pl} | Reihenhaus {n} :: house | houses | terraced house",
    "Haus {n}; Zuhause {n} | nach Hause gehen :: home | to go home",
    "Risiko {n}; Wagnis {n} {+Gen.} | Risiken {pl}; Risikos {pl} | ein Risiko eingehen"
    " :: risk (of sth.) | risks | to take a risk",
    "Eskalation {f}; Verschärfung {f} (von etw.) [pol.] | Eskalationen {pl}"
    " :: escalation (of sth.) | escalations",
    "Verteidigung {f} [mil.] | Verteidigungen {pl} :: defence [Br.]; defense [Am.] | defences",
    "Beamter {m}; Staatsbeamter {m} | Beamten {pl} :: civil servant; official | civil servants; officials",
    "gehen {vi} | gehend | gegangen | er/sie geht | ich/er/sie ging"
    " :: to go {went; gone} | going | gone | he/she goes | I/he/she went",
    "sein {vi} | seiend | gewesen | er/sie/es ist | wir sind"
    " :: to be {was, were; been} | being | been | he/she/it is | we are",
    "Jahr {n} | Jahre {pl} :: year | years",
    "sagen {vt} | sagend | gesagt | er/sie sagt | ich/er/sie sagte"
    " :: to say {said; said} | saying | said | he/she says | I/he/she said",
    "Kumpel {m} [ugs.] | Kumpel {pl} :: mate [Br.] [coll.]; buddy [Am.] [coll.] | mates; buddies",
    "Schule {f} | Schulen {pl} :: school | schools",
    "Buch {n} | Bücher {pl} :: book | books",
    "Ende {n} :: end",
    "Krieg {m} | Kriege {pl} :: war | wars",
    "ehemalig; einstig {adj} :: former; erstwhile",
    "Ehemalige {m,f}; Ehemaliger {m} :: alumnus; former student",
    "die {art} (der; die; der) :: the",
    "der {art} (des; dem; den) :: the",
    "ein; eine {art} (eines, einer; einem, einer; einen) :: a; an",
    "etw. einen; vereinigen {vt} :: to unite sth.",
    "Regierung {f} [pol.] | Regierungen {pl} :: government /Gov.; Govt./ | governments",
    "russisch {adj} :: Russian",
    "Kanal {m} | Kanäle {pl} :: channel; canal | channels; canals",
    "geheim {adj} :: secret",
    "und {conj} :: and",
    "haben {vt} | habend | gehabt | er/sie hat :: to have {had; had} | having | had | he/she has",
    "sich freuen {vr} | sich freuend :: to be glad | being glad",
    "Gespräch {n} | Gespräche {pl} :: conversation; talk | conversations; talks",
    "Mitglied {n} | Mitglieder {pl} :: member | members",
    "Bösewicht {m} \x1b]0;pwned\x07\x1b[31m :: villain \x1b[2J\x9b31m",
    "a line without the separator, which is not an entry",
    "Überlang {n} | " + "x " * 9000 + " :: too long",
    "Tür {f} | Türen {pl} :: door | doors",
]


def write_dictionary(path: Path, lines: list[str] = LINES) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ding_file(tmp_path: Path) -> Path:
    return write_dictionary(tmp_path / "de-en")


@pytest.fixture
def ding_settings(tmp_path: Path, ding_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config file naming the test dictionary (and no FreeDict, whether or not one is installed)."""
    config = tmp_path / "config.toml"
    config.write_text(f'[lookup]\ndictionary = "{ding_file}"\nfreedict = "none"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    return config


# A small FreeDict-style dictionary (dictd format, written for these tests; no entry comes from FreeDict):
# keys in lower case, several entries under one key, an example line, a synonym and a "see:" line.
FREEDICT_ENTRIES = [
    ("haus", 'Haus /hˈaʊs/ <neut, n, sg>\nhouse <n>\n      "ein Haus bauen"  - build a house\n'),
    ("haus", "Haus /hˈaʊs/ <neut, n, sg>\n [ugs.]  [mus.] volta bracket <n>\n   Synonym: {Voltenklammer}\n"),
    ("polizei", "Polizei /pɔlɪtsˈaɪ/ <fem, n, sg>\npolice <n>, constabulary <n> [Br.]\n see: {Polizist}\n"),
    ("bzw", "beziehungsweise /bətsˈiːʊŋsvˌaɪzə/ (bzw.) <conj>\nrespectively <conj>\n"),
    ("offenbar", "offenbar <adv>\napparently <adv>, evidently <adv>\n"),
    ("offenbar", "offenbar <adj>\nmanifest <adj>\n"),
    ("zwielicht", "Zwielicht <neut, n, sg>\n\x1b]0;pwned\x07twilight \x1b[2J<n>\n"),
]
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if not n:
            return out


def write_freedict(folder: Path, *, compress: bool = True, chunk: int = 64) -> Path:
    """Write `folder/test-deu-eng.index` and its `.dict.dz` (dictzip, in chunks of `chunk` bytes so an
    entry spans several) or plain `.dict`; returns the index's path."""
    import struct
    import zlib

    folder.mkdir(parents=True, exist_ok=True)
    body, rows = b"", []
    for key, text in FREEDICT_ENTRIES:
        data = text.encode("utf-8")
        rows.append((key.encode("utf-8"), f"{key}\t{_b64(len(body))}\t{_b64(len(data))}\n"))
        body += data
    rows.sort(key=lambda r: r[0])  # bytewise, as dictfmt sorts
    index = folder / "test-deu-eng.index"
    index.write_text("".join(r[1] for r in rows), encoding="utf-8")
    if not compress:
        (folder / "test-deu-eng.dict").write_bytes(body)
        return index
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)]
    compressed = []
    for n, piece in enumerate(pieces):
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        compressed.append(
            z.compress(piece) + z.flush(zlib.Z_FINISH if n == len(pieces) - 1 else zlib.Z_FULL_FLUSH)
        )
    table = struct.pack("<HHH", 1, chunk, len(pieces)) + b"".join(
        struct.pack("<H", len(c)) for c in compressed
    )
    extra = b"RA" + struct.pack("<H", len(table)) + table
    header = b"\x1f\x8b\x08" + bytes([4 | 8]) + b"\x00\x00\x00\x00\x02\x03" + struct.pack("<H", len(extra))
    trailer = struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
    (folder / "test-deu-eng.dict.dz").write_bytes(
        header + extra + b"test.dict\x00" + b"".join(compressed) + trailer
    )
    return index


@pytest.fixture
def freedict_file(tmp_path: Path) -> Path:
    return write_freedict(tmp_path / "freedict")
