"""Hand-off to a person on Telegram: a customer escalates, staff answer from a forum topic, and teach the bot.

The test clock starts on Tuesday 2026-12-01, 10:00 in Shanghai: the desk is open.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.settings import Settings
from tests.e2e.botapi import BotApiServer
from tests.e2e.conftest import STAFF_CHAT
from tests.e2e.harness import running_bot
from tests.e2e.people import GroupChat, TelegramUser
from tests.harness import FakeClock

DESK = GroupChat(chat_id=STAFF_CHAT, title="客服中心", is_forum=True)
AGENT_ID = 2001
QUESTION = "你们店里可以给车贴隐形车衣吗"
ANSWER = "可以的，我们有原厂授权的隐形车衣，整车施工约两天，价格 8800 元起。"


def _people(api: BotApiServer) -> tuple[TelegramUser, TelegramUser, TelegramUser]:
    customer = TelegramUser(api, user_id=10001, first_name="小明", last_name="王", language_code="zh-hans")
    agent = TelegramUser(api, user_id=AGENT_ID, first_name="Wang", language_code="zh-hans").in_chat(DESK)
    outsider = TelegramUser(api, user_id=10002, first_name="Eve", language_code="en")
    return customer, agent, outsider


def _staffed(telegram_settings: Settings) -> Settings:
    return telegram_settings.model_copy(update={"admin_ids": [AGENT_ID]})


async def test_escalate_answer_close_and_teach(
    api: BotApiServer, telegram_settings: Settings, clock: FakeClock
) -> None:
    customer, agent, _ = _people(api)
    async with running_bot(api, _staffed(telegram_settings), clock):
        await customer.send(QUESTION)
        await customer.wait_for(lambda m: any(b.label == "🙋 转人工客服" for b in m.buttons))
        await customer.press("🙋 转人工客服")
        await customer.wait_for("已为您转接人工客服")
        card = await agent.wait_for(lambda m: "🆕" in (m.text or ""))
        assert card.thread_id is not None, "a new ticket gets its own forum topic"
        assert f"客户问：{QUESTION}" in (card.text or "")
        topic = card.thread_id

        await agent.press("✋ 接手", on=card)
        await customer.wait_for("客服中心的 Wang 正在处理您的消息")

        await customer.send("是那种透明的膜")
        await agent.wait_for(lambda m: (m.text or "").endswith("是那种透明的膜") and m.thread_id == topic)
        await customer.send_photo("car-photo")
        photo = await agent.wait_for(lambda m: m.method == "sendPhoto")
        assert photo.thread_id == topic
        assert photo.upload is not None
        assert photo.upload.file_id == "car-photo"
        await customer.send("大概要多久")
        await agent.wait_for(lambda m: (m.text or "").endswith("大概要多久"))

        await agent.send("您好，收到照片了", thread_id=topic)
        await customer.wait_for("Wang（客服中心）：您好，收到照片了")
        await agent.send_photo("sample-film", thread_id=topic)
        sample = await customer.wait_for(lambda m: m.method == "sendPhoto")
        assert sample.upload is not None
        assert sample.upload.file_id == "sample-film"
        await agent.send(ANSWER, reply_to=card)
        await customer.wait_for(f"Wang（客服中心）：{ANSWER}")

        await agent.press("✅ 关闭", on=card)
        await customer.wait_for("客服同事已结束本次对话")
        closed = await agent.wait_for(lambda m: any(b.label == "💡 保存为常见问题" for b in m.buttons))
        await agent.press("💡 保存为常见问题", on=closed)
        draft = await agent.wait_for(lambda m: "📝" in (m.text or ""))
        assert f"问：{QUESTION}" in (draft.text or "")
        assert "您好，收到照片了" in (draft.text or ""), "the draft answer is everything staff said"
        await agent.press("✏️ 改答案", on=draft)
        prompt = await agent.wait_for("请回复本条消息，发送修改后的答案")
        assert prompt.reply_markup == {"force_reply": True, "selective": True}, "the phone opens the reply box"
        await agent.send(ANSWER, reply_to=prompt)
        draft = await agent.wait_for(lambda m: "📝" in (m.text or "") and f"答：{ANSWER}" in (m.text or ""))
        await agent.press("✅ 发布为新条目", on=draft)
        await agent.wait_for(lambda m: "已发布" in (m.text or ""))

        newcomer = TelegramUser(api, user_id=10003, first_name="丽", language_code="zh-hans")
        await newcomer.send("你们能给车贴隐形车衣吗？")
        taught = await newcomer.receive()
        assert taught.text == ANSWER


async def test_outsiders_are_refused_staff_commands(
    api: BotApiServer, telegram_settings: Settings, clock: FakeClock
) -> None:
    _, _, outsider = _people(api)
    async with running_bot(api, _staffed(telegram_settings), clock):
        await outsider.send("/queue")
        assert (await outsider.receive()).text == "Sorry, that is only for our staff."
        await outsider.in_chat(DESK).send("/queue")
        await outsider.in_chat(DESK).wait_for("Sorry, that is only for our staff.")


async def test_off_hours_hand_off_offers_a_call_back(
    api: BotApiServer, telegram_settings: Settings, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    customer, agent, _ = _people(api)
    async with running_bot(api, _staffed(telegram_settings), clock):
        await customer.send("/human")
        closed = await customer.wait_for("客服中心现在已下班，将于 2026-12-02 08:30 上班")
        assert closed.keyboard[0].request_contact
        await customer.share_contact("+8613812345678")
        await customer.wait_for("上班后同事会致电 +8613812345678")
        await agent.wait_for("请回电 +8613812345678")


async def test_nothing_is_lost_across_a_restart(
    api: BotApiServer, telegram_settings: Settings, clock: FakeClock
) -> None:
    customer, agent, _ = _people(api)
    settings = _staffed(telegram_settings)
    async with running_bot(api, settings, clock):
        await customer.send("/human")
        await agent.wait_for(lambda m: "🆕" in (m.text or ""))
        await customer.send("我的车什么时候能修好？")
        relayed = await agent.wait_for(lambda m: (m.text or "").endswith("我的车什么时候能修好？"))
    async with running_bot(api, settings, clock):
        await agent.send("明天下午三点", reply_to=relayed)
        await customer.wait_for("Wang（客服中心）：明天下午三点")
