"""E-mail settings from the environment: development needs no mail server, production
refuses links in e-mails that would follow whatever host a request named."""

from pathlib import Path

import pytest

from app.config import ConfigError, load_config

STRONG_KEY = "k" * 20 + "Z9x!" * 5
PRODUCTION = {"EGEKH_ENV": "production", "SECRET_KEY": STRONG_KEY}


def test_development_writes_e_mails_to_files_and_links_to_the_local_server(tmp_path: Path):
    config = load_config({"PORT": "5057"}, tmp_path)
    assert config["MAIL_SERVER"] == ""
    assert config["MAIL_FILE_DIR"] == str(tmp_path / "mail")
    assert config["PUBLIC_URL"] == "http://127.0.0.1:5057"


def test_smtp_settings_are_read(tmp_path: Path):
    env = {
        **PRODUCTION,
        "PUBLIC_URL": "https://egekh.example.mn/",
        "MAIL_SERVER": "smtp.example.mn",
        "MAIL_USE_SSL": "true",
        "MAIL_USERNAME": "egekh",
        "MAIL_PASSWORD": "secret",
    }
    config = load_config(env, tmp_path)
    tls = (config["MAIL_PORT"], config["MAIL_USE_SSL"], config["MAIL_USE_TLS"])
    assert tls == (465, True, False)
    assert config["PUBLIC_URL"] == "https://egekh.example.mn"
    assert config["MAIL_FROM"] == "Egekh <noreply@egekh.example.mn>"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**PRODUCTION, "MAIL_SERVER": "smtp.example.mn"}, "PUBLIC_URL is required"),
        ({"PUBLIC_URL": "egekh.example.mn"}, "PUBLIC_URL must start with"),
        ({"MAIL_USE_TLS": "sometimes"}, "MAIL_USE_TLS must be true or false"),
        ({"MAIL_USE_TLS": "yes", "MAIL_USE_SSL": "yes"}, "cannot both be true"),
        ({"MAIL_PORT": "smtp"}, "MAIL_PORT must be a whole number"),
    ],
)
def test_unsafe_or_wrong_mail_settings_stop_start_up_naming_the_variable(
    tmp_path: Path, env, message
):
    with pytest.raises(ConfigError, match=message):
        load_config(env, tmp_path)
