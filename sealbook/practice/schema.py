"""Whether the database has every change this version of Sealbook makes to it.

A new version can change the tables (Django migrations). Every command that
opens a practice refuses a database that lacks some of them, with one line
naming `sealbook upgrade`, rather than failing later on a missing column in
the middle of its work. The check runs on every command start, so it first
compares migration file names with the `django_migrations` table (one query,
no imports) and asks Django's migration planner only when those differ.
"""

from __future__ import annotations

import importlib.util
import os

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from sealbook.core.errors import SealbookError


class UpgradeNeeded(SealbookError):
    def __init__(self, pending: list[str]) -> None:
        super().__init__(
            f"this database was made by an earlier version of Sealbook and lacks "
            f"{len(pending)} change(s) this version needs: run `sealbook upgrade` "
            f"(with a backup made by the earlier version kept safe)"
        )
        self.pending = pending


def pending_migrations() -> list[str]:
    """The migrations ("app.name") this version has and the database has not applied, in order."""
    if not _files_differ_from_table():
        return []
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def upgrade_database() -> list[str]:
    """Apply this version's pending changes, and log the upgrade; returns what was applied."""
    from sealbook import __version__
    from sealbook.audit.events import AuditEvent
    from sealbook.audit.log import record
    from sealbook.practice.setup import migrate_database

    pending = pending_migrations()
    if pending:
        migrate_database()
        record(AuditEvent.DATABASE_UPGRADED, detail={"version": __version__, "migrations": pending})
    return pending


def require_current_schema() -> None:
    pending = pending_migrations()
    if pending:
        raise UpgradeNeeded(pending)


def _files_differ_from_table() -> bool:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    for app in apps.get_app_configs():
        module, _explicit = MigrationLoader.migrations_module(app.label)
        if module is None:
            continue
        try:
            spec = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for file in os.listdir(folder):
                name, ext = os.path.splitext(file)
                if (
                    ext == ".py"
                    and name[:1] not in ("_", "~", ".")
                    and (app.label, name) not in applied
                ):
                    return True
    return False
