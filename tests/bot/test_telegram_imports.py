"""Only ``bot/telegram/`` imports python-telegram-bot; everything else speaks Incoming and Reply."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
PACKAGES = ("storage", "knowledge", "handlers", "bot")
ALLOWED = ROOT / "bot" / "telegram"


def imports_telegram(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "telegram" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "telegram":
            return True
    return False


def test_no_module_outside_bot_telegram_imports_telegram() -> None:
    modules = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    offenders = [
        str(path.relative_to(ROOT)) for path in modules if ALLOWED not in path.parents and imports_telegram(path)
    ]
    assert offenders == []
    assert imports_telegram(ALLOWED / "app.py")  # the check does see an import
