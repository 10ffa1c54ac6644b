"""Console pages, the agent socket and the chat socket of the customer-service context."""
