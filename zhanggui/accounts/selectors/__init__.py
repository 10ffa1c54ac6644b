"""Reads about staff. Other code imports from here: ``from zhanggui.accounts import selectors``."""

from .staff import api_token_list, staff_get, staff_list, team_list

__all__ = ["api_token_list", "staff_get", "staff_list", "team_list"]
