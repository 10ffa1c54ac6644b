from .tokens import ROUTES

__all__ = ["ROUTES"]
