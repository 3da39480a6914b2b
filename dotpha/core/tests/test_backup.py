"""Back up the demo province and some uploaded files with `manage.py backup`, restore them with
`manage.py restore` into a new database and a new folder, and compare every table's rows and every file's
hash. On the engine the tests run on: SQLite, or PostgreSQL in CI's PostgreSQL pass."""

import contextlib
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from dotpha.tests.gunicorn_process import clean_environment
from dotpha.tests.postgres_cluster import binaries, copy_database, on_postgres

# Only so that pytest-django creates the migrated test database: the source is a copy of it.
pytestmark = pytest.mark.django_db

UPLOADS = {
    "reports/templates/Mẫu báo cáo quý.docx": os.urandom(180_000),
    "evidence/2026/03/biên bản nghiệm thu.pdf": b"%PDF-1.7\n" + os.urandom(250_000),
    "evidence/2026/03/ảnh hiện trường.jpg": os.urandom(64_000),
    "exports/2026/thong-ke.xlsx": os.urandom(20_000),
    "empty.txt": b"",
}


@dataclass
class Place:
    """A database and an upload folder, as the commands see them through the environment."""

    env: dict[str, str]
    media: Path
    url: str

    def counts(self) -> dict[str, int]:
        # Read straight from the database, not through the code under test.
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
                tables = sorted(n for (n,) in names if not n.startswith("sqlite_"))
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        with psycopg.connect(self.url) as db:
            names = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchall()[0][0] for (t,) in sorted(names)}

    def execute(self, sql: str) -> None:
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                db.execute(sql)
            return
        with psycopg.connect(self.url) as db:
            db.execute(sql)  # type: ignore[arg-type]

    def files(self) -> dict[str, str]:
        return {
            p.relative_to(self.media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in self.media.rglob("*")
            if p.is_file()
        }

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )


def place(folder: Path, url: str) -> Place:
    folder.mkdir()
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="0",
        DATABASE_URL=url,
        DOTPHA_VAR_DIR=str(folder),
    )
    return Place(env=env, media=folder / "media", url=url)


@pytest.fixture
def places(tmp_path):
    """`source`: a copy of the migrated test database; `target`: a new, empty database."""
    if not on_postgres():
        source = place(tmp_path / "source", f"sqlite:///{tmp_path / 'source' / 'dotpha.sqlite3'}")
        connection.ensure_connection()
        with sqlite3.connect(source.url.removeprefix("sqlite:///")) as copy:
            connection.connection.backup(copy)
        yield source, place(tmp_path / "target", f"sqlite:///{tmp_path / 'target' / 'dotpha.sqlite3'}")
        return
    bin_dir = binaries()
    if bin_dir is None:
        pytest.fail("DATABASE_URL là PostgreSQL nhưng không tìm thấy /usr/lib/postgresql/*/bin")
    with new_databases("backup_source", "backup_target") as (source_url, target_url):
        source = place(tmp_path / "source", source_url)
        copy_database(bin_dir, connection.settings_dict, source.url)
        yield source, place(tmp_path / "target", target_url)


@contextlib.contextmanager
def new_databases(*suffixes: str) -> Iterator[list[str]]:
    """Empty PostgreSQL databases beside the test database, dropped afterwards; yields their URLs."""
    db = connection.settings_dict
    server = f"postgres://{db['USER'] or 'postgres'}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
    server += f":{db['PORT'] or 5432}"
    names = [f"{db['NAME']}_{suffix}" for suffix in suffixes]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"{server}/{name}" for name in names]
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_target(tmp_path):
    """A new, empty database and upload folder to restore into."""
    if not on_postgres():
        yield place(tmp_path / "target", f"sqlite:///{tmp_path / 'target' / 'dotpha.sqlite3'}")
        return
    with new_databases("backup_hostile") as (url,):
        yield place(tmp_path / "target", url)


SESSION_KEY = "phiendangnhapconhieuluc0123456789"


def altered(archive: Path, target: Path, name: str, change) -> Path:
    """A copy of `archive` with member `name`'s bytes passed through `change`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == name:
                data = change(data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_backup_of_the_demo_restores_every_row_and_file_into_a_new_database(places, tmp_path):
    source, target = places
    loaded = source.manage("load_demo")
    assert loaded.returncode == 0, loaded.stderr
    for name, content in UPLOADS.items():
        (source.media / name).parent.mkdir(parents=True, exist_ok=True)
        (source.media / name).write_bytes(content)
    # A signed-in user's session: its key would let whoever reads the archive act as that user.
    source.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date) "
        f"VALUES ('{SESSION_KEY}', 'du-lieu-phien', '2099-01-01 00:00:00+00')"
    )
    archive = tmp_path / "dotpha.tar"

    backed_up = source.manage("backup", str(archive))
    assert backed_up.returncode == 0, backed_up.stderr
    assert "Đã sao lưu" in backed_up.stdout
    # Readable by its owner only, and no session in it.
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert SESSION_KEY.encode() not in archive.read_bytes()

    restored = target.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "số dòng và mã băm đều khớp" in restored.stdout

    rows = source.counts()
    assert rows["tasks_task"] > 1000  # the demo, not an empty schema
    assert rows["tasks_historicaltask"] > 1000
    assert rows["django_session"] == 1
    rows["django_session"] = 0  # the sessions are left out: a restore logs everyone out
    assert target.counts() == rows
    assert source.files() == target.files()
    # The demo's own files (report templates) and the ones added here.
    assert set(UPLOADS) < set(target.files())

    # A second restore into the now filled database is refused and changes nothing.
    again = target.manage("restore", str(archive))
    assert again.returncode != 0
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in again.stderr
    assert target.counts() == rows
    assert source.files() == target.files()

    # With --replace it restores over what is there: a file added since is gone, the rows are the backup's.
    (target.media / "thêm sau.txt").write_bytes(b"tep them sau")
    replaced = target.manage("restore", "--replace", str(archive))
    assert replaced.returncode == 0, replaced.stderr
    assert target.counts() == rows
    assert target.files() == source.files()

    # A damaged archive is refused before --replace destroys anything: a file that is not the one saved,
    # then a database dump that cannot be read.
    (target.media / "thêm sau.txt").write_bytes(b"tep them sau")
    before_rows, before_files = target.counts(), target.files()
    wrong_file = altered(archive, tmp_path / "sai-tep.tar", "media/empty.txt", lambda data: b"khac")
    dump_name = "database.dump" if on_postgres() else "database.sqlite3"
    broken_dump = altered(archive, tmp_path / "sai-csdl.tar", dump_name, lambda data: os.urandom(len(data)))
    for damaged in (wrong_file, broken_dump):
        refused = target.manage("restore", "--replace", str(damaged))
        assert refused.returncode != 0
        assert "Bản sao lưu bị hỏng, chưa thay đổi gì" in refused.stderr
        assert target.counts() == before_rows
        assert target.files() == before_files


ESCAPE = f"dotpha-escape-{uuid.uuid4().hex}"
UP = "../" * 12  # from any temporary folder up to the root


def member(name: str, data: bytes = b"", **attributes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attributes.items():
        setattr(info, key, value)
    return info, data


@pytest.mark.parametrize(
    "hostile",
    [
        [member(f"{UP}tmp/{ESCAPE}", b"ghi ra ngoai")],
        [member(f"media/{UP}tmp/{ESCAPE}", b"ghi ra ngoai")],
        [member("media/passwd", type=tarfile.SYMTYPE, linkname="/etc/passwd")],
        [member("media/len", type=tarfile.SYMTYPE, linkname=UP + "tmp")],
        [member("media/passwd", type=tarfile.LNKTYPE, linkname="/etc/passwd")],
        [member("media/thiet-bi", type=tarfile.CHRTYPE, devmajor=1, devminor=3)],
        [member("media/chay.sh", b"#!/bin/sh\nid\n", mode=0o4755)],
    ],
    ids=["up-and-out", "media-up-and-out", "symlink-absolute", "symlink-up", "hardlink", "device", "setuid"],
)
def test_a_hostile_archive_is_refused_and_writes_nothing(empty_target, tmp_path, hostile):
    """An archive is input from outside (a copy carried between machines): paths out of the folder, links,
    devices and set-uid files are never written, and the target stays empty."""
    engine = "postgresql" if on_postgres() else "sqlite"
    manifest = json.dumps(
        {"engine": engine, "created_at": "2026-01-01T00:00:00+00:00", "tables": {}, "files": {}, "format": 1}
    ).encode()
    archive = tmp_path / "doc-hai.tar"
    with tarfile.open(archive, "w") as tar:
        for info, data in [member("manifest.json", manifest), *hostile]:
            tar.addfile(info, io.BytesIO(data))

    refused = empty_target.manage("restore", str(archive))

    assert refused.returncode != 0
    assert "chưa thay đổi gì" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (Path("/tmp") / ESCAPE).exists()
    assert not list(tmp_path.rglob(ESCAPE))
    assert not empty_target.media.exists() or not any(empty_target.media.iterdir())
    assert empty_target.counts() == {}
