"""Settings, read once at start: the environment beats ``.env``, which beats the defaults.

A value that cannot work (an unknown time zone or log level, a key in ``.env``
that is no setting, often a typo) stops the program at start with
:class:`SettingsError`, whose message names the variable in one sentence.
"""

from __future__ import annotations

import logging
import re
from datetime import time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.aftercare import DEFAULT_LETTERS, AftercareConfig
from handlers.business_hours import BusinessHours
from handlers.context import DeskAddress, HandlerConfig, ReplyTemplate
from handlers.i18n import CHINESE, ENGLISH, LANGUAGES

DEFAULT_TEMPLATES = Path(__file__).with_name("reply_templates.yaml")
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Every setting, with its environment variable in upper case (``DATABASE_URL``…)."""

    # "forbid" refuses unknown keys in .env; unknown environment variables are simply not read.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="forbid", frozen=True)

    telegram_token: SecretStr | None = Field(
        default=None, description="Bot token from @BotFather; unset opens the console chat."
    )
    telegram_base_url: str = Field(
        default="https://api.telegram.org/bot", description="Bot API address (a local Bot API server, tests)."
    )
    telegram_base_file_url: str = Field(
        default="https://api.telegram.org/file/bot", description="Bot API address for file downloads."
    )
    admin_chat_id: int | None = Field(default=None, description="Telegram chat told about errors.")
    webhook_url: str | None = Field(default=None, description="Public HTTPS address of the webhook; unset polls.")
    webhook_secret: SecretStr | None = Field(
        default=None, description="Secret Telegram sends with each webhook request; required with WEBHOOK_URL."
    )
    webhook_listen: str = Field(default="127.0.0.1", description="Address the webhook server listens on.")
    webhook_port: int = Field(default=8080, ge=1, le=65535, description="Port the webhook server listens on.")
    database_url: str = Field(default="sqlite+aiosqlite:///var/dealerbot.db", description="SQLAlchemy async URL.")
    default_language: str = Field(default="zh-CN", description="Language for people whose client says none we speak.")
    store_name: str = Field(default="Xinghe Motors 星河汽车", description="The dealership's name, used in greetings.")
    timezone: str = Field(default="Asia/Shanghai", description="The store's time zone (IANA name).")
    flow_timeout_hours: int = Field(default=24, ge=1, description="An unfinished flow older than this starts over.")
    max_question_chars: int = Field(default=500, ge=20, description="Longer questions are declined politely.")
    log_level: str = Field(default="INFO", description="Python logging level.")
    match_answer_threshold: float = Field(
        default=0.90, ge=0, le=1.01, description="FAQ confidence at which the bot answers (until `kb tune` stores one)."
    )
    match_suggest_threshold: float = Field(
        default=0.30, ge=0, le=1.01, description="FAQ choice confidence at which the bot offers three choices."
    )
    semantic_matching: Literal["auto", "off"] = Field(
        default="auto", description="FAQ sentence-embedding stage: auto = on when the semantic extra is installed."
    )
    booking_catalogue: Path | None = Field(
        default=None, description="Services/hours YAML loaded at the first start (default: the packaged one)."
    )
    job_interval_seconds: float = Field(default=5.0, gt=0, description="How often the job runner looks for due jobs.")
    hotline: str = Field(default="400-820-1888", description="The service hotline customers are told to call.")
    staff_chat_id: int | None = Field(default=None, description="Telegram id of the staff desk group.")
    admin_ids: list[int] = Field(
        default_factory=list, description="Telegram user ids made admins at start, as a JSON list: [123, 456]."
    )
    desk_language: str = Field(default="zh-CN", description="Language of the bot's texts on the staff desk.")
    desk_opens: time = Field(default=time(8, 30), description="When the service desk opens (local time).")
    desk_closes: time = Field(default=time(18, 0), description="When the service desk closes (local time).")
    desk_weekdays: str = Field(
        default="0123456", description="Weekdays the desk works, 0 = Monday; China's adjusted working days are added."
    )
    desk_closed_on_holidays: bool = Field(default=True, description="Close the desk on Chinese public holidays.")
    first_response_minutes: int = Field(
        default=15, ge=1, description="Business minutes before an unanswered ticket pings the desk again."
    )
    reply_templates_file: Path = Field(
        default=DEFAULT_TEMPLATES, description="YAML file of canned replies for staff (title, zh, en)."
    )
    followup_delay_hours: float = Field(
        default=24, ge=0, description="Hours after a visit is done before its survey goes (moved into desk hours)."
    )
    followup_reminder_hours: float = Field(
        default=48, gt=0, description="Hours after the survey before one reminder if the overall score is missing."
    )
    followup_max_age_days: int = Field(
        default=7, ge=0, description="Visits older than this (an import of old orders) get no survey."
    )
    visits_import_mode: Literal["strict", "lenient"] = Field(
        default="strict", description="strict: any bad row imports nothing; lenient: import the good rows."
    )
    thank_you_letter_zh: str = Field(
        default=DEFAULT_LETTERS[CHINESE], description="New-car letter in Chinese; {store}, {plate}, {hotline}."
    )
    thank_you_letter_en: str = Field(
        default=DEFAULT_LETTERS[ENGLISH], description="New-car letter in English; {store}, {plate}, {hotline}."
    )
    first_service_months: int = Field(default=3, ge=1, description="A new car's first service is due after this.")
    first_service_km: int = Field(default=5000, ge=100, description="…or at this mileage, whichever comes first.")
    first_service_notice_days: int = Field(
        default=7, ge=0, description="Days before the first service falls due that the owner is reminded."
    )
    mileage_check_days: int = Field(
        default=30, ge=1, description="Days after delivery that the owner is asked for the mileage."
    )
    processed_update_retention_days: int = Field(
        default=30, ge=2, description="Days an update id is kept to recognise a redelivery (Telegram retries 1 day)."
    )
    outbox_retention_days: int = Field(
        default=30, ge=1, description="Days a sent or undeliverable outgoing message (and its files) is kept."
    )

    @field_validator("default_language", "desk_language")
    @classmethod
    def _known_language(cls, value: str, info: ValidationInfo) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"{str(info.field_name).upper()} must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"TIMEZONE must be an IANA time zone name such as Asia/Shanghai, not {value!r}") from error
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        if value.upper() not in logging.getLevelNamesMapping():
            raise ValueError(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not {value!r}")
        return value.upper()

    @field_validator("webhook_secret")
    @classmethod
    def _secret_format(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("set WEBHOOK_SECRET too: a webhook without it would accept anyone's updates")
        return self

    @field_validator("desk_weekdays")
    @classmethod
    def _weekdays(cls, value: str) -> str:
        if not value or any(ch not in "0123456" for ch in value):
            raise ValueError("DESK_WEEKDAYS lists weekday digits 0 (Monday) to 6 (Sunday), e.g. 012345")
        return value

    def desk_hours(self) -> BusinessHours:
        return BusinessHours(
            timezone=ZoneInfo(self.timezone),
            opens=self.desk_opens,
            closes=self.desk_closes,
            weekdays=frozenset(int(ch) for ch in self.desk_weekdays),
            holidays_closed=self.desk_closed_on_holidays,
        )

    def handler_config(
        self, desk: DeskAddress | None = None, text_only_channels: frozenset[str] = frozenset()
    ) -> HandlerConfig:
        """The part of the settings the flows read; ``desk`` is where the channel keeps the staff desk."""
        return HandlerConfig(
            default_language=self.default_language,
            store_name=self.store_name,
            timezone=self.timezone,
            hotline=self.hotline,
            flow_timeout=timedelta(hours=self.flow_timeout_hours),
            max_question_chars=self.max_question_chars,
            desk=desk,
            desk_language=self.desk_language,
            desk_hours=self.desk_hours(),
            first_response_minutes=self.first_response_minutes,
            reply_templates=load_templates(self.reply_templates_file),
            aftercare=self.aftercare(),
            processed_update_retention=timedelta(days=self.processed_update_retention_days),
            outbox_retention=timedelta(days=self.outbox_retention_days),
            text_only_channels=text_only_channels,
        )

    def aftercare(self) -> AftercareConfig:
        return AftercareConfig(
            followup_delay=timedelta(hours=self.followup_delay_hours),
            followup_reminder_after=timedelta(hours=self.followup_reminder_hours),
            followup_max_age=timedelta(days=self.followup_max_age_days),
            letters={CHINESE: self.thank_you_letter_zh, ENGLISH: self.thank_you_letter_en},
            first_service_months=self.first_service_months,
            first_service_km=self.first_service_km,
            first_service_notice_days=self.first_service_notice_days,
            mileage_check_days=self.mileage_check_days,
        )


def load_templates(path: Path) -> tuple[ReplyTemplate, ...]:
    """Canned replies from YAML: a list of {title, zh, en}."""
    documents = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    try:
        return tuple(ReplyTemplate(str(d["title"]), str(d["zh"]), str(d["en"])) for d in documents)
    except (KeyError, TypeError) as error:
        raise ValueError(f"{path}: each reply template needs title, zh and en") from error


class SettingsError(Exception):
    """The settings cannot work; the message says which variable to fix, in one sentence."""


def describe(error: ValidationError) -> str:
    """Pydantic's errors as one sentence naming each variable (never echoing a value: it may be a secret)."""
    problems = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]).upper()
        if item["type"] == "extra_forbidden":
            problems.append(f"{name} in .env is no dealerbot setting (the README lists them)")
            continue
        message = item["msg"].removeprefix("Value error, ")
        problems.append(message if not name or name in message else f"{name}: {message[0].lower()}{message[1:]}")
    return "; ".join(problems) + "."


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, loaded on first use; :class:`SettingsError` if they cannot work."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(describe(error)) from None
