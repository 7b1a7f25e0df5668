"""The cost of opening a chart of 50 notes, with encryption and without.

    .venv/bin/python bench/chart_bench.py [--rounds 400] [--warmup 30]

Builds, in one throwaway practice, two identical clients (same synthetic
demographics, 2 contacts, 50 sessions, 50 signed SOAP notes of 2-3 KB each, 5
amendments), both through the real actions (so every write is authorised and
audited):

- "encrypted": the real thing;
- "plaintext": created and read with encryption switched off in this process
  only. `EncryptedField.pre_save` stores the field's encoded bytes unchanged
  and `EncryptedField.decrypt` decodes them unchanged, so no data key is looked
  up, no associated data is built and no AES-GCM runs. Everything else is the
  same code: the ORM query, the lazy per-attribute decode, the access checks,
  the audit entry with its Ed25519-signed head, the session write, the
  template. The difference between the two is therefore exactly what the
  field encryption costs a chart view.

A clinician on both care teams, signed in with both factors (as
tests/conftest.py's `sign_in` does), GETs /clients/<uuid>/ with Django's test
Client. The variants are interleaved (ABBA order per round), after a warm-up.
A third variant, "encrypted, cold key cache", empties the process's cache of
unwrapped data keys before each request (as after a server restart), so the
request also reads and unwraps the client's wrapped key.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb

NOTES = 50
AMENDED_NOTES = (2, 9, 19, 29, 44)
TARGET_RATIO = 1.3

# Generic clinical phrases, combined at random: no real person is described.
_SUBJECTIVE = (
    "Client reports sleeping poorly for the past two weeks, waking around three in the morning "
    "and lying awake worrying about work deadlines.",
    "Client describes fewer panic episodes since the last session and used paced breathing "
    "twice during the week, once on public transport.",
    "Client states mood has been low most days with reduced interest in usual activities, "
    "including the weekly walk with a friend.",
    "Client reports an argument with a family member over the holidays and ruminating about "
    "it for several days afterwards.",
    "Client says the exposure homework felt difficult but manageable and rated peak distress "
    "at 60 out of 100, falling to 30 after ten minutes.",
    "Client reports drinking less caffeine after the last session and notices fewer "
    "physical symptoms of anxiety in the afternoons.",
    "Client describes a productive week at work but continued avoidance of phone calls, "
    "which are left to voicemail and returned by text.",
    "Client reports appetite is back to usual and has resumed cooking dinner most evenings.",
)
_OBJECTIVE = (
    "Alert and oriented to person, place and time; affect constricted; speech normal rate "
    "and volume.",
    "Appeared tired; good eye contact; thought process linear and goal directed.",
    "Affect brighter than last session; engaged throughout; no evidence of psychosis.",
    "Casually dressed and well groomed; psychomotor activity within normal limits.",
    "PHQ-9 score 12 (moderate), down from 16 four weeks ago; GAD-7 score 11.",
)
_ASSESSMENT = (
    "Symptoms remain consistent with generalized anxiety disorder; gradual improvement with "
    "CBT skills, particularly cognitive restructuring of catastrophic predictions.",
    "Depressive symptoms persist at a moderate level; no current safety concerns reported; "
    "protective factors include supportive partner and stable employment.",
    "Progress toward treatment goals is steady; motivation remains good and homework "
    "completion has improved over the last three sessions.",
    "Avoidance continues to maintain anxiety; client shows good insight into the cycle and "
    "willingness to test predictions behaviourally.",
)
_PLAN = (
    "Continue weekly sessions; practise cognitive restructuring worksheet daily and bring "
    "two completed records to the next session.",
    "Introduce behavioural activation schedule with three valued activities; review at next "
    "session.",
    "Continue graded exposure hierarchy; next step agreed in session is making one phone call "
    "per day without rehearsing.",
    "Review sleep hygiene handout; keep a sleep diary for one week; consider referral for "
    "medication evaluation if no improvement in four weeks.",
)


def paragraph(rng: random.Random, pool: tuple[str, ...], chars: int) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(rng.choice(pool))
    return " ".join(parts)


def note_sections(rng: random.Random) -> dict[str, str]:
    return {
        "subjective": paragraph(rng, _SUBJECTIVE, rng.randint(700, 1200)),
        "objective": paragraph(rng, _OBJECTIVE, rng.randint(250, 450)),
        "assessment": paragraph(rng, _ASSESSMENT, rng.randint(400, 800)),
        "plan": paragraph(rng, _PLAN, rng.randint(300, 600)),
    }


@contextlib.contextmanager
def encryption_switched_off() -> Iterator[None]:
    """Make EncryptedField store and read its encoded bytes unchanged (this process only)."""
    from sealbook.vault import fields

    def plain_pre_save(self: Any, model_instance: Any, add: bool) -> Any:
        stored = model_instance.__dict__.get(self.attname)
        if stored is None or isinstance(stored, fields.Sealed):
            return stored
        token = fields.Sealed(self.encode(stored))
        model_instance.__dict__[self.attname] = token
        model_instance.__dict__[fields._cache_name(self)] = stored
        return token

    def plain_decrypt(self: Any, instance: Any, token: Any) -> Any:
        return self.decode(bytes(token))

    real_pre_save = fields.EncryptedField.pre_save
    real_decrypt = fields.EncryptedField.decrypt
    fields.EncryptedField.pre_save = plain_pre_save  # type: ignore[method-assign]
    fields.EncryptedField.decrypt = plain_decrypt  # type: ignore[method-assign]
    try:
        yield
    finally:
        fields.EncryptedField.pre_save = real_pre_save  # type: ignore[method-assign]
        fields.EncryptedField.decrypt = real_decrypt  # type: ignore[method-assign]


def build_chart(clinician: Any, colleague: Any, seed: int) -> Any:
    """One client with 50 sessions, 50 signed SOAP notes and 5 amendments, via the actions."""
    from sealbook.records import actions
    from sealbook.records.models import Modality, NoteFormat, Service

    rng = random.Random(seed)
    details = actions.ClientDetails(
        legal_first_name="Rowan",
        legal_last_name="Benchmark-Example",
        preferred_name="Ro",
        date_of_birth=datetime.date(1984, 3, 17),
        pronouns="they/them",
        phone="555-0134-2271",
        email="rowan.bench@client.example.net",
        street="48 Synthetic Avenue, Apt 3",
        city="Fictionville",
        state="OR",
        postal_code="97000",
        emergency_contact="Jordan Example 555-0188-1200",
        contacts=[
            {
                "name": "Jordan Example",
                "relationship": "spouse",
                "phone": "555-0188-1200",
                "email": "jordan@example.net",
                "notes": "Prefers text messages.",
            },
            {
                "name": "Alex Example",
                "relationship": "sibling",
                "phone": "555-0177-0044",
                "email": "",
                "notes": "",
            },
        ],
    )
    client = actions.create_client(clinician, details, care_team=[colleague])
    first_day = datetime.date(2025, 11, 3)
    notes = []
    for week in range(NOTES):
        session = actions.schedule_session(
            clinician,
            client,
            clinician=clinician,
            date=first_day + datetime.timedelta(days=7 * week),
            start_time=datetime.time(rng.choice([9, 10, 11, 14, 15, 16]), 0),
            duration_minutes=rng.choice([50, 50, 60]),
            service=Service.INTAKE if week == 0 else Service.INDIVIDUAL,
            modality=rng.choice([Modality.IN_PERSON, Modality.TELEHEALTH]),
        )
        note = actions.create_note(
            clinician,
            client,
            note_format=NoteFormat.SOAP,
            session=session,
            sections=note_sections(rng),
        )
        notes.append(actions.sign_note(clinician, note))
    for index in AMENDED_NOTES:
        actions.amend_note(
            clinician,
            notes[index],
            text=paragraph(rng, _PLAN, 250) + " Correction: the session length was 60 minutes.",
            reason="Client requested correction of the recorded session details.",
        )
    return client


def stored_bytes(client: Any) -> bytes:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT legal_last_name FROM records_client WHERE id = %s", [client.id.hex])
        return bytes(cursor.fetchone()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400, help="measured requests per variant")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests per variant")
    args = parser.parse_args()

    with fb.throwaway_practice("chart") as bench:
        from django.contrib.auth.hashers import make_password
        from django.test import Client as WebClient

        from sealbook.audit.models import AuditHead
        from sealbook.records.models import NoteAmendment, ProgressNote, Session
        from sealbook.vault import runtime

        fb.heading("chart_bench: opening a chart of 50 signed notes")
        fb.say(f"machine: {fb.machine_line()}")
        fb.say(f"home: {bench.path} (SQLite, WAL, synchronous=FULL)")
        fb.say(f"code: {fb.code_line()}; {fb.load_line()}")
        password = make_password("bench-staff-password-2026")
        casey = fb.make_staff("casey@bench.example.org", "clinician", "Casey Clinician", password)
        morgan = fb.make_staff(
            "morgan@bench.example.org", "clinician", "Morgan Colleague", password
        )

        build_time, encrypted = fb.timed(lambda: build_chart(casey, morgan, seed=2026))
        with encryption_switched_off():
            plain_time, plaintext = fb.timed(lambda: build_chart(casey, morgan, seed=2026))
        fb.say(
            f"built each chart through the actions in {build_time:.1f} s (encrypted) "
            f"and {plain_time:.1f} s (plaintext)"
        )

        # Check the two variants hold the same content, one sealed and one in the clear.
        assert stored_bytes(plaintext) == b"Benchmark-Example"
        assert b"Benchmark-Example" not in stored_bytes(encrypted)
        for client in (encrypted, plaintext):
            assert ProgressNote.objects.filter(client=client, status="signed").count() == NOTES
            assert Session.objects.filter(client=client).count() == NOTES
            assert NoteAmendment.objects.filter(client=client).count() == len(AMENDED_NOTES)
        note_chars = [
            len("".join(n.sections.values()))
            for n in ProgressNote.objects.filter(client=encrypted).select_related("client")
        ]
        fb.say(
            f"note text: {sum(note_chars) / len(note_chars):.0f} chars per note on average "
            f"({min(note_chars)}-{max(note_chars)}), {sum(note_chars) / 1024:.0f} KiB per chart"
        )

        web = WebClient()
        fb.sign_in(web, casey)

        def cold_keys() -> None:
            runtime.install(runtime.kek(), runtime.keyring())  # empties the data-key cache

        variants: dict[str, tuple[str, Any, Any]] = {
            "encrypted": (f"/clients/{encrypted.id}/", contextlib.nullcontext, None),
            "plaintext": (f"/clients/{plaintext.id}/", encryption_switched_off, None),
            "encrypted, cold key cache": (
                f"/clients/{encrypted.id}/",
                contextlib.nullcontext,
                cold_keys,
            ),
        }
        sizes: dict[str, int] = {}

        def get(name: str) -> tuple[float, float]:
            """One request: (wall seconds, this thread's CPU seconds)."""
            url, mode, before = variants[name]
            with mode():
                if before is not None:
                    before()
                cpu_start = time.thread_time()
                start = time.perf_counter()
                response = web.get(url)
                elapsed = time.perf_counter() - start
                cpu = time.thread_time() - cpu_start
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
            sizes[name] = len(response.content)
            return elapsed, cpu

        names = list(variants)
        for _ in range(args.warmup):
            for name in names:
                get(name)
        rng = random.Random(7)
        samples: dict[str, list[float]] = {name: [] for name in names}
        cpu_samples: dict[str, list[float]] = {name: [] for name in names}
        entries_before = AuditHead.objects.get(pk=1).size
        gc.collect()
        started = time.perf_counter()
        for _ in range(args.rounds):
            order = names[:]
            rng.shuffle(order)  # a new random order each round, so drift hits all variants alike
            for name in order:
                wall_s, cpu_s = get(name)
                samples[name].append(wall_s)
                cpu_samples[name].append(cpu_s)
        wall = time.perf_counter() - started
        entries_written = AuditHead.objects.get(pk=1).size - entries_before

        fb.heading("results (GET /clients/<uuid>/, test Client, ms)")
        fb.say(
            f"{args.rounds} measured requests per variant after {args.warmup} warm-up, "
            f"interleaved in random order per round; {wall:.1f} s in all; "
            f"{entries_written} audit entries written while measuring"
        )
        fb.say(fb.load_line())
        stats = {name: fb.summary_ms(samples[name]) for name in names}
        cpu_stats = {name: fb.summary_ms(cpu_samples[name]) for name in names}
        columns = ("median", "p95", "min", "max", "CPU med", "bytes")
        fb.say(f"{'variant':28} " + " ".join(f"{c:>8}" for c in columns))
        for name in names:
            s = stats[name]
            fb.say(
                f"{name:28} {s['median']:8.2f} {s['p95']:8.2f} {s['min']:8.2f} {s['max']:8.2f} "
                f"{cpu_stats[name]['median']:8.2f} {sizes[name]:8d}"
            )
        ratio_median = stats["encrypted"]["median"] / stats["plaintext"]["median"]
        ratio_p95 = stats["encrypted"]["p95"] / stats["plaintext"]["p95"]
        cold_ratio = stats["encrypted, cold key cache"]["median"] / stats["plaintext"]["median"]
        cpu_ratio = cpu_stats["encrypted"]["median"] / cpu_stats["plaintext"]["median"]
        verdict = "PASS" if ratio_median <= TARGET_RATIO else "MISS"
        fb.say(
            f"encrypted / plaintext: median {ratio_median:.3f}x, p95 {ratio_p95:.3f}x "
            f"(target <= {TARGET_RATIO}x on the median: {verdict}); "
            f"cold key cache / plaintext: median {cold_ratio:.3f}x; "
            f"on CPU time (immune to other processes): median {cpu_ratio:.3f}x"
        )

        # Where the time goes inside one request, without HTTP: the decrypt work alone.
        fb.heading("decrypt work alone (load and read every field the chart shows, ms)")

        def read_chart(client_id: Any) -> int:
            from sealbook.records.models import Client

            client = Client.objects.get(pk=client_id)
            total = len(client.display_name) + len(client.legal_first_name or "")
            for name in (
                "date_of_birth",
                "pronouns",
                "phone",
                "email",
                "street",
                "city",
                "state",
                "postal_code",
                "emergency_contact",
            ):
                total += len(str(getattr(client, name) or ""))
            for contact in client.contact_set.all():
                total += len(contact.name) + len(contact.relationship) + len(contact.phone)
            notes = ProgressNote.objects.filter(client=client).prefetch_related("amendments")
            for note in notes:
                note.client = client
                total += sum(len(text) for _, text in note.section_items())
                total += sum(len(a.text) for a in note.amendments.all())
            return total

        direct: dict[str, list[float]] = {"encrypted": [], "plaintext": []}
        for _ in range(10):
            read_chart(encrypted.id)
            with encryption_switched_off():
                read_chart(plaintext.id)
        for _ in range(200):
            direct["encrypted"].append(fb.timed(lambda: read_chart(encrypted.id))[0])
            with encryption_switched_off():
                direct["plaintext"].append(fb.timed(lambda: read_chart(plaintext.id))[0])
        for name, values in direct.items():
            s = fb.summary_ms(values)
            fb.say(f"{name:28} median {s['median']:.2f}  p95 {s['p95']:.2f}")
        crypto_ms = (
            fb.summary_ms(direct["encrypted"])["median"]
            - fb.summary_ms(direct["plaintext"])["median"]
        )
        fb.say(f"field decryption adds about {crypto_ms:.2f} ms to a chart of {NOTES} notes")
        return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
