"""The conversations, channel-neutral: Incoming in, Reply out, nothing of Telegram or WeChat.

The package itself imports nothing, so ``import handlers.types`` stays cheap for a channel
adapter; the flows (and the charting and spreadsheet libraries the reports need) load with
:mod:`handlers.registry`.
"""
