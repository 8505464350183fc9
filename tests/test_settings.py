"""One settings object, read from the environment once and passed on."""

from __future__ import annotations

import dataclasses

import pytest

from quotegraph.settings import DEFAULT_DB, DEFAULT_MAX_BODY, Settings


def test_settings_from_env_reads_every_variable() -> None:
    env = {"QUOTEGRAPH_DB": "corpus.sqlite", "QUOTEGRAPH_API_KEY": "w", "QUOTEGRAPH_READ_KEY": "r",
           "QUOTEGRAPH_MAX_BODY": " 1234 "}
    assert Settings.from_env(environ=env) == Settings(db="corpus.sqlite", api_key="w", read_key="r", max_body=1234)


@pytest.mark.parametrize("max_body", ["", "lots", "-5", "1e6"])
def test_settings_defaults_for_unset_empty_or_unreadable_values(max_body: str) -> None:
    env = {"QUOTEGRAPH_DB": "", "QUOTEGRAPH_API_KEY": "", "QUOTEGRAPH_MAX_BODY": max_body}
    s = Settings.from_env(environ=env)
    assert (s.db, s.api_key, s.read_key, s.max_body) == (None, None, None, DEFAULT_MAX_BODY)
    assert s.db_url == DEFAULT_DB


def test_settings_db_option_overrides_the_environment() -> None:
    env = {"QUOTEGRAPH_DB": "env.sqlite", "QUOTEGRAPH_API_KEY": "w"}
    assert Settings.from_env("cli.sqlite", environ=env).db == "cli.sqlite"
    s = Settings.from_env(environ=env)
    assert s.with_db("cli.sqlite") == Settings(db="cli.sqlite", api_key="w")
    assert s.with_db(None) is s


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().db = "x"  # type: ignore[misc]


def test_current_settings_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotegraph import settings

    monkeypatch.setenv("QUOTEGRAPH_READ_KEY", "first")
    settings.current.cache_clear()
    try:
        assert settings.current().read_key == "first"
        monkeypatch.setenv("QUOTEGRAPH_READ_KEY", "second")
        assert settings.current() is settings.current() and settings.current().read_key == "first"
    finally:
        settings.current.cache_clear()
