"""The Telegram settings: a webhook is never left open without its secret."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings


def test_a_webhook_without_a_secret_fails_at_start_saying_what_to_set() -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(_env_file=None, webhook_url="https://bot.example.com/telegram")  # type: ignore[call-arg]


def test_the_secret_must_be_one_telegram_accepts() -> None:
    with pytest.raises(ValidationError, match="A-Z, a-z, 0-9"):
        Settings(_env_file=None, webhook_url="https://bot.example.com/t", webhook_secret="no spaces!")  # type: ignore[call-arg]


def test_the_defaults_talk_to_telegram_itself_by_long_polling() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.webhook_url is None
