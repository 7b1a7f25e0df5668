"""Framework-free core: crypto, audit log and de-identification.

Nothing under this package may import Django (tests/core/test_framework_free.py
enforces it), so the security-critical code can be reviewed, typed strictly and
reused without the web app.
"""
