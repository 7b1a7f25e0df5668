"""Audit event types: stable integers, grouped by domain (as zulip's RealmAuditLog does).

Never renumber or reuse a value: old entries keep their numbers forever and the
hash chain covers them. docs/audit-events.md lists every type (a test keeps
the two equal).
"""

from __future__ import annotations

from enum import IntEnum, unique


# @unique: two events sharing a number would silently become aliases.
@unique
class AuditEvent(IntEnum):
    # Accounts and sessions, 100-199.
    LOGIN_SUCCEEDED = 101
    LOGIN_FAILED = 102
    LOGOUT = 103
    IDLE_LOGOFF = 104
    MFA_ENROLLED = 105
    MFA_VERIFIED = 106
    MFA_FAILED = 107
    LOGIN_LOCKED_OUT = 108
    SESSION_EXTENDED = 109
    USER_CREATED = 110
    PASSWORD_CHANGED = 111
    PASSWORD_RESET = 112
    ROLE_CHANGED = 113
    USER_KEY_CREATED = 120
    USER_KEY_RECOVERED = 121
    PASSKEY_ENROLLED = 130
    PASSKEY_REMOVED = 131
    PASSKEY_FAILED = 132

    # Practice and keys, 200-299.
    PRACTICE_CREATED = 201
    PRACTICE_UNSEALED = 202
    KEK_ROTATED = 203
    CHECKPOINT_EXPORTED = 205
    CUSTODIAN_NAMED = 210
    CUSTODIAN_KIT_USED = 211
    PRACTICE_POLICY_CHANGED = 215
    BACKUP_CREATED = 251
    BACKUP_VERIFIED = 252
    PRACTICE_RESTORED = 253
    DATABASE_UPGRADED = 261

    # Client records, 300-399.
    CLIENT_CREATED = 301
    CLIENT_UPDATED = 302
    CHART_VIEWED = 303
    CLIENT_SEARCHED = 304
    CLIENTS_IMPORTED = 305
    CONTACT_CREATED = 306
    CARE_TEAM_MEMBER_ADDED = 307
    SESSION_CREATED = 311
    NOTE_CREATED = 321
    NOTE_UPDATED = 322
    NOTE_SIGNED = 323
    NOTE_AMENDED = 324
    NOTE_VIEWED = 325
    PSYCHOTHERAPY_NOTE_CREATED = 371
    PSYCHOTHERAPY_NOTE_VIEWED = 372
    PSYCHOTHERAPY_NOTE_SHARED = 373
    DOCUMENT_ADDED = 331
    DOCUMENT_VIEWED = 332

    # Access decisions, 400-499.
    ACCESS_DENIED = 401
    ACCESS_GRANTED = 402
    BREAK_GLASS_STARTED = 410
    REAUTHENTICATED = 420
    SUPERVISION_STARTED = 430

    # Sharing case material and the leak check, 500-599.
    CASE_PACKET_CREATED = 501
    LEAK_CHECK_RUN = 502
    ROSTER_LOADED = 503

    # Consent, authorizations, disclosures and the right of access, 600-699.
    CONSENT_DOCUMENT_PUBLISHED = 601
    CONSENT_SIGNED = 602
    CONSENT_WITHDRAWN = 603
    CONFIDENTIALITY_EVENT_RECORDED = 605
    AUTHORIZATION_RECORDED = 611
    AUTHORIZATION_REVOKED = 612
    AUTHORIZATION_EXPIRY_EVENT = 613
    AUTHORIZATION_PRINTED = 614
    DISCLOSURE_RECORDED = 621
    DISCLOSURE_REFUSED = 622
    DISCLOSURE_RESEALED = 623
    ACCOUNTING_PRODUCED = 631
    ACCESS_REQUEST_OPENED = 641
    ACCESS_REQUEST_EXTENDED = 642
    RECORD_EXPORTED = 651

    # Retention and destruction, 700-799.
    LEGAL_HOLD_PLACED = 701
    LEGAL_HOLD_RELEASED = 702
    CLIENT_DESTROYED = 711

    # Drafts of unsaved text kept at an idle logoff, 800-899.
    DRAFT_KEPT = 801
    DRAFT_RESTORED = 802
    DRAFT_DISCARDED = 803
