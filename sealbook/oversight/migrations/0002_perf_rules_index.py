"""An index on the audit log for the alert rules, kept by the oversight app that reads it.

The many-charts rule asks, on every chart view, when the staff member's
chart view N views back happened: (actor, event, seq) finds exactly those N
entries in order, and with `occurred_at` in the key it answers from the index
alone, without reading the rows (bench/RESULTS.md, "The alert rules"). The
refusal, break-glass and export rules count the same way. The audit app's own
model does not declare it: nothing in the audit app reads the log this way.
"""

from django.db import migrations

INDEX = "oversight_rules_actor_event_seq"


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_screen_indexes"),
        ("oversight", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON audit_auditentry (actor_id, event, seq, occurred_at)",
            f"DROP INDEX {INDEX}",
        ),
    ]
