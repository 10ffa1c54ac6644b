"""The after-sales API (``/api/v1/aftersales/…``): routers per area, mounted by the project's api."""

ROUTES: list = []
