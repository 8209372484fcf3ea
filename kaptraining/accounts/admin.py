"""Django admin for MFA authenticators: no secrets shown, nothing edited.

allauth's own admin shows (and lets anyone with the admin edit) the TOTP
secret and recovery-code seed. Here staff see who has which factor and may
only remove one (a member who lost their phone), and only from a session
that itself passed MFA (the access middleware also guards /django-admin/).
"""

import allauth.mfa.admin  # noqa: F401  (registers allauth's admin, replaced below)
from allauth.mfa.models import Authenticator
from django.contrib import admin

from .privilege import is_staff, mfa_passed

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return (
            is_staff(request.user)
            and mfa_passed(request)
            and super().has_delete_permission(request, obj)
        )
