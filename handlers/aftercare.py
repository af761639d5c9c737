"""The settings of what happens after service: follow-up surveys and the new-car letter and reminders.

Kept in one frozen object that :class:`~handlers.context.HandlerConfig`
carries, so the flows and jobs of :mod:`handlers.followup` and
:mod:`handlers.new_car` read them like every other setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from handlers.i18n import CHINESE, ENGLISH

__all__ = ["DEFAULT_LETTERS", "AftercareConfig"]

DEFAULT_LETTERS = {
    CHINESE: (
        "尊敬的车主：感谢您选择{store}！您的爱车 {plate} 已顺利交付，祝您用车愉快。"
        "如有任何问题，请随时拨打我们的服务热线 {hotline}，或直接在这里给我留言。"
    ),
    ENGLISH: (
        "Dear owner, thank you for choosing {store}! Your new car {plate} has been delivered; "
        "we wish you many happy miles. For anything at all, call our service hotline {hotline} "
        "or simply write to me here."
    ),
}


@dataclass(frozen=True, slots=True)
class AftercareConfig:
    """Delays and texts of the aftercare jobs; ``letters`` holds the thank-you letter per language."""

    followup_delay: timedelta = timedelta(hours=24)
    followup_reminder_after: timedelta = timedelta(hours=48)
    followup_max_age: timedelta = timedelta(days=7)
    recovery_max_score: int = 2
    letters: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LETTERS))
    first_service_months: int = 3
    first_service_km: int = 5000
    first_service_notice_days: int = 7
    mileage_check_days: int = 30

    def letter(self, language: str) -> str:
        """The thank-you letter in ``language``, else in Chinese."""
        return self.letters.get(language) or self.letters[CHINESE]
