"""Loading a YAML file a person hands us: safe tags only, no aliases, UTF-8 only, one-line errors.

``yaml.safe_load`` still expands aliases, so a few lines of nested ``*a``
references (the "billion laughs") grow into gigabytes; none of our files
needs an alias, so one is refused where it appears.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["UnsafeYamlError", "load_file"]


class UnsafeYamlError(ValueError):
    """A file that is not UTF-8, not YAML, or uses an alias; the message is one line."""


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing ``*alias`` before it is expanded."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise UnsafeYamlError(f"line {mark.line + 1}: aliases (*name) are not allowed")
        return super().compose_node(parent, index)


def load_file(path: Path) -> Any:
    """The document in ``path``, loaded with :class:`_NoAliasLoader`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UnsafeYamlError(f"not UTF-8 text (byte {error.start})") from error
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader that also refuses aliases
    except yaml.MarkedYAMLError as error:
        where = f"line {error.problem_mark.line + 1}: " if error.problem_mark is not None else ""
        raise UnsafeYamlError(f"{where}not valid YAML ({error.problem or error.context})") from error
    except yaml.YAMLError as error:
        raise UnsafeYamlError(f"not valid YAML ({str(error).splitlines()[0]})") from error
