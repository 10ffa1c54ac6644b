"""Console views, the chat socket and the agent socket of the customer-service context."""
