"""Every model, imported so ``Base.metadata`` knows the whole schema (Alembic reads it)."""

from storage import (
    audit,
    bookings,
    capacity,
    catalogue,
    chat_options,
    conversations,
    customers,
    drafts,
    feedback,
    inbox,
    jobs,
    knowledge_base,
    new_cars,
    outbox,
    questions,
    staff,
    surveys,
    tickets,
    visits,
    waitlist,
)
from storage.base import Base

metadata = Base.metadata

__all__ = [
    "audit",
    "bookings",
    "capacity",
    "catalogue",
    "chat_options",
    "conversations",
    "customers",
    "drafts",
    "feedback",
    "inbox",
    "jobs",
    "knowledge_base",
    "metadata",
    "new_cars",
    "outbox",
    "questions",
    "staff",
    "surveys",
    "tickets",
    "visits",
    "waitlist",
]
