"""Input and output schemas of the orders API, one module per area."""
