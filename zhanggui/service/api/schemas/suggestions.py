"""Schemas of the suggestions API (no ``from __future__``: ninja reads the
annotations)."""

from typing import Literal

from ninja import Field, Schema

IntentCode = Literal["", "product", "size", "shipping", "address", "return", "complaint", "invoice", "promotion"]


class SuggestionOut(Schema):
    """A suggested answer: a canned reply (its text with the variables still unfilled) or a
    knowledge entry."""

    kind: Literal["canned", "knowledge"]
    id: int
    title: str
    body: str
    shortcut: str = Field(description="The canned reply's shortcut (/退货); empty for knowledge.")
    category: str = Field(description="The canned reply's category, or the knowledge entry's kind.")
    product_id: int | None = Field(description="The product a knowledge entry is about.")
    score: float = Field(description="Relevance; only the order means something.")


class SuggestionsOut(Schema):
    conversation_id: int
    message_id: int | None = Field(description="The buyer message answered (the latest when none was named).")
    text: str
    intent: IntentCode
    suggestions: list[SuggestionOut]
