"""Console forms of the catalog, one module per area."""
