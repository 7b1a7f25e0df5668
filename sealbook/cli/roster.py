"""The roster loader that `sealbook deid` and `sealbook leak-check` use (see cli/deid.py).

Behaviour, also in docs/deid.md:

- a practice here, unsealable (SEALBOOK_PASSPHRASE_FILE, SEALBOOK_KEY_FILE or
  SEALBOOK_HSM_PIN_FILE, or a passphrase typed on a terminal): the roster of
  every client is read from the vault, and an audit entry records that it was
  (how many clients, never who);
- no practice here, or a sealed one and no secret configured: no roster; the
  command still runs with the general detectors and says so on stderr in one
  line (`RosterUnavailable`);
- a client whose data key was destroyed (a practice restored from a backup
  made before `retention destroy`): left out of the roster, and said once on
  stderr; every other client is still checked;
- a secret configured that does not unseal the practice, or a database that
  cannot be reached: a one-line error and exit 2, never a silent check
  without the roster.

Django is imported only when the loader runs, so `sealbook --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from sealbook.cli.deid import RosterUnavailable

if TYPE_CHECKING:
    from sealbook.core.deid import Roster


def load_practice_roster() -> Roster:
    from sealbook.cli.bootstrap import database_ready, open_practice, setup_django

    setup_django()
    from sealbook.vault import runtime

    if not database_ready():
        raise RosterUnavailable("no practice here")
    try:
        open_practice(unseal=True)
    except runtime.PracticeNotInitialised:
        raise RosterUnavailable("no practice here") from None
    except runtime.PracticeSealed:
        raise RosterUnavailable(
            "the practice is sealed and no unseal secret is configured "
            "(set SEALBOOK_PASSPHRASE_FILE, SEALBOOK_KEY_FILE or SEALBOOK_HSM_PIN_FILE)"
        ) from None
    from sealbook.records.unreadable import notice
    from sealbook.sharing.actions import load_roster_for_command

    loaded = load_roster_for_command()
    if loaded.unreadable:
        # Said once, on stderr: the findings on stdout stay what scripts read.
        print(f"sealbook: note: {notice(loaded.unreadable)}", file=sys.stderr)
    return loaded.roster
