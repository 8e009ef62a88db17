"""The Dockerfile: its image builds and serves /api/v1/health, as a non-root user, and stops
cleanly on ``docker stop``. Runs only where Docker works (skipped, saying why, elsewhere);
the parts that need no Docker are checked everywhere."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
IMAGE = "agreement-builder:ops-test"


def docker_unavailable() -> str | None:
    """Why Docker cannot be used here, or None when it can."""
    if shutil.which("docker") is None:
        return "no docker command on this machine"
    try:
        probe = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`docker info` failed: {error}"
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        return f"the Docker daemon is not usable: {last}"
    return None


def test_the_dockerfile_installs_what_weasyprint_needs_and_runs_unprivileged() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    [packages] = re.findall(r"^DEB_PACKAGES := (.+)$", makefile, re.M)
    assert text.startswith("# agreement-builder") and "FROM python:3.11-slim-bookworm" in text
    for package in packages.split():
        assert package in text, f"{package} (Makefile DEB_PACKAGES) is not installed"
    assert "pip install ." in text
    assert re.search(r"^USER agreement$", text, re.M)
    assert "HEALTHCHECK" in text and "/api/v1/health" in text
    assert '"serve", "--host", "0.0.0.0"' in text
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ignored[ignored.index("*") + 1 :]  # everything out, then only what the image needs
    for copied in re.findall(r"^COPY (.+) \./", text, re.M):
        for name in copied.split():
            assert f"!{name}" in ignored or f"!{name}/" in ignored, name


def test_the_image_builds_serves_and_stops() -> None:
    reason = docker_unavailable()
    if reason:
        pytest.skip(reason)
    subprocess.run(["docker", "build", "-t", IMAGE, str(ROOT)], check=True, timeout=1800)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    container = subprocess.run(
        ["docker", "run", "-d", "-p", f"127.0.0.1:{port}:8000", IMAGE],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/health", timeout=5
                ) as response:
                    assert response.status == 200
                    assert json.load(response)["status"] == "ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "the container did not answer in 90 s"
                time.sleep(1)
        user = subprocess.run(
            ["docker", "exec", container, "id", "-un"], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert user == "agreement"
        subprocess.run(["docker", "stop", "-t", "30", container], check=True, timeout=60)
        code = subprocess.run(
            ["docker", "inspect", "-f", "{{.State.ExitCode}}", container],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert code == "0"  # gunicorn's graceful shutdown on SIGTERM
    finally:
        subprocess.run(["docker", "rm", "-f", container], capture_output=True)
