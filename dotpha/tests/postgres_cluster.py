"""A PostgreSQL cluster of a test's own, in a temporary directory on a free port, that the test may stop
and start. PostgreSQL refuses to run as root, so as root (CI, this machine) it runs as `postgres`."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dotpha.tests.gunicorn_process import free_port


def binaries() -> Path | None:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").exists() and (d / "postgres").exists()]
    return max(found, key=lambda d: int(d.parent.name), default=None)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def copy_database(bin_dir: Path, source: dict, target_url: str) -> None:
    """Copies a database (Django's settings_dict for it) into an existing empty one: much faster than
    running every migration again."""
    dump = [str(bin_dir / "pg_dump"), "--no-owner", "--no-privileges", "-h", source["HOST"] or "127.0.0.1"]
    dump += ["-p", str(source["PORT"] or 5432), "-U", source["USER"] or "postgres", source["NAME"]]
    load = [str(bin_dir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", target_url]
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    dumped = subprocess.run(dump, env=env, capture_output=True, check=True, timeout=120).stdout
    subprocess.run(load, input=dumped, env=env, capture_output=True, check=True, timeout=120)


class Cluster:
    def __init__(self, bin_dir: Path):
        self._place(bin_dir)
        # initdb's pg_hba.conf also lets 127.0.0.1 replicate, with trust: a Replica can copy it
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")

    def _place(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="dotpha-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin / program), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self.as_root else command

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        command = self._command(program, *args)
        return subprocess.run(command, cwd=self.root, capture_output=True, text=True, check=True, timeout=60)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start"
        )

    def stop(self) -> None:
        # "fast": open connections are cut, as when the server goes down under the application.
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def create_database(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def copy_database(self, source: dict, name: str) -> None:
        self.create_database(name)
        copy_database(self.bin, source, self.url(name))

    def sql(self, statement: str, database: str = "postgres") -> str:
        server = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database]
        return self._run("psql", *server, "-Atc", statement).stdout.strip()

    def remove(self) -> None:
        stop = self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        subprocess.run(stop, cwd=self.root, capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


class Replica(Cluster):
    """A hot standby of `primary`: copied by pg_basebackup, then kept current by streaming replication;
    it answers reads, refuses writes, and its replay can be paused to show who reads from it."""

    def __init__(self, primary: Cluster):
        self._place(primary.bin)
        source = ["-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"]
        # a fast checkpoint: the default spreads it over minutes
        self._run("pg_basebackup", *source, "-D", str(self.data), "-R", "-X", "stream", "-c", "fast")

    def pause_replay(self) -> None:
        self.sql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.sql("SELECT pg_wal_replay_resume()")
