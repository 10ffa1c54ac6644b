"""Home cards of the after-sales context."""

WIDGETS: list = []
