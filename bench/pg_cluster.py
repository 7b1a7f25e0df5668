"""A PostgreSQL primary with a synchronous streaming standby on this machine, for the benches.

Used by bench/pg_failover_bench.py, bench/cluster_fault_bench.py and
bench/load/run_load.py (`--fault failover`); needs root (`pg_createcluster`,
`runuser -u postgres`). Two clusters of Debian's PostgreSQL 15 on the ports
given (the main cluster on 5432 is never touched): the primary with
`synchronous_standby_names` naming the standby and `synchronous_commit = on`
(docs/scale.md says why), the standby made by `pg_basebackup -R -X stream`.
A database can be put on the primary before the standby is made
(`make_primary`, then `make_standby`): the base backup then carries it,
which is faster than streaming it.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

AS_POSTGRES = ["runuser", "-u", "postgres", "--"]
BIN = Path("/usr/lib/postgresql/15/bin")


def sh(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done


@dataclass
class Clusters:
    primary: str
    standby: str
    primary_port: int = 0
    standby_port: int = 0

    def url(self, database: str) -> str:
        """Both hosts; libpq keeps the one that accepts writes (docs/scale.md)."""
        return (
            f"postgresql://postgres@127.0.0.1:{self.primary_port},127.0.0.1:{self.standby_port}"
            f"/{database}?target_session_attrs=read-write"
        )

    def make(self) -> None:
        self.make_primary()
        self.make_standby()

    def make_primary(self) -> None:
        self.drop()  # what an interrupted earlier run left
        sh(
            "pg_createcluster",
            "15",
            self.primary,
            "--port",
            str(self.primary_port),
            "--",
            "--auth=trust",
        )
        conf = Path(f"/etc/postgresql/15/{self.primary}/conf.d/replication.conf")
        conf.write_text(
            "listen_addresses = '127.0.0.1'\nwal_level = replica\nmax_wal_senders = 5\n"
            # PITR (docs/scale.md): archive_mode = on and an archive_command would go here.
        )
        sh("chown", "postgres:postgres", str(conf))
        sh("pg_ctlcluster", "15", self.primary, "start")

    def make_standby(self) -> None:
        sh(
            "pg_createcluster",
            "15",
            self.standby,
            "--port",
            str(self.standby_port),
            "--",
            "--auth=trust",
        )
        data = Path(f"/var/lib/postgresql/15/{self.standby}")
        sh("find", str(data), "-mindepth", "1", "-delete")  # keep the folder: its parent is root's
        sh(
            *AS_POSTGRES,
            str(BIN / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary_port),
            "-U",
            "postgres",
            "-D",
            str(data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        )
        Path(f"/etc/postgresql/15/{self.standby}/conf.d/replication.conf").write_text(
            "listen_addresses = '127.0.0.1'\nhot_standby = on\n"
        )
        sh("pg_ctlcluster", "15", self.standby, "start")
        # Synchronous only now that the standby streams: before it, every commit on the
        # primary (a CREATE DATABASE, a restore) would wait for a standby that is not there.
        conf = Path(f"/etc/postgresql/15/{self.primary}/conf.d/replication.conf")
        with conf.open("a") as out:
            # The standby's walreceiver names itself by its cluster_name ("15/<name>").
            out.write(f"synchronous_standby_names = '\"15/{self.standby}\"'\n")
            out.write("synchronous_commit = on\n")
        sh("pg_ctlcluster", "15", self.primary, "reload")
        for _ in range(100):
            state = self.psql("SELECT sync_state FROM pg_stat_replication")
            if state == "sync":
                return
            time.sleep(0.2)
        raise SystemExit(f"{self.standby} did not become a synchronous standby")

    def crash_primary(self) -> None:
        """Stop the primary as a crash would (`-m immediate`): nothing more commits there."""
        sh("pg_ctlcluster", "15", self.primary, "stop", "-m", "immediate")

    def promote_standby(self) -> None:
        sh("pg_ctlcluster", "15", self.standby, "promote")

    def drop(self) -> None:
        for name in (self.primary, self.standby):
            sh("pg_dropcluster", "--stop", "15", name, check=False)
            # pg_dropcluster leaves the folder when it holds a file it did not make.
            ours = Path(f"/etc/postgresql/15/{name}/conf.d/replication.conf")
            ours.unlink(missing_ok=True)
            for folder in (ours.parent, ours.parent.parent):
                if folder.exists() and not any(folder.iterdir()):
                    folder.rmdir()

    def psql(self, sql: str, db: str = "postgres", *, port: int | None = None) -> str:
        return sh(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port or self.primary_port),
            "-U",
            "postgres",
            "-d",
            db,
            "-Atc",
            sql,
        ).stdout.strip()

    def copy_in(self, source_url: str, database: str) -> None:
        """Copy a database of another cluster into a new database on the primary
        (pg_dump | pg_restore; before `make_standby`, so the base backup carries it)."""
        self.psql(f'CREATE DATABASE "{database}"')
        dump = subprocess.Popen(
            ["pg_dump", "-Fc", "--no-owner", source_url], stdout=subprocess.PIPE
        )
        restore = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.primary_port),
                "-U",
                "postgres",
                "-d",
                database,
            ],
            stdin=dump.stdout,
            capture_output=True,
            text=True,
            check=False,
        )
        if dump.stdout is not None:
            dump.stdout.close()
        if dump.wait() != 0 or restore.returncode != 0:
            raise SystemExit(f"copying {source_url} to the primary failed: {restore.stderr[-400:]}")
