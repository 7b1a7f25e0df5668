"""Clinicians' key pairs, and psychotherapy notes only their recipients can open.

DESIGN.md capability 3: nobody who holds the database, the practice KEK and
every server file can read a psychotherapy note without the author's password,
recovery code or the successor custodian's offline kit. This package is the
cryptography of that promise; the web side stores what it returns. It is split
by concept, and callers import from the module that holds what they need:

    key_pair        UserKeyPair, WrongSecret, key_fingerprint; sealing a private
                    key under a symmetric key (shared by the three wraps)
    enrolment       enrol() -> Enrolment: a new key pair wrapped both ways
    password_wrap   the private key wrapped under a password (Argon2id)
    recovery_code   the one-time recovery code and the key wrapped under it
    note_envelope   notes sealed once to several recipients
    hpke            RFC 9180 HPKE, composed here, that seals a note's key
    session_split   an unwrapped key held across one web session
    custodian_kit   the successor custodian's printed offline kit
    base32          Crockford's base32, as codes and kits are typed by people
    randomness      the one source of random bytes, which tests replace

Every function raises; none returns a boolean for a security check.
`WrongSecret` when a password, recovery code or kit does not unlock (or is
mistyped or damaged), with a one-line message for the user; AES-GCM cannot
tell a wrong secret from an altered sealed key, so both raise it.
`InvalidCiphertext` for everything else that fails: a malformed or tampered
blob, weakened KDF parameters, a note opened by a non-recipient or under the
wrong context, either half of a session split missing or wrong.

Each stored format opens with its own version byte, given with its wire
format in its module: 0x11 password-wrapped key, 0x12 recovery-wrapped key,
0x21 note envelope, 0x31 session server half. Integers are big-endian.
Recipient ids appear in the clear: use opaque user ids.
"""
