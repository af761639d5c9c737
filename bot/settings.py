"""Settings, read once at start: the environment beats ``.env``, which beats the defaults."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.context import HandlerConfig
from handlers.i18n import LANGUAGES


class Settings(BaseSettings):
    """Every setting, with its environment variable in upper case (``DATABASE_URL``…)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    telegram_token: SecretStr | None = Field(
        default=None, description="Bot token from @BotFather; unset opens the console chat."
    )
    database_url: str = Field(default="sqlite+aiosqlite:///var/dealerbot.db", description="SQLAlchemy async URL.")
    default_language: str = Field(default="zh-CN", description="Language for people whose client says none we speak.")
    store_name: str = Field(default="Xinghe Motors 星河汽车", description="The dealership's name, used in greetings.")
    timezone: str = Field(default="Asia/Shanghai", description="The store's time zone (IANA name).")
    flow_timeout_hours: int = Field(default=24, ge=1, description="An unfinished flow older than this starts over.")
    max_question_chars: int = Field(default=500, ge=20, description="Longer questions are declined politely.")
    log_level: str = Field(default="INFO", description="Python logging level.")

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}")
        return value

    def handler_config(self) -> HandlerConfig:
        """The part of the settings the flows read."""
        return HandlerConfig(
            default_language=self.default_language,
            store_name=self.store_name,
            flow_timeout=timedelta(hours=self.flow_timeout_hours),
            max_question_chars=self.max_question_chars,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, loaded on first use."""
    return Settings()
