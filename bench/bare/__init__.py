"""The baseline of bench/request_budget.py: a bare Django app (no middleware) answering one indexed SELECT."""
