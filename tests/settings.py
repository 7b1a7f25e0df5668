"""Settings for the test suite: the real settings, with a throwaway home and secret."""

import os
import tempfile

os.environ.setdefault("SEALBOOK_HOME", tempfile.mkdtemp(prefix="sealbook-test-home-"))
# The servers tests start (`serve`, `demo`) run without Janus and coturn; the video tests
# start one shared pair themselves (tests/telehealth/conftest.py).
os.environ.setdefault("SEALBOOK_MEDIA", "off")

from sealbook.settings import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-used-outside-the-test-suite"

# Argon2id with the smallest costs (tests/hashers.py); the real settings' hasher stays
# in the list, so hashes made with Django's costs still verify.
PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
