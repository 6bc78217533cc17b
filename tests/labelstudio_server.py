"""A real Label Studio server for tests: started from .venv-labelstudio (`make labelstudio`) on a free localhost
port with a temporary data folder and a user and API token made non-interactively, and a minimal client over its
HTTP API (stdlib only: the project's venv gets no Label Studio packages)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BINARY = Path(os.environ.get("XXGK_LABEL_STUDIO", REPO / ".venv-labelstudio" / "bin" / "label-studio"))
# The first start migrates a new SQLite database: about a minute on an idle 2-core machine, several on a busy one
# right after `make labelstudio` built the environment.
START_TIMEOUT = 600.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabelStudio:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(20)
        env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir), "LATEST_VERSION_CHECK": "false",
               "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true", "DJANGO_DB": "sqlite"}
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log = (data_dir / "server.log").open("wb")
        self.process = subprocess.Popen(
            [str(BINARY), "start", "--no-browser", "--internal-host", "127.0.0.1", "-p", str(self.port),
             "--data-dir", str(data_dir), "--username", "reviewer@example.org", "--password", secrets.token_hex(8),
             "--user-token", self.token, "--enable-legacy-api-token"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self._wait(data_dir)

    def _wait(self, data_dir: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"label-studio exited with {self.process.returncode}:\n{self._log_tail(data_dir)}")
            try:
                self.get("/api/projects")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(1.0)
        self.stop()
        raise RuntimeError(f"label-studio did not answer within {START_TIMEOUT:.0f} s:\n{self._log_tail(data_dir)}")

    @staticmethod
    def _log_tail(data_dir: Path, lines: int = 30) -> str:
        """The end of the server's log, so that a failure on CI says why without the temporary folder."""
        log = data_dir / "server.log"
        text = log.read_text("utf-8", errors="replace") if log.is_file() else "(no server.log)"
        return "\n".join(text.splitlines()[-lines:])

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            payload = resp.read()
        return json.loads(payload) if payload else None

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, body)

    def tasks(self, project: int) -> list[dict[str, Any]]:
        page = self.get(f"/api/tasks?project={project}&page_size=1000")
        return page["tasks"] if isinstance(page, dict) else page

    def stop(self) -> None:
        if self.process.poll() is None:  # the server and what it spawned: the session it was started in
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
