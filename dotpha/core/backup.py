"""Back up the database and the uploaded files together into one archive, and restore it.

The archive is a tar file holding
  - manifest.json: what was saved (engine, time, rows per table, SHA-256 of every file),
  - database.dump (PostgreSQL: `pg_dump -Fc`) or database.sqlite3 (SQLite: the online backup API),
  - media/…: every file under MEDIA_ROOT.
Row counts are taken from the same snapshot as the dump, so a restore can be checked exactly against
them. The archive is readable by its owner only, and holds no sessions: the session table is saved empty
(a live session key in a copy would let its reader log in as that user); a restore logs everyone out.
Django's dumpdata/loaddata is not used: it loses nothing only for simple schemas (history tables,
tree paths, sequences and large tables make it slow and fragile).
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from dotpha.core.errors import ApplicationError, CoreRefusal

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
SESSION_TABLE = "django_session"  # django.contrib.sessions' table: its structure is saved, never its rows
ARCHIVE_MODE = 0o600


@dataclass
class Manifest:
    engine: str
    created_at: str
    tables: dict[str, int]
    files: dict[str, str]
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True).encode()


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise ApplicationError(
            _("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor},
            code=CoreRefusal.BACKUP_UNSUPPORTED,
        )
    return vendor


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    """Relative path (POSIX) → SHA-256 of every regular file under `root`."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def count_rows(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # table names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def database_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")]
        return count_rows(cursor, sorted(tables))


def postgres_arguments() -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client programs, the password through the environment."""
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-d", db["NAME"]]
    if db["USER"]:
        args += ["-U", db["USER"]]
    env = {**os.environ}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise ApplicationError(
            _("Không tìm thấy chương trình %(program)s: cài gói postgresql-client.")
            % {"program": command[0]},
            code=CoreRefusal.BACKUP_TOOL_MISSING,
        ) from exc
    if result.returncode != 0:
        raise ApplicationError(
            _("Lệnh %(program)s không thành công: %(error)s")
            % {"program": Path(command[0]).name, "error": result.stderr.strip()},
            code=CoreRefusal.BACKUP_TOOL_FAILED,
        )


def dump_postgres(target: Path) -> dict[str, int]:
    """pg_dump in the snapshot the rows are counted in: the counts describe exactly what was dumped."""
    args, env = postgres_arguments()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor, sorted(connection.introspection.table_names(cursor)))
        if SESSION_TABLE in counts:
            counts[SESSION_TABLE] = 0
        run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--exclude-table-data={SESSION_TABLE}",
                f"--snapshot={snapshot}",
                "-f",
                str(target),
                *args,
            ],
            env,
        )
    return counts


def dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # a consistent copy even while others write
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = sorted(row[0] for row in cursor.fetchall())
        if SESSION_TABLE in tables:
            cursor.execute(f'DELETE FROM "{SESSION_TABLE}"')
            copy.commit()
            copy.execute("VACUUM")  # or the deleted rows stay readable in the file's free pages
        return count_rows(cursor, tables)
    finally:
        copy.close()


def back_up(archive: Path) -> Manifest:
    kind = engine()
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAMES[kind]
        tables = dump_postgres(dump) if kind == "postgresql" else dump_sqlite(dump)
        # The files after the database: a file uploaded meanwhile is kept (unreferenced), none is missing
        # that a saved row names, unless it was deleted during the backup.
        files = media_files(media_root)
        manifest = Manifest(
            engine=kind,
            created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            tables=tables,
            files=files,
        )
        partial = archive.with_name(archive.name + ".partial")
        # Owner-only from its first byte (the mode of O_CREAT), and again if a stale partial file was there.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, ARCHIVE_MODE)
        os.fchmod(descriptor, ARCHIVE_MODE)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.to_json()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for name in files:
                tar.add(media_root / name, arcname=f"{MEDIA}/{name}", recursive=False)
        partial.replace(archive)  # never a half-written archive under the final name
    return manifest


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.extractfile(MANIFEST)
        data = json.loads(member.read()) if member else None
    except (KeyError, ValueError) as exc:
        raise ApplicationError(
            _("Tệp không phải bản sao lưu của Đột phá."), code=CoreRefusal.BACKUP_INVALID
        ) from exc
    if not data or data.get("format") != FORMAT:
        raise ApplicationError(_("Tệp không phải bản sao lưu của Đột phá."), code=CoreRefusal.BACKUP_INVALID)
    try:
        return Manifest(**data)
    except TypeError as exc:
        raise ApplicationError(
            _("Tệp không phải bản sao lưu của Đột phá."), code=CoreRefusal.BACKUP_INVALID
        ) from exc


def verify_extracted(manifest: Manifest, kind: str, work: Path) -> None:
    """The extracted archive is whole before anything is restored (a --replace would otherwise destroy the
    target for a damaged copy): every file with its hash and none else, and a dump its own tool can read."""
    files = media_files(work / MEDIA)
    wrong = sorted(f for f in set(manifest.files) | set(files) if manifest.files.get(f) != files.get(f))
    if wrong:
        raise ApplicationError(
            _("Bản sao lưu bị hỏng, chưa thay đổi gì: %(files)s")
            % {"files": ", ".join(_("tệp %(file)s") % {"file": f} for f in wrong)},
            code=CoreRefusal.BACKUP_DAMAGED,
        )
    dump = work / DUMP_NAMES[kind]
    if not dump.is_file():
        raise ApplicationError(
            _("Bản sao lưu bị hỏng, chưa thay đổi gì: thiếu tệp cơ sở dữ liệu."),
            code=CoreRefusal.BACKUP_DAMAGED,
        )
    if kind == "postgresql":
        env = postgres_arguments()[1]
        try:
            run(["pg_restore", "--list", str(dump)], env)
        except ApplicationError as exc:
            if exc.code != CoreRefusal.BACKUP_TOOL_FAILED:
                raise
            raise ApplicationError(
                _("Bản sao lưu bị hỏng, chưa thay đổi gì: không đọc được tệp cơ sở dữ liệu."),
                code=CoreRefusal.BACKUP_DAMAGED,
            ) from exc
        return
    try:
        with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as saved:
            result = saved.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        result = [(str(exc),)]
    if result != [("ok",)]:
        raise ApplicationError(
            _("Bản sao lưu bị hỏng, chưa thay đổi gì: không đọc được tệp cơ sở dữ liệu."),
            code=CoreRefusal.BACKUP_DAMAGED,
        )


def restore(archive: Path, *, replace: bool = False) -> Manifest:
    """Restores into the configured database and MEDIA_ROOT, then checks rows and files against the
    manifest. Both must be empty unless `replace`: a restore never mixes two databases. The archive is
    checked whole (manifest, every file's hash, a readable dump) before anything is replaced."""
    kind = engine()
    media_root = Path(settings.MEDIA_ROOT)
    try:
        tar = tarfile.open(archive, "r")  # noqa: SIM115 (closed by the `with` below)
    except (OSError, tarfile.TarError) as exc:
        raise ApplicationError(
            _("Không đọc được tệp sao lưu %(archive)s.") % {"archive": archive},
            code=CoreRefusal.BACKUP_INVALID,
        ) from exc
    with tar, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(tar)
        if manifest.engine != kind:
            raise ApplicationError(
                _("Bản sao lưu là của %(engine)s, cơ sở dữ liệu đích là %(kind)s.")
                % {"engine": manifest.engine, "kind": kind},
                code=CoreRefusal.BACKUP_ENGINE,
            )
        if not replace:
            if connection.introspection.table_names():
                raise ApplicationError(
                    _(
                        "Cơ sở dữ liệu đích đã có dữ liệu; chọn cơ sở dữ liệu mới, "
                        "hoặc thêm --replace để thay thế."
                    ),
                    code=CoreRefusal.RESTORE_TARGET_NOT_EMPTY,
                )
            if media_files(media_root):
                raise ApplicationError(
                    _("Thư mục tệp tải lên %(media_root)s đã có tệp; chọn thư mục mới, hoặc thêm --replace.")
                    % {"media_root": media_root},
                    code=CoreRefusal.RESTORE_TARGET_NOT_EMPTY,
                )
        # filter="data": no absolute paths, no "..", no links out of the folder, no device files.
        try:
            tar.extractall(work, filter="data")
        except (OSError, tarfile.TarError) as exc:
            raise ApplicationError(
                _("Không đọc được tệp sao lưu %(archive)s, chưa thay đổi gì.") % {"archive": archive},
                code=CoreRefusal.BACKUP_DAMAGED,
            ) from exc
        verify_extracted(manifest, kind, Path(work))
        dump = Path(work) / DUMP_NAMES[kind]
        if kind == "postgresql":
            load_postgres(dump, replace=replace)
        else:
            load_sqlite(dump)
        media_root.mkdir(parents=True, exist_ok=True)
        if replace:
            # The folder's content, not the folder: it may be a mount point.
            for child in media_root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        saved_media = Path(work) / MEDIA
        if saved_media.is_dir():
            shutil.copytree(saved_media, media_root, dirs_exist_ok=True)
    check(manifest)
    return manifest


def load_postgres(dump: Path, *, replace: bool) -> None:
    args, env = postgres_arguments()
    connection.close()
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if replace:
        options += ["--clean", "--if-exists"]
    run(["pg_restore", *options, *args, str(dump)], env)


def load_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    saved = sqlite3.connect(dump)
    try:
        saved.backup(connection.connection)  # replaces the whole target database
    finally:
        saved.close()


def check(manifest: Manifest) -> None:
    connection.close()
    counts = database_counts()
    wrong_tables = sorted(
        t for t in set(manifest.tables) | set(counts) if manifest.tables.get(t) != counts.get(t)
    )
    files = media_files(Path(settings.MEDIA_ROOT))
    wrong_files = sorted(f for f in manifest.files if files.get(f) != manifest.files[f])
    if wrong_tables or wrong_files:
        raise ApplicationError(
            _("Dữ liệu khôi phục không khớp bản sao lưu: %(differences)s")
            % {
                "differences": ", ".join(
                    [
                        *(_("bảng %(table)s") % {"table": t} for t in wrong_tables),
                        *(_("tệp %(file)s") % {"file": f} for f in wrong_files),
                    ]
                )
            },
            code=CoreRefusal.RESTORE_MISMATCH,
        )
