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
