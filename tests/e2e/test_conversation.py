"""Whole conversations on Telegram, typed and tapped as a person would, against the local Bot API."""

from __future__ import annotations

from handlers.types import ChatKind
from tests.e2e.botapi import BotApiServer
from tests.e2e.harness import BotUnderTest
from tests.e2e.people import GroupChat, TelegramUser


async def test_a_customer_asks_in_chinese_and_english_switches_language_and_cancels(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    await customer.send("/start")
    welcome = await customer.receive()
    assert "星河汽车" in (welcome.text or "")

    await customer.send("你们几点开门？")
    await customer.wait_for(lambda m: "周六 09:00–16:00" in (m.text or ""))

    await customer.send("What are your opening hours?")
    await customer.wait_for(lambda m: "Saturday 09:00–16:00" in (m.text or ""))

    await customer.send("/language")
    menu = await customer.wait_for(lambda m: any(b.label == "English" for b in m.buttons))
    assert [b.label for b in menu.buttons] == ["中文", "English"]
    press = await customer.press("English")
    edited = await customer.wait_for(lambda m: m.message_id == menu.message_id and m.edits == 1)
    assert edited.text == "I will speak English with you from now on."
    assert edited.buttons == []
    assert press["callback_query"]["id"] in api.callback_answers

    await customer.send("/cancel")
    cancelled = await customer.receive()
    assert cancelled.text == "There is nothing to cancel. Ask me a question any time."


async def test_a_phone_number_is_shared_with_the_contact_button_which_then_goes_away(
    telegram_bot: BotUnderTest, customer: TelegramUser
) -> None:
    await customer.send("/profile")
    await customer.wait_for(lambda m: bool(m.buttons))
    await customer.press("修改电话")
    ask = await customer.wait_for(lambda m: any(b.request_contact for b in m.keyboard))

    await customer.share_contact("+86 138 0013 8000")
    saved = await customer.wait_for(lambda m: m.message_id > ask.message_id and m.text == "已保存。")
    assert [button.label for button in saved.keyboard] == ["预约保养", "我的预约", "人工客服"]  # the menu is back
    await customer.wait_for("+8613800138000")


async def test_photos_documents_and_deep_links_reach_the_router_as_telegram_sent_them(
    telegram_bot: BotUnderTest, customer: TelegramUser
) -> None:
    photo = await customer.send_photo("AgAD-dashboard", caption="仪表盘这个灯是什么意思")
    document = await customer.send_document("BQAD-invoice", "invoice.pdf")
    link = await customer.send("/start book")
    await telegram_bot.handled(link["update_id"])

    by_update = {int(i.update_id or 0): i for i in telegram_bot.seen}
    seen_photo = by_update[photo["update_id"]]
    assert [(a.kind, a.file_id) for a in seen_photo.attachments] == [("photo", "AgAD-dashboard")]
    assert seen_photo.text == "仪表盘这个灯是什么意思"
    seen_document = by_update[document["update_id"]]
    assert [(a.kind, a.file_id, a.filename) for a in seen_document.attachments] == [
        ("document", "BQAD-invoice", "invoice.pdf")
    ]
    assert by_update[link["update_id"]].command == ("start", "book")
    assert {i.language_code for i in telegram_bot.seen} == {"zh-hans"}
    assert {i.user_name for i in telegram_bot.seen} == {"小明 王"}
    await customer.wait_for("收到了")


async def test_group_messages_keep_their_topic_and_what_they_reply_to(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    group = GroupChat(chat_id=-1002000000002, title="Owners club", is_forum=True)
    member = customer.in_chat(group)
    await member.send("/help")
    help_text = await member.receive()
    elsewhere = await member.send("/help@some_other_bot")
    reply = await member.send("/help@dealer_e2e_bot", reply_to=help_text, thread_id=77)
    await telegram_bot.handled(reply["update_id"])  # updates are handled in order: ``elsewhere`` is done

    seen = next(i for i in telegram_bot.seen if i.update_id == str(reply["update_id"]))
    assert (seen.chat_kind, seen.thread_id) == (ChatKind.GROUP, "77")
    assert (seen.reply_to_message_id, seen.reply_to_user_id) == (str(help_text.message_id), "123456789")
    topic_answer = await member.wait_for(lambda m: m.thread_id == 77)
    assert topic_answer.text == help_text.text
    assert str(elsewhere["update_id"]) not in {i.update_id for i in telegram_bot.seen}
