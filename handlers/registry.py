"""Every command, button and flow, registered in one place and in the order they are tried."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import (
    account,
    actions,
    answer_feedback,
    booking_desk,
    booking_flow,
    booking_mine,
    booking_reminders,
    booking_state,
    booking_waitlist,
    booking_words,
    commands,
    curation,
    desk,
    escalation,
    faq,
    first_service,
    followup,
    followup_survey,
    housekeeping,
    intents,
    kb_correction,
    midflow,
    new_car,
    report_command,
    sla,
    staff_admin,
    ticket_rating,
)
from handlers.booking_calendar import BOOKING_CHOICE
from handlers.booking_desk import DESK_BOOKING_CHOICE
from handlers.booking_replies import MINE_CHOICE
from handlers.context import FlowContext, Services
from handlers.desk_cards import CORRECTION_CHOICE, DESK_CHOICE
from handlers.jobs import JobHandler
from handlers.midflow import Flow
from handlers.rating_request import RATING_CHOICE
from handlers.router import Route

ChoiceHandler = Callable[[FlowContext, str], Awaitable[None]]
Planner = Callable[[AsyncSession, Services], Awaitable[None]]

COMMANDS: dict[str, commands.Command] = {
    "start": commands.start,
    "help": commands.help_,
    "language": commands.language,
    "cancel": commands.cancel,
    "profile": account.show_profile,
    "book": booking_flow.start,
    "mybookings": booking_mine.show,
    # Staff only, booking desk; each checks the role itself.
    "today": booking_desk.today,
    "day": booking_desk.day,
    "book_for": booking_desk.book_for,
    "human": escalation.human_command,
    "delivered": new_car.delivered,
    "skip": ticket_rating.skip,
    # Staff only; each checks the role itself.
    "queue": desk.queue,
    "mine": desk.mine,
    "ticket": desk.show_ticket,
    "close": desk.close_command,
    "reply_templates": desk.reply_templates,
    "staff": staff_admin.staff_command,
    # Managers only.
    "report": report_command.report,
}

# A button's data is "prefix:value"; the prefix names the flow that drew it.
CHOICES: dict[str, ChoiceHandler] = {
    commands.LANGUAGE_CHOICE: commands.on_language_choice,
    faq.FAQ_CHOICE: faq.on_choice,
    account.ACCOUNT_CHOICE: account.on_choice,
    BOOKING_CHOICE: booking_flow.on_choice,
    MINE_CHOICE: booking_mine.on_choice,
    booking_waitlist.WAITLIST_CHOICE: booking_waitlist.on_choice,
    DESK_BOOKING_CHOICE: booking_desk.on_choice,
    faq.FEEDBACK_CHOICE: answer_feedback.on_choice,
    escalation.HUMAN_CHOICE: escalation.on_choice,
    DESK_CHOICE: desk.on_choice,
    curation.DRAFT_CHOICE: curation.on_choice,
    CORRECTION_CHOICE: kb_correction.on_choice,
    RATING_CHOICE: ticket_rating.on_choice,
    followup_survey.SURVEY_CHOICE: followup_survey.on_choice,
    first_service.NEWCAR_CHOICE: first_service.on_choice,
    actions.ACTION_CHOICE: actions.on_choice,
}

# The flow a chat is in continues with its next message, unless the owner leaves it in words (handlers.midflow).
FLOWS: dict[str, Flow] = {
    account.FLOW: Flow(account.continue_flow, account.fits),
    booking_state.FLOW: Flow(booking_flow.continue_flow, booking_words.fits, booking_flow.STOPPED, booking_words.own),
    booking_mine.FLOW: Flow(booking_mine.continue_flow),  # the reason for cancelling: any text
    ticket_rating.FLOW: Flow(ticket_rating.continue_flow),  # the comment: any text
}

# Timed work: a job's kind names its handler; bot/jobs.py claims due jobs and runs them.
JOBS: dict[str, JobHandler] = {
    booking_reminders.KIND: booking_reminders.send_reminder,
    booking_waitlist.EXPIRE_KIND: booking_waitlist.expire_offer,
    followup.SURVEY_KIND: followup.send_survey,
    followup.REMINDER_KIND: followup.send_reminder,
    first_service.MILEAGE_KIND: first_service.ask_mileage,
    first_service.REMINDER_KIND: first_service.remind,
    sla.SLA_JOB: sla.ping,
    housekeeping.KIND: housekeeping.tidy,
}

# Recurring timed work: each planner schedules its next run (idempotently); a job runner calls them when it starts.
PERIODIC: tuple[Planner, ...] = (housekeeping.plan,)


async def route_command(ctx: FlowContext) -> bool:
    command = ctx.incoming.command
    if command is None:
        return False
    name, argument = command
    await COMMANDS.get(name, commands.unknown)(ctx, argument)
    return True


async def route_choice(ctx: FlowContext) -> bool:
    if ctx.incoming.choice is None:
        return False
    prefix, _, value = ctx.incoming.choice.partition(":")
    handler = CHOICES.get(prefix)
    if handler is None:
        ctx.say(ctx._("That button has expired. Please start again."))
        return True
    await handler(ctx, value)
    return True


async def route_active_flow(ctx: FlowContext) -> bool:
    flow = FLOWS.get(ctx.state.flow or "")
    if flow is None:
        return False
    if not await midflow.leave(ctx, flow):
        await flow.go_on(ctx)
    return True


ROUTES: tuple[Route, ...] = (
    new_car.send_waiting_letter,  # never takes the update: a new car's letter waiting for this number goes first
    route_command,  # commands work anywhere, in and out of flows
    route_choice,  # a pressed button goes to the flow that drew it
    desk.route_desk_message,  # in the staff group: answers to customers; the bot never chats there
    escalation.relay_to_desk,  # a customer with an open ticket is talking to a person, not the bot
    route_active_flow,  # a message inside a flow continues it, unless it plainly asks for something else
    intents.answer_intent,  # a confident request in the owner's words (book, cancel, a person, thanks…) starts its flow
    faq.answer_question,  # anything else is a question
)
