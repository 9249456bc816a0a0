"""Configuration: safe defaults in development, refusal of unsafe production setups."""

from pathlib import Path

import pytest

from app.config import ConfigError, load_config, normalise_database_url

STRONG_KEY = "k" * 20 + "Z9x!" * 5


def test_development_generates_and_keeps_a_secret_key(tmp_path: Path):
    first = load_config({}, tmp_path)
    second = load_config({}, tmp_path)
    assert len(first["SECRET_KEY"]) >= 32
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_under_instance(tmp_path: Path):
    config = load_config({}, tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'egekh.db'}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_plain_postgres_urls_use_the_shipped_driver(url, expected):
    assert normalise_database_url(url) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EGEKH_ENV": "production"}, "SECRET_KEY is required"),
        ({"EGEKH_ENV": "production", "SECRET_KEY": "short"}, "too weak"),
        ({"EGEKH_ENV": "production", "SECRET_KEY": "changeme"}, "too weak"),
        ({"EGEKH_ENV": "staging"}, "EGEKH_ENV must be one of"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"LANGUAGES": "mn,fr"}, "LANGUAGES"),
        ({"PORT": "http"}, "whole numbers"),
        ({"PORT": "70000"}, "PORT"),
        ({"PRIVACY_K": "0"}, "PRIVACY_K"),
    ],
)
def test_unsafe_configuration_is_refused_with_a_reason(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message):
        load_config(env, tmp_path)


def test_production_with_a_strong_key_has_secure_cookies(tmp_path):
    config = load_config({"EGEKH_ENV": "production", "SECRET_KEY": STRONG_KEY}, tmp_path)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert not (tmp_path / "secret_key").exists()


def test_production_never_falls_back_to_a_generated_key(tmp_path):
    (tmp_path / "secret_key").write_text("x" * 64)
    with pytest.raises(ConfigError):
        load_config({"EGEKH_ENV": "production"}, tmp_path)


def test_the_app_refuses_to_start_in_unsafe_production(monkeypatch):
    from app import create_app

    monkeypatch.setenv("EGEKH_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
