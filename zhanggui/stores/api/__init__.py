from .stores import ROUTES

__all__ = ["ROUTES"]
