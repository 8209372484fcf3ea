"""Records the database itself keeps append-only (PostgreSQL triggers).

Hours (the ledger), attendance, payments and refunds, and certificates are
never deleted, and what they record never changes in place: a correction is
a new row (a reversing ledger entry, a superseding attendance mark, a refund,
a reissued certificate). The services already work that way; these triggers
make a raw UPDATE or DELETE, from any code or a database console, fail too.

`append_only()` builds a model's `Meta.triggers`:

- every DELETE is refused;
- `frozen` fields never change;
- `set_once` fields may be filled in once (NULL to a value), then never change;
- `never_back` maps a field to a value it may leave but never return to
  (an attendance row stops being current; a certificate stops being valid);
- `never_decrease` fields only grow (money refunded so far).

SQLite has no triggers here: there the models' own save()/delete() guards and
the admin's AppendOnlyPermissionPolicy stay the line of defence.
"""

import pgtrigger


def append_only(
    prefix: str,
    *,
    frozen: list[str],
    set_once: tuple[str, ...] = (),
    never_back: dict[str, object] | None = None,
    never_decrease: tuple[str, ...] = (),
) -> list:
    triggers = [
        pgtrigger.Protect(name=f"{prefix}_no_delete", operation=pgtrigger.Delete),
        pgtrigger.ReadOnly(name=f"{prefix}_frozen", fields=frozen),
    ]
    for field in set_once:
        triggers.append(
            pgtrigger.Protect(
                name=f"{prefix}_{field}_set_once",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(**{f"old__{field}__isnull": False})
                & pgtrigger.Q(**{f"new__{field}__df": pgtrigger.F(f"old__{field}")}),
            )
        )
    for field, value in (never_back or {}).items():
        triggers.append(
            pgtrigger.Protect(
                name=f"{prefix}_{field}_one_way",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(**{f"new__{field}": value})
                & ~pgtrigger.Q(**{f"old__{field}": value}),
            )
        )
    for field in never_decrease:
        triggers.append(
            pgtrigger.Protect(
                name=f"{prefix}_{field}_only_grows",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(
                    **{f"new__{field}__lt": pgtrigger.F(f"old__{field}")}
                ),
            )
        )
    return triggers
