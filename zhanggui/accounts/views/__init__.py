"""Console pages of staff, one module per area."""
