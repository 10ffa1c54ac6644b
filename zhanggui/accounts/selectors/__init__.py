"""Reads about staff. Other code imports from here: ``from zhanggui.accounts import selectors``."""

from .staff import staff_get, staff_list, team_list
from .tokens import api_token_list

__all__ = ["api_token_list", "staff_get", "staff_list", "team_list"]
