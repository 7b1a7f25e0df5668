# The PracticePolicy model now belongs to access (access.0002); the table stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
        ("access", "0002_practicepolicy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PracticePolicy")],
            database_operations=[],
        ),
    ]
