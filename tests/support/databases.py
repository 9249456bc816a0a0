"""Building a seeded template database once and handing out fresh copies of it."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url


def _migrate_and_seed(url: str) -> None:
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.services.demo import seed_demo
    from app.services.geography import seed_geography
    from app.services.library import seed_library

    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade()
        seed_geography()
        seed_library()
        seed_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


class SqliteDatabases:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.template = directory / "template.db"

    def build_template(self) -> None:
        _migrate_and_seed(f"sqlite:///{self.template}")

    def fresh(self) -> str:
        target = self.directory / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Databases named ``<base>_<worker>_…`` on the server of ``url``; all dropped at the end."""

    def __init__(self, url: str, worker: str) -> None:
        parsed = make_url(url)
        self.base = f"{parsed.database or 'egekh'}_{worker}".replace("-", "_")
        self.server = parsed.set(drivername="postgresql+psycopg")
        self.admin_dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False
        )
        self.template = f"{self.base}_template"
        self.created: set[str] = set()

    def _execute(self, sql: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute(sql)

    def _url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def build_template(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        self.created.add(self.template)
        _migrate_and_seed(self._url(self.template))

    def fresh(self) -> str:
        name = f"{self.base}_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.created.add(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.discard(name)

    def close(self) -> None:
        for name in list(self.created):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()
