"""Unanswered questions grouped by need, so the most wanted new entry is at the top."""

from __future__ import annotations

from knowledge.stats import Asked, group_near_duplicates


def test_near_duplicates_count_as_one_need_in_their_own_language() -> None:
    needs = group_near_duplicates(
        [
            Asked("zh-CN", "你们卖不卖自行车", 2),
            Asked("en", "Do you sell bicycles?", 1),
            Asked("zh-CN", "你们卖自行车吗", 3),
            Asked("zh-CN", "洗车店几点关门", 4),
            Asked("en", "do you sell bicycles", 2),
        ]
    )
    assert [(need.language, need.count, len(need.wordings)) for need in needs] == [
        ("zh-CN", 5, 2),
        ("zh-CN", 4, 1),
        ("en", 3, 2),
    ]
    assert needs[0].wordings[0].text == "你们卖自行车吗"  # the most asked wording leads
