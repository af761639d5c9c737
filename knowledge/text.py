"""Text normalization and the features the matcher indexes, for Chinese and English questions.

``normalize`` is the canonical form of a question (the unanswered-question log
groups by it). ``analyze`` turns a question into what the index stores: words
(jieba with a dealership dictionary for Chinese, lightly stemmed English words),
word bigrams, and character n-grams that survive typos and segmentation
mistakes. Synonyms are folded first, from ``lexicon/synonyms.txt``, a table
staff extend; the dealership words jieba must keep whole are in
``lexicon/dealer_words.txt``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba
import opencc
import snowballstemmer

LEXICON = Path(__file__).with_name("lexicon")
SYNONYMS = LEXICON / "synonyms.txt"
DEALER_WORDS = LEXICON / "dealer_words.txt"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[^\w\u3400-\u9fff]+", re.UNICODE)
_RUN = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z0-9]+")

LATIN_NGRAMS = (3, 4)

jieba.setLogLevel(60)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    with DEALER_WORDS.open("rb") as handle:
        tokenizer.load_userdict(handle)
    for word in synonym_table():
        if has_chinese(word):
            tokenizer.add_word(word, freq=20000)
    return tokenizer


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of an English word; digits and short words stay as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return str(_stemmer().stemWord(word))


# Function words: kept in the n-grams (they carry phrasing), left out of "content" evidence.
_FUNCTION_WORDS = (
    "a an the i im me my mine we our us you your yours he she it its they them their this that these those "
    "is am are was were be been being do does did doing have has had having can could will would shall should "
    "may might must to of in on at by for with from into about as and or but if so not no yes there here "
    "what which who whom when where why how please just any some get got"
    " 的 了 吗 呢 吧 啊 呀 么 嘛 哦 我 我们 你 你们 您 他 她 它 是 在 有 和 与"
    " 就 都 也 还 要 能 会 可以 请问 请 一下 这 那 个"
)

STOPWORDS = frozenset(stem(word) for word in _FUNCTION_WORDS.split())


def read_synonyms(path: Path) -> dict[str, str]:
    """Each word of a group line maps to the group's first word; ``#`` lines are notes."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        words = [normalize(word) for word in line.split()] if not line.lstrip().startswith("#") else []
        for word in words:
            if word:
                table[word] = words[0]
    return table


@lru_cache(maxsize=1)
def synonym_table() -> dict[str, str]:
    return read_synonyms(SYNONYMS)


@lru_cache(maxsize=1)
def _synonym_pattern() -> re.Pattern[str] | None:
    chinese = [word for word in synonym_table() if has_chinese(word)]
    if not chinese:
        return None
    # Longest first, so 小保养 is kept whole rather than read as 小保 + 养.
    return re.compile("|".join(re.escape(word) for word in sorted(chinese, key=len, reverse=True)))


def has_chinese(text: str) -> bool:
    """True when the text holds any Chinese character."""
    return bool(_CJK.search(text))


# A licence plate (沪A12345, 粤BD12345) carries one Chinese character but says nothing of the language.
_PLATE = re.compile(r"[\u4e00-\u9fff][A-Za-z][\s·.]?[A-Za-z0-9]{5,6}(?![A-Za-z0-9])")


def question_language(question: str, fallback: str) -> str:
    """The language a question is written in: Chinese if it has Chinese characters (a plate aside), else English."""
    without_plates = _PLATE.sub(" ", question)
    if has_chinese(without_plates):
        return "zh-CN"
    return "en" if any(ch.isalpha() for ch in without_plates) else fallback


def normalize(text: str) -> str:
    """NFKC (full width → half width), lower case, traditional → simplified, punctuation → space."""
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "").replace("’", "")
    if has_chinese(text):
        text = _t2s().convert(text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def fold_synonyms(normalized: str) -> str:
    """Replace every word of a synonym group by the group's first word.

    Chinese entries are replaced wherever they occur (Chinese has no spaces);
    Latin entries are whole words.
    """
    table = synonym_table()
    pattern = _synonym_pattern()
    if pattern is not None and has_chinese(normalized):
        normalized = pattern.sub(lambda found: table[found.group(0)], normalized)
    return _LATIN.sub(lambda found: table.get(found.group(0), found.group(0)), normalized)


def tokens(normalized: str) -> list[str]:
    """Words of a normalized text: jieba's segmentation for Chinese, stemmed Latin words, synonyms folded."""
    return _segment(normalized)[0]


@lru_cache(maxsize=65536)
def latin_ngrams(word: str) -> tuple[str, ...]:
    """Padded 3- and 4-grams of a Latin word, so the word's start and end count."""
    padded = f" {word} "
    low, high = LATIN_NGRAMS
    return tuple(padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1))


def chinese_ngrams(run: str) -> list[str]:
    """Single characters and bigrams of a Chinese run, across jieba's cuts so a wrong cut still matches."""
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


@lru_cache(maxsize=65536)
def _latin_word(run: str) -> tuple[str, tuple[str, ...]]:
    """A Latin word folded and stemmed, with its n-grams (cached: most words recur)."""
    word = stem(synonym_table().get(run, run))
    return word, latin_ngrams(word)


def _segment(normalized: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    grams: list[str] = []
    pattern = _synonym_pattern()
    for run in _RUN.findall(normalized):
        if run[0] >= "\u3400":  # a run is all Chinese or all Latin letters and digits
            if pattern is not None:
                run = pattern.sub(lambda found: synonym_table()[found.group(0)], run)
            words.extend(word for word in _segmenter().lcut(run, HMM=True) if word.strip())
            grams.extend(chinese_ngrams(run))
        else:
            word, word_grams = _latin_word(run)
            words.append(word)
            grams.extend(word_grams)
    return words, grams


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text as the index sees it."""

    normalized: str
    words: tuple[str, ...]
    word_features: Counter[str]
    char_features: Counter[str]

    @property
    def content_words(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if word not in STOPWORDS)


def analyze(text: str) -> Analysis:
    """Normalize, fold synonyms, segment; words with their bigrams, and character n-grams."""
    normalized = normalize(text)
    words, grams = _segment(normalized)
    word_features: Counter[str] = Counter(words)
    word_features.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return Analysis(normalized, tuple(words), word_features, Counter(grams))
