"""Console forms of stores, one module per area."""
