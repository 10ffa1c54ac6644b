from .products import ROUTES

__all__ = ["ROUTES"]
