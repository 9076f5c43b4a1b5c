"""The pieces of translation: chunk planning, answer splitting, failure classification, engine config."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import requests
from deep_translator import exceptions as dt

from reader.errors import UserError
from reader.settings import Settings, TranslationSettings
from reader.translation import transport
from reader.translation.chunks import plan, split_answer, split_long
from reader.translation.engines import check_engine, make_engine, usable_engines
from reader.translation.failures import classify, failure_reason
from reader.translation.transport import Exchange

# --- chunks ----------------------------------------------------------------------------------------------


def test_plan_packs_lines_up_to_the_limit_in_order() -> None:
    texts = [f"Satz {i} " + "x" * 90 for i in range(40)]
    chunks = plan(texts, 1500)
    assert [line.item for chunk in chunks for line in chunk] == list(range(40))
    assert all(len("\n".join(line.text for line in chunk)) <= 1500 for chunk in chunks)
    assert len(chunks) == 3  # 40 lines of ~97 characters: 15 per chunk


def test_plan_cuts_a_text_longer_than_the_limit_at_spaces() -> None:
    long = " ".join(["Wort"] * 100)  # 499 characters
    chunks = plan(["kurz", long], 120)
    lines = [line for chunk in chunks for line in chunk]
    parts = [line for line in lines if line.item == 1]
    assert len(parts) > 1 and all(p.parts == len(parts) for p in parts)
    assert " ".join(p.text for p in parts) == long
    assert all(len(p.text) <= 120 for p in parts)


def test_split_long_cuts_a_word_longer_than_the_limit() -> None:
    assert split_long("a " + "b" * 25, 10) == ["a", "b" * 10, "b" * 10, "b" * 5]


@pytest.mark.parametrize(
    ("answer", "expected", "lines"),
    [
        ("A\nB\nC", 3, ["A", "B", "C"]),
        ("A\r\nB\r\n", 2, ["A", "B"]),
        ("  A \n B  ", 2, ["A", "B"]),
        ("A\nB", 3, None),
        ("A\n\nC", 3, None),
        ("A\nB", 1, ["A B"]),
        ("", 1, None),
        (None, 1, None),
        (["A\nB", "alt"], 2, ["A", "B"]),
    ],
)
def test_split_answer(answer: object, expected: int, lines: list[str] | None) -> None:
    assert split_answer(answer, expected) == lines


# --- failures --------------------------------------------------------------------------------------------


def _refused() -> tuple[requests.ConnectionError, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    try:
        requests.get(f"http://127.0.0.1:{port}/", timeout=1)
    except requests.ConnectionError as exc:
        return exc, port
    raise AssertionError("the port answered")


@pytest.mark.parametrize(
    ("exc", "exchange", "reason"),
    [
        (requests.ReadTimeout(), Exchange(url="http://h:1/x"), "timed out: no answer from h:1"),
        (requests.ConnectTimeout(), Exchange(url="http://h:1/x"), "timed out: no answer from h:1"),
        (dt.TooManyRequests(), Exchange(status=429), "rate-limited: HTTP 429"),
        (dt.ServerException(429), None, "rate-limited"),
        (dt.RequestError(), Exchange(status=500), "server error: HTTP 500"),
        (dt.ServerException(503), Exchange(status=503), "server error: HTTP 503"),
        (dt.AuthorizationException("k"), Exchange(status=403), "bad key: HTTP 403"),
        (dt.ServerException(456), Exchange(status=456), "rate-limited: quota used up (HTTP 456)"),
        (dt.TranslationNotFound("x"), Exchange(status=200), "malformed response: TranslationNotFound"),
        (KeyError("translatedText"), Exchange(status=200), "malformed response: KeyError"),
        (dt.MicrosoftAPIerror({"code": 401000, "message": "bad"}), Exchange(status=200), "bad key"),
        (dt.MicrosoftAPIerror({"code": 429001, "message": "slow"}), Exchange(status=200), "rate-limited"),
    ],
)
def test_failure_reason(exc: BaseException, exchange: Exchange | None, reason: str) -> None:
    assert failure_reason(exc, exchange) == reason


def test_refused_connection_is_offline_and_not_retried() -> None:
    exc, port = _refused()
    failure = classify(exc)
    assert failure.message == f"offline: cannot reach 127.0.0.1:{port}"
    assert not failure.retryable


def test_transport_error_wins_over_what_the_engine_made_of_it() -> None:
    # Microsoft logs a timeout, then fails on None.json(): the transport's record says what happened.
    exchange = Exchange(url="http://h:1/", error=requests.ReadTimeout())
    failure = classify(AttributeError("'NoneType' object has no attribute 'json'"), exchange)
    assert failure.message == "timed out: no answer from h:1"
    assert failure.retryable


def test_a_server_quoted_in_a_reason_cannot_inject_escapes() -> None:
    exc = dt.MicrosoftAPIerror({"code": 400000, "message": "bad\n\x1b]0;pwned\x07 request"})
    reason = failure_reason(exc, Exchange(status=200))
    assert reason.startswith("server error: ") and "\x1b" not in reason and "\n" not in reason


def test_retry_after_is_kept() -> None:
    assert classify(dt.TooManyRequests(), Exchange(status=429, retry_after=3.0)).retry_after == 3.0


# --- engines ---------------------------------------------------------------------------------------------


def test_unknown_engine_is_a_user_error() -> None:
    with pytest.raises(UserError, match="unknown translation engine 'bing'; choose one of: google"):
        check_engine(Settings(), "bing")


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("deepl", "engine deepl needs api_key in [engines.deepl] of the config (or set DEEPL_API_KEY)"),
        ("microsoft", "engine microsoft needs api_key"),
        ("libre", "engine libre needs url or api_key"),
        ("baidu", "engine baidu needs appid"),
    ],
)
def test_missing_key_is_a_user_error(name: str, advice: str) -> None:
    with pytest.raises(UserError) as info:
        make_engine(Settings(), name)
    assert str(info.value).startswith(advice)


def test_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_API_KEY", "abc:fx")
    engine = make_engine(Settings(), "deepl")
    engine.prepare()  # builds the deep-translator object; no request
    translator = engine._translator()
    assert translator.api_key == "abc:fx"
    assert "api-free.deepl.com" in translator._base_url  # a ":fx" key is a free-API key


def test_engines_take_their_url_from_the_config() -> None:
    settings = Settings(
        engines={
            "google": {"url": "http://127.0.0.1:1/m"},
            "libre": {"url": "http://127.0.0.1:2"},
            "microsoft": {"api_key": "k", "url": "http://127.0.0.1:3/t", "region": "westeurope"},
        }
    )
    assert make_engine(settings, "google")._translator()._base_url == "http://127.0.0.1:1/m"
    assert make_engine(settings, "libre")._translator()._base_url == "http://127.0.0.1:2/"
    microsoft = make_engine(settings, "microsoft")._translator()  # no language-list request
    assert microsoft._base_url == "http://127.0.0.1:3/t"
    assert microsoft.headers["Ocp-Apim-Subscription-Region"] == "westeurope"


def test_mymemory_gets_regional_codes() -> None:
    translator = make_engine(Settings(), "mymemory")._translator()
    assert (translator._source, translator._target) == ("de-DE", "en-GB")


def test_an_unsupported_language_is_a_user_error() -> None:
    settings = Settings(translation=TranslationSettings(source="xx"))
    with pytest.raises(UserError, match="engine google"):
        make_engine(settings, "google").prepare()


def test_usable_engines_are_the_chosen_one_then_the_configured_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(
        translation=TranslationSettings(engine="libre"),
        engines={"libre": {"url": "u"}, "mymemory": {}, "microsoft": {"region": "no key"}},
    )
    assert usable_engines(settings) == ["libre"]
    settings.engines["mymemory"] = {"email": "a@b.c"}
    monkeypatch.setenv("DEEPL_API_KEY", "k")
    assert usable_engines(settings) == ["libre", "deepl", "mymemory"]


# --- transport -------------------------------------------------------------------------------------------


def test_deep_translator_modules_get_the_stand_in_and_nothing_else_does() -> None:
    import deep_translator.google
    import deep_translator.libre

    transport.install()
    assert deep_translator.google.requests is transport.STAND_IN
    assert deep_translator.libre.requests is transport.STAND_IN
    assert requests.get is not transport.STAND_IN.get
    assert transport.STAND_IN.exceptions is requests.exceptions  # engines catch requests' exceptions


def test_importing_translation_is_cheap() -> None:
    code = (
        "import sys, reader.translation.service, reader.translation.engines, reader.commands.translate;"
        "print(any(m.startswith(('deep_translator', 'textual')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
