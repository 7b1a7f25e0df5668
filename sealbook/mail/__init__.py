"""E-mail notices that reveal nothing: "sign in to see it", never the content.

Every e-mail Sealbook sends is one of the fixed `Notice` kinds; its text is
written here, not by the caller, so no client name, clinical word or practice
detail can reach an inbox by accident. The only variable parts are the greeting
the recipient chose, a link (a random token, no identifying data) and, for a
reminder, the time.
"""

from sealbook.mail.notices import Notice
from sealbook.mail.sending import MailError, send_notice

__all__ = ["MailError", "Notice", "send_notice"]
