"""Console pages of the orders context, one module per area; each module lists its own ``urlpatterns``."""
