"""Plain tables of the accounts context: how people read the audit actions it writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "accounts.api_token.create": _("Create API token"),
    "accounts.api_token.revoke": _("Revoke API token"),
    "accounts.password_change": _("Change own password"),
    "accounts.staff.create": _("Add staff member"),
    "accounts.staff.password_set": _("Set staff member's password"),
    "accounts.staff.update": _("Edit staff member"),
    "accounts.team.create": _("Create team"),
}
