"""Forms of the customer-service console."""
