"""Thin Huey wrappers around after-sales services (scheduled rules, reminders, scans)."""
