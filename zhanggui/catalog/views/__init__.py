"""Console pages of the catalog; each module covers one area."""
