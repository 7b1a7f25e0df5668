"""The starting texts a new practice gets for each consent document.

They are a sensible first draft, not legal advice: a practice edits them
(publishing a new version) to match its state's law and its own policies.
"""

from __future__ import annotations

from sealbook.consent.models import ConsentKind

INFORMED_CONSENT = """\
Informed consent to psychological services and the limits of confidentiality

What we will do. Psychotherapy is a collaboration. We will agree on goals, and you may ask \
about the methods, their expected benefits and risks, and alternatives at any time. You may \
end treatment whenever you choose.

Confidentiality. What you say in sessions, and your record, are kept confidential. Your \
record is encrypted, every access to it is logged, and you may ask who has looked at it. \
Information leaves this practice only with your written authorization, or where the law \
requires or permits it without one. Those exceptions are:
- when there is a serious and imminent threat to your life or to someone else's, we may \
act to protect those at risk (duty to warn or protect);
- suspected abuse or neglect of a child, an elder or a dependent adult must be reported to \
the authorities (mandated reporting);
- a court order or other legal process may require us to release information;
- health oversight agencies may review records as the law allows;
- if you use insurance or another payer, the minimum information needed for payment is \
shared with that payer;
- we may consult other professionals about your care without identifying you; with your \
consent or where the law allows, we may coordinate with your other treating providers.

Couples, family and group work. When more than one person takes part, what is said in \
joint sessions is shared among the participants; we will discuss how information shared \
individually is handled before we begin.

Minors. For clients under 18, parents or guardians have rights to some information; we \
will agree at the start what will and will not be shared.

Your rights. You may see and get a copy of your record (we answer within 30 days), ask us \
to amend it, receive an accounting of disclosures made without your authorization, and \
revoke any authorization you have signed. Psychotherapy notes that your clinician keeps \
apart from the record are not part of the record you may receive.

When things change. If your circumstances change in a way that affects these limits (for \
example a court case, joint sessions, a new payer, or a change of custody), we will discuss \
them with you again and ask you to sign again.
"""

TELEHEALTH = """\
Consent to telehealth and electronic communication (APA Ethics Code 4.02(c))

Sessions by video or telephone, and messages, carry privacy risks that in-person sessions \
do not. We use a self-hosted video service with encrypted connections, single-use links and \
a waiting room, and we do not record sessions without separate written consent. Still:
- someone near you, or with access to your device or network, could see or hear the session;
- e-mail and text messages are not fully secure: please do not use them for urgent or \
sensitive matters;
- a connection may fail; we will agree a way to reconnect or continue by telephone;
- in an emergency during a remote session we need to know where you are and whom to call.

You may stop using electronic services at any time and return to in-person sessions.
"""

RECORDING = """\
Consent to recording of sessions (APA Ethics Code 4.03)

Sessions are never recorded without the written permission of every person taking part. \
If you agree, audio or video of a session may be recorded for the purpose stated to you \
(for example clinical supervision). Recordings are encrypted, kept only as long as that \
purpose requires, and destroyed afterwards. They are not shared outside the practice \
without your separate written authorization. Refusing has no effect on your care, and you \
may withdraw this consent at any time, including during a session.
"""

STARTING_TEXTS: dict[str, tuple[str, str]] = {
    ConsentKind.INFORMED_CONSENT: (
        "Informed consent and limits of confidentiality",
        INFORMED_CONSENT,
    ),
    ConsentKind.TELEHEALTH: ("Telehealth and electronic communication", TELEHEALTH),
    ConsentKind.RECORDING: ("Recording of sessions", RECORDING),
}
