"""What an owner wants, from their own words: book, see, move or cancel a visit, a person, a complaint, small talk.

Usage: ``recognise("明天下午3点做小保养")`` → ``Intent.BOOK``; ``service_code("换机油")`` → ``"minor"``.

Cue patterns per intent, in both languages, over the normalized text
(:func:`knowledge.text.normalize`: lower case, simplified, punctuation as
spaces, apostrophes dropped, so "I'd" reads "id"). An intent is returned only
when it is confident: its cue is there and the message is not a question
*about* the thing ("预约要提前多久？", "what is the cancellation fee?"), which
the FAQ answers. Small talk is recognised only when the whole message is
small talk. Measured on ``tests/knowledge/data/intents.csv`` by
``dealerbot kb intents``; change a cue, run it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from knowledge.text import normalize

__all__ = ["SMALL_TALK", "Intent", "explicit", "recognise", "service_code", "stops"]


class Intent(StrEnum):
    BOOK = "book"
    MY_BOOKINGS = "my_bookings"
    MOVE = "move"
    CANCEL = "cancel"
    PERSON = "person"
    COMPLAIN = "complain"
    GREETING = "greeting"
    THANKS = "thanks"
    OK = "ok"
    GOODBYE = "goodbye"


SMALL_TALK = frozenset({Intent.GREETING, Intent.THANKS, Intent.OK, Intent.GOODBYE})


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


# The whole message is made of these (with fillers such as 呀, 啦, "there").
_SMALL_TALK_UNITS: dict[Intent, str] = {
    Intent.THANKS: r"谢谢(你|您|啦|了|哈)?|谢啦|谢了|多谢|感谢|非常感谢|太感谢了|辛苦(了|啦|你了)|麻烦(你|您)?了|3q|"
    r"thanks?( (you|u|so much|a lot|again))?|thank (you|u)( (so|very) much)?|thx|ty|cheers|many thanks|"
    r"appreciate (it|that)",
    Intent.GOODBYE: r"再见|拜拜|拜|回头见|下次见|晚安|886|88|bye( bye)?|goodbye|see (you|ya)( later)?|cya|"
    r"have a (nice|good) (day|one)|good night",
    Intent.GREETING: r"你们好|你好|您好|嗨|哈喽|哈罗|在吗|在不在|有人吗|早上好|上午好|中午好|下午好|晚上好|早安|早|"
    r"hello|hiya|hi|hey|howdy|yo|greetings|good (morning|afternoon|evening|day)|morning",
    Intent.OK: r"好的|好滴|好嘞|好吧|好|行吧|行|可以|嗯嗯|嗯|恩|哦|噢|知道了|明白了|明白|收到|了解|懂了|没问题|"
    r"没事了|没事|"
    r"ok(ay)?|okk|kk|k|got it|sure( thing)?|alright|all right|cool|great|nice|fine|noted|understood|yes|yep|yeah|"
    r"no problem|perfect",
}
_SMALL_TALK_FILLER = r"那|呀|啊|哈|哦|啦|鸭|吖|呢|滴|哒|\s|there|all|bot|guys|team|everyone|again|very|much|so"
_SMALL_TALK = re.compile(
    "|".join(f"(?P<{intent.name}>{pattern})" for intent, pattern in _SMALL_TALK_UNITS.items())
    + f"|(?P<FILLER>{_SMALL_TALK_FILLER})"
)
_SMALL_TALK_ORDER = (Intent.THANKS, Intent.GOODBYE, Intent.GREETING, Intent.OK)

# A question about how something works, what it costs or whether it is needed: the FAQ's, not a flow's.
_ABOUT = _any(
    r"多久|多长时间|提前几|提前多|要提前|几天前|最晚|最早|多少钱|价格|费用|收费|免费|扣钱|违约|押金|怎么|如何|咋|流程|规则|"
    r"政策|需要带|要带|带什么|网上|小程序|公众号|哪里(可以|能)|要不要|需不需要|需要预约吗|必须|是否|迟到|优惠|电话是多少|"
    r"什么原因|为什么|还(能|可以)|积分|会员|发票|刷卡|支付|付款|的时候|等吗",
    r"\bhow\b|\bwhat (is|s|are|happens)\b|\bwhy\b|\bprice|\bcost|\bfees?\b|\bcharge|\bfree\b|\bpolicy\b|in advance|"
    r"ahead of time|\bdo i need\b|\bdo i have to\b|\bnecessary\b|\brequired\b|\bwalk ?ins?\b|\bonline\b|\bwebsite\b|"
    r"\bapp\b|\blate\b|\bdeposit\b|\brefund|\bphone number\b|\bshould i\b|\bwhat documents\b|\bduring\b|\bwhile\b",
)

_SERVICE_WORDS = (
    ("first_service", r"首保|首次保养|第一次保养|\bfirst (service|maintenance|check)"),
    ("alignment", r"四轮定位|做(个)?定位|定位|\b(wheel )?alignment\b|\balign"),
    ("major", r"大保养|\bmajor service\b|\bfull service\b|\bbig service\b"),
    ("minor", r"小保养|换机油|换油|机油|机滤|\boil\b|\bminor service\b|\bsmall service\b|\bbasic service\b"),
    ("tyres", r"轮胎|换胎|补胎|\btyres?\b|\btires?\b"),
    ("air_conditioning", r"空调|冷气|\bair ?con|\ba ?c\b|\bair conditioning\b"),
    ("body_paint", r"钣金|喷漆|补(个)?漆|划痕|刮(了|花|伤)|凹|\bdents?\b|\bscratch|\bpaint|\bbody ?work\b"),
    ("repair", r"维修|修车|修一下|修理|故障|异响|坏了|检修|\brepair|\bfix|\bbroken\b|\bnoise\b|\bwarning light"),
)
_SERVICE = re.compile("|".join(f"(?P<{code}>{pattern})" for code, pattern in _SERVICE_WORDS))
_ANY_SERVICE = _any(
    _SERVICE.pattern,
    r"保养|检查|看(一下|看|下)车|洗车",
    r"\bservic(e|ed|ing)\b|\bmaintenance\b|\binspection\b|\bcheck ?up\b|\b(looked at|checked|seen to)\b|"
    r"\bmot\b|\btune ?up\b|\bbring (it|my|the|her) (car )?in\b|\bdrop (it|my|the) (car )?off\b",
)
_WHEN = _any(
    r"今天|明天|后天|周[一二三四五六日天末]|星期|礼拜|下周|这周|本周|\d+号|\d+月|上午|下午|早上|晚上|[0-9一二三四五六七八九十两]+点",
    r"\btoday\b|\btomorrow\b|\btmrw?\b|\b(mon|tues?|wed|thu(rs)?|fri|sat|sun)(day)?\b|\bweekend\b|\bnext week\b|"
    r"\bmorning\b|\bafternoon\b|\bevening\b|\b\d{1,2} ?(am|pm)\b|\b\d{1,2}:\d{2}\b",
)
_WANT = _any(
    r"想|要|帮我|给我|能|可以|麻烦|请|打算|准备|我来|我去|过去|过来|安排|有没有(空|位)|有空(位)?吗|还有(空|位)",
    r"\bi (want|need|wanna)\b|\bid like\b|\bi would like\b|\bi ?d love\b|\bcan (i|you|we)\b|\bcould (i|you|we)\b|"
    r"\bplease\b|\bwanna\b|\bneed to\b|\bwant to\b|\blooking to\b|\blet me\b|\blets\b|\bi ?ll\b|\bmay i\b|"
    r"\bany (slots?|availability|space|room)\b|\bavailab|\bis there (a )?(slot|space|time|room)\b|\bfit me in\b|"
    r"\bbring (it|my|the|her|him)\b|\bdrop (it|my|the) (car )?off\b|\bcome in\b|\bget (it|my|the|her)\b",
)

# Asking for a person in so many words: never an answer to a question a flow asked (a name, a reason).
_PERSON_EXPLICIT = _any(
    r"转人工|人工客服|真人|找(个)?人工|^人工$|人工服务|客服人员",
    r"\b(human|real person|live agent|operator|representative)\b|\b(talk|speak|chat) (to|with) "
    r"(a|someone|somebody|an|your|the)\b",
)
_PERSON_STRONG = _any(_PERSON_EXPLICIT.pattern, r"人工(?!费)|找(个)?(客服|人)(聊|说|问)?")
_PERSON = _any(
    r"客服|服务顾问|(给|跟)我打(个)?电话|回(个)?电话|联系我",
    r"\bagent\b|\badvis[oe]r\b|\bcall me\b|\bstaff\b|\bcustomer service\b|\bconnect me\b|\bput me through\b",
)
_COMPLAIN = _any(
    r"投诉|破服务|什么破|太差|很差|真差|差劲|差评|不满意|态度(太|很|真|好|也太)?(差|恶劣|不好)|坑人|坑我|被坑|骗人|骗子|欺骗|垃圾|太过分|"
    r"过分了|气死|生气|乱收费|没人管|没人理|太慢了|等了(半|一|两|三|几|\d)+个?(小时|天)",
    r"\bcomplain|\bcomplaint\b|\bterrible\b|\bawful\b|\bhorrible\b|\bunacceptable\b|\bdisappointed\b|"
    r"\bripped (\w+ )?off\b|\brip ?off\b|\bscam\b|\bworst\b|\brude\b|\bangry\b|\bfurious\b|\bridiculous\b|\bfed up\b|"
    r"\bnot happy\b|\bunhappy\b|\b(poor|bad|lousy) service\b|\bno ?one (called|answered|replied)\b",
)
_CANCEL = _any(
    r"取消|不(去|来|过去|过来)了|去不了|来不了|不约了|不用(约|预约)了|退(掉|订)|撤销",
    r"\bcanc(el|le)|\bcall(ing)? (it )?off\b|\bcant make it\b|\bcannot make it\b|\bwont (be able to )?make it\b|"
    r"\bnot (be )?coming\b|\bwont be (able to )?(come|coming)\b|\bscrap (my|the)\b|\bdrop my (booking|appointment)\b",
)
_MOVE = _any(
    r"改(个|一下|下)?(时间|期|日期|约|天|签)|改(到|成|在)|换(个|一个)?(时间|日子|天)|延期|推迟|推后|往后(推|挪|延)|提前到|"
    r"(时间|日期|预约)(能|可以)?(改|换)|挪(到|一下|个)|调(整)?(一下)?(时间|到)|时间调整|调整预约|"
    r"换到(明天|后天|下周|周)|晚(一|两)天|早(一|两)天",
    r"\bre-? ?sched|\bmove (my|the|it|our)\b|\bpostpone\b|\bpush (it|my|the)\b|\bbring (it|my|the) (\w+ )?forward\b|"
    r"\bchange (the|my) (time|date|day|booking|appointment|slot)\b|\b(another|different|later|earlier) (day|time)\b|"
    r"\ba (day|week) (later|earlier)\b|"
    r"\bswitch (my|the|it|to)\b",
)
_MINE = _any(
    r"我的预约|我(的)?(是)?(约|预约|订)的|约的(是)?(哪|几|什么)|预约(是|在)?(哪天|几号|几点|什么时候)|查(一下|下|询|看)?(我的)?预约|"
    r"预约(记录|情况|信息)|(有没有|有)(约|预约)(吗|上)?|约了(哪|几|什么)|约(在|到)?(哪天|几号|几点)",
    r"\bmy (bookings?|appointments?|reservations?|visit)\b|\b(am i|was i) booked\b|"
    r"\bmy (service|car|appointment|visit|booking) booked\b|"
    r"\b(check|see|show|view|list|find) (my )?(bookings?|"
    r"appointments?)\b|\bdo i have (a|an|any) (booking|appointment)|\bdid i book\b|\bhave i booked\b|"
    r"\bwhat did i book\b|\bupcoming (booking|appointment)",
)
_BOOK = _any(
    r"预约|约(个|一下|下|一个)?(时间|号|保养)|(能|可以|想|要|我)约|预定|预订|订(个|一下)?(时间|位)|挂(个)?号|排(个|一下)?号|^约",
    r"\bbook\b|\bbooking\b|\bappointment\b|\bschedule (a|an|my|me|it|the)\b|\breserve\b|\bslot\b",
)
# Inside a flow, the whole message says "stop this" ("算了不约了", "never mind, cancel").
_STOP = re.compile(
    r"(?:算了|不约了|不用了|不要了|不需要了|不弄了|不做了|取消(?:吧|了)?|退出|"
    r"never ?mind|forget (?:about )?it|cancel(?: it| that| this)?|stop(?: it| that| this)?|no thanks|"
    r"[吧啦呀啊哈那还是了]|\s|please|oh|ok|actually)+"
)
_STOP_WORD = re.compile(
    r"算了|不约了|不用了|不要了|不需要了|不弄了|不做了|取消|退出|never ?mind|forget|cancel|stop|no thanks"
)
# "Can it be done?" in Chinese; without a day or a plain request it asks about the service, not for it.
_CAN_QUESTION = re.compile(r"(能|可以).*(吗|么)$")
_ASKS = re.compile(r"想|帮|麻烦|请|(能|可以)约")
# A menu button's text is its intent (tapping it on Telegram sends the label).
_MENU = {
    "预约保养": Intent.BOOK,
    "我的预约": Intent.MY_BOOKINGS,
    "人工客服": Intent.PERSON,
    "book": Intent.BOOK,
    "book a service": Intent.BOOK,
    "my bookings": Intent.MY_BOOKINGS,
    "a person": Intent.PERSON,
}


def _emoji_only(text: str) -> bool:
    """Nothing but pictures (👍, 🙏😊): the message says "ok" or "thanks" in its own way."""
    kept = [ch for ch in text if not ch.isspace() and ch not in "\ufe0f\u200d"]
    return bool(kept) and all(unicodedata.category(ch) in ("So", "Sk", "Cn") for ch in kept)


def _small_talk(normalized: str) -> Intent | None:
    found: set[Intent] = set()
    position = 0
    while position < len(normalized):
        match = _SMALL_TALK.match(normalized, position)
        if match is None or match.end() == position:
            return None
        if match.lastgroup != "FILLER":
            found.add(Intent[match.lastgroup or ""])
        position = match.end()
    return next((intent for intent in _SMALL_TALK_ORDER if intent in found), None)


def _task(text: str) -> Intent | None:
    """A flow the message asks for, when confident."""
    if _COMPLAIN.search(text):
        return Intent.COMPLAIN
    if _PERSON_STRONG.search(text):
        return Intent.PERSON
    if _ABOUT.search(text):
        return None
    if _PERSON.search(text) and len(text) <= 40:
        return Intent.PERSON
    if _CANCEL.search(text):
        return Intent.CANCEL
    if _MOVE.search(text):
        return Intent.MOVE
    if _MINE.search(text):
        return Intent.MY_BOOKINGS
    if _CAN_QUESTION.search(text) and not (_WHEN.search(text) or _ASKS.search(text)):
        return None  # "新能源车也能保养吗": whether it can be done, not a request to do it
    booking_word = bool(_BOOK.search(text))
    service = bool(_ANY_SERVICE.search(text))
    if (booking_word and service) or ((booking_word or service) and (_WANT.search(text) or _WHEN.search(text))):
        return Intent.BOOK
    return None


def recognise(text: str) -> Intent | None:
    """The intent of a message, or None when none is confident (then it is a question for the FAQ)."""
    if _emoji_only(text):
        return Intent.OK
    normalized = normalize(text)
    if not normalized:
        return None
    menu = _MENU.get(normalized)
    if menu is not None:
        return menu
    return _small_talk(normalized) or _task(normalized)


def service_code(text: str) -> str | None:
    """The catalogue code of the service a message names ("换机油" → minor), or None."""
    match = _SERVICE.search(normalize(text))
    return match.lastgroup if match is not None else None


def explicit(text: str) -> Intent | None:
    """A menu button's text or a plain request for a person ("转人工"): what no answer to a flow's question is."""
    normalized = normalize(text)
    menu = _MENU.get(normalized)
    if menu is not None:
        return menu
    return Intent.PERSON if _PERSON_EXPLICIT.search(normalized) else None


def stops(text: str) -> bool:
    """The whole message asks to stop what is in progress ("算了", "不约了", "never mind, cancel")."""
    normalized = normalize(text)
    return bool(_STOP.fullmatch(normalized) and _STOP_WORD.search(normalized))
