"""The restore drill with a destroyed client: everyone else's features keep working.

Back up, `retention destroy` one client, write the keyring, lose the home,
restore the old backup with the new keyring: the destroyed client comes back
as ciphertext without a key. Until `retention destroy` runs again for them,
`leak-check`, `deid`, the client list, search and the web leak check must
leave that one client out, say so once, and work for every other client.
"""

from __future__ import annotations

import json
import shutil

from tests.backup.test_backup_cli import (  # noqa: F401 - fixtures
    back_up_then_destroy,
    dump,
    empty_database,
    populated,
    practice,
    tool,
)

NOTE = "sealbook: note: 1 client record was left out: its data key was destroyed"


def test_a_restored_practice_with_a_shredded_client_still_serves_the_others(
    practice,  # noqa: F811
    tmp_path,
    empty_database,  # noqa: F811
):
    before = dump(practice)
    doomed, *others = sorted(before["clients"])
    gone = before["clients"][doomed][0]
    kept = [before["clients"][other][0] for other in others]
    backups = tmp_path / "backups"
    new_secret = back_up_then_destroy(practice, backups, doomed)
    keyring = str(tmp_path / "keyring-now.json")
    assert practice.run("backup", "keyring", keyring, env=new_secret).returncode == 0
    shutil.rmtree(practice.home)
    restored = practice.run(
        "restore", str(backups / "before"), "--keyring", keyring,
        env={**new_secret, **empty_database},
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert doomed in restored.stdout
    env = {**new_secret, **empty_database}

    text = f"Saw {gone} Testperson, then {kept[0]} and {kept[1]} called.\n"
    checked = practice.run("leak-check", env=env, stdin=text)
    assert checked.returncode == 1, checked.stderr
    assert checked.stderr.count(NOTE) == 1 and "error" not in checked.stderr
    for other in others:
        assert f"client {other}" in checked.stdout
    assert doomed not in checked.stdout

    deid = practice.run("deid", env=env, stdin=text)
    assert deid.returncode == 0, deid.stderr
    assert deid.stderr.count(NOTE) == 1
    assert kept[0] not in deid.stdout and kept[1] not in deid.stdout

    pages = json.loads(
        tool(
            practice, "features", gone, kept[0], env={**env, "SEALBOOK_ALLOWED_HOSTS": "testserver"}
        )
    )
    for name, page in pages.items():
        assert page["status"] == 200, name
        assert page["left_out"] == 1, name
        assert gone not in page["names"], name
    assert set(pages["list"]["names"]) == set(kept)
    assert pages["search_kept"]["names"] == [kept[0]]
    assert pages["search_gone"]["names"] == []
    assert pages["leak_check"]["names"] == [kept[0]]
