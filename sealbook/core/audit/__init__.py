"""The tamper-evident audit log: entry encoding, Merkle tree, checkpoints, verification.

Framework-free: the Django `audit` app stores rows and calls these functions.
See docs/audit-log.md for the format.
"""
