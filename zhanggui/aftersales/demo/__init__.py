"""The demo shop's after-sales cases."""
