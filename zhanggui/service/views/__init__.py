"""Console pages of customer service."""
