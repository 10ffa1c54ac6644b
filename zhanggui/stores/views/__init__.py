"""Console pages of stores, one module per area."""
