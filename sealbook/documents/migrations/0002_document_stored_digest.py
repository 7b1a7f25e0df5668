"""Name a stored file's fingerprint by what it is, and by the algorithm that made it.

Files stored until now were fingerprinted with SHA-256, and that digest is
still right for their bytes and is what their DOCUMENT_ADDED audit entry
pins, so existing rows keep it and are marked `sha256`; nothing is
re-hashed. New files are fingerprinted with BLAKE3 (`documents.fingerprint`).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="document",
            old_name="stored_sha256",
            new_name="stored_digest",
        ),
        migrations.AddField(
            model_name="document",
            name="digest_algorithm",
            # The default is only for the rows that exist when this runs: all SHA-256.
            field=models.CharField(
                choices=[("blake3", "BLAKE3"), ("sha256", "SHA-256")],
                default="sha256",
                max_length=16,
            ),
            preserve_default=False,
        ),
    ]
