"""Read the three ways to run the mall (Procfile, docker-compose.yml, deploy/k8s) into one shape."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from functools import cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")
DEFAULTED = re.compile(r"\$\{\w+:-([^}]*)\}")
PORT_IN_URL = re.compile(r"://[^/:]+:(\d+)/")


@cache
def kubectl() -> str:
    """The kubectl that deploy/k8s/kubectl.sh finds (or installs from Debian)."""
    found = subprocess.run(
        [str(K8S / "kubectl.sh")], capture_output=True, text=True, check=False, timeout=900
    )
    assert found.returncode == 0, found.stderr
    return found.stdout.strip()


def build(overlay: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [kubectl(), "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@cache
def objects(overlay: str) -> tuple[dict, ...]:
    built = build(overlay)
    assert built.returncode == 0, built.stderr
    return tuple(doc for doc in yaml.safe_load_all(built.stdout) if doc)


def of_kind(overlay: str, kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in objects(overlay) if o["kind"] == kind}


def mall_objects(overlay: str, kind: str) -> dict[str, dict]:
    """Objects of the mall itself (the base), not the dev overlay's Kafka, Redis, PostgreSQL."""
    return {
        name: o
        for name, o in of_kind(overlay, kind).items()
        if o["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "union-mall"
    }


def container(workload: dict) -> dict:
    (only,) = workload["spec"]["template"]["spec"]["containers"]
    return only


def procfile() -> dict[str, list[str]]:
    """Each Procfile process as the argv a container runs: defaults filled in, listening on
    every interface (a container's loopback is its own)."""
    found = {}
    for line in (REPO / "Procfile").read_text().splitlines():
        match = LINE.match(line)
        if match:
            argv = shlex.split(DEFAULTED.sub(r"\1", match.group(2)))
            argv = argv[1:] if argv[0] == "exec" else argv
            found[match.group(1)] = [a.replace("127.0.0.1:", "0.0.0.0:") for a in argv]
    return found


def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def compose_mall_services() -> dict[str, dict]:
    """Compose services that run the mall's image: long-running ones and one-shot jobs."""
    return {
        name: s
        for name, s in compose()["services"].items()
        if s.get("image", "").startswith("union-mall")
    }


def argv(value: str | list[str]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else list(value)


def compose_port(service: dict) -> int:
    """The port a compose service's healthcheck probes."""
    return int(PORT_IN_URL.search(" ".join(service["healthcheck"]["test"])).group(1))


def env_example() -> dict[str, str]:
    found = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            found[key] = value
    return found


def read_by_code(setting: str) -> bool:
    """Some module of the mall reads this setting (by name, or as <SERVICE>_DATABASE_URL)."""
    if setting.endswith("_DATABASE_URL"):
        return True  # shared.config: f"{service.upper()}_DATABASE_URL"
    for root in ("shared", "services"):
        for path in (REPO / root).rglob("*.py"):
            if f'"{setting}"' in path.read_text():
                return True
    return False


def kubernetes_version() -> str:
    return os.environ.get("K8S_SCHEMA_VERSION", "1.30.0")
