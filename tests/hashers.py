"""The password hasher of the test suite: Argon2id, with the smallest costs.

Every practice a test creates stores its owner's password hash, and at
Django's Argon2 costs (t=2, 100 MiB, p=8) each one takes about 0.25 s: over
the suite that was minutes. This is the same algorithm and encoding
(`argon2$argon2id$...`), so hashes verify and `sealbook check` still sees an
Argon2 hasher; only the cost parameters in each hash are lower. The real
settings (and the CLI tests, which run the real command) keep Django's costs.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1
