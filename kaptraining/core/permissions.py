"""Wagtail admin permission policies for records that are kept, not edited."""

from wagtail.permission_policies import ModelPermissionPolicy


class AppendOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff may view (and, if allowed, add) but never edit or delete in the admin.
    Records such as ledger entries and payments change only through services."""

    def __init__(self, model, *, allow_add: bool = False, **kwargs):
        super().__init__(model, **kwargs)
        self.allow_add = allow_add

    def user_has_permission(self, user, action):
        if action in ("change", "delete") or (action == "add" and not self.allow_add):
            return False
        if action == "view":
            return user.is_active and user.is_staff
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions)
