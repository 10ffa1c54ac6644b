"""Console forms of staff, one module per area."""
