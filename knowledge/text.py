"""Text normalization and tokenization for Chinese and English questions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jieba
import opencc

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[^\w\u3400-\u9fff]+", re.UNICODE)
_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")

jieba.setLogLevel(60)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def has_chinese(text: str) -> bool:
    """True when the text holds any Chinese character."""
    return bool(_CJK.search(text))


def normalize(text: str) -> str:
    """NFKC (full width → half width), lower case, traditional → simplified, punctuation → space."""
    text = unicodedata.normalize("NFKC", text).lower()
    if has_chinese(text):
        text = _t2s().convert(text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def tokens(normalized: str) -> list[str]:
    """Words: jieba's segmentation for Chinese runs, whole words for Latin letters and digits."""
    out: list[str] = []
    for run in _WORD.findall(normalized):
        if has_chinese(run):
            out.extend(word for word in jieba.lcut(run) if word.strip())
        else:
            out.append(run)
    return out
