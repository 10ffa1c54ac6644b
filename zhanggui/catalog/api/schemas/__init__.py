"""Request and response schemas of the catalog API, one module per area."""
