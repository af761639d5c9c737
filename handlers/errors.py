"""The exceptions dealerbot raises on purpose, in one tree::

    DealerbotError
    ├── InputError          a person sent something we can answer with a sentence
    │                       (a bad date, a plate that is not a plate); carries the
    │                       catalog message, answered in the person's language
    └── DeliveryError       a channel could not take a message
        ├── RetryLater      try again after ``retry_after`` seconds (429, network)
        ├── Undeliverable   never will (the user blocked the bot, the chat is gone)
        └── Rejected        the channel refuses this message itself (malformed, a
                            button's data too long): dropped, the chat is fine

``storage.conversations.StaleStateError`` (another worker moved the chat on)
is caught by the router, which redoes the update.
"""

from __future__ import annotations

from typing import Any


class DealerbotError(Exception):
    """Base of every deliberate failure."""


class InputError(DealerbotError):
    """Input a flow cannot use; ``message`` is a catalog id, ``params`` fill its placeholders."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class DeliveryError(DealerbotError):
    """A message could not be handed to its channel."""


class RetryLater(DeliveryError):
    """A transient failure; the outbox tries again after ``retry_after`` seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Undeliverable(DeliveryError):
    """A permanent failure; the outbox stops trying."""


class Rejected(DeliveryError):
    """The channel refuses this one message (a bug in it, not in the chat); the outbox drops it."""
