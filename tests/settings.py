"""Settings for the test suite: the real settings, with a throwaway home and secret."""

import os
import tempfile

os.environ.setdefault("SEALBOOK_HOME", tempfile.mkdtemp(prefix="sealbook-test-home-"))

from sealbook.settings import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-used-outside-the-test-suite"

# Argon2id with the smallest costs (tests/hashers.py); the real settings' hasher stays
# in the list, so hashes made with Django's costs still verify.
PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
