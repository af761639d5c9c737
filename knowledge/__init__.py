"""The FAQ matcher and knowledge curation; no I/O on the match path."""

from knowledge.matcher import Band, Candidate, MatchResult, Thresholds
from knowledge.service import KnowledgeBase

__all__ = ["Band", "Candidate", "KnowledgeBase", "MatchResult", "Thresholds"]
