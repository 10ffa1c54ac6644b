"""Console forms of the orders context, one module per area."""
