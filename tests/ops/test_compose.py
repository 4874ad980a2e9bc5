"""docker-compose.yml is valid Compose and names only things that exist in the repository."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
# A copy of the Compose Specification schema (Apache-2.0, see tests/data/README.md).
SCHEMA = REPO / "tests" / "data" / "compose-spec.json"
APP_SPEC = re.compile(r"^([A-Za-z_][\w.]*):(\w+)(\(\))?$")
WEB_SERVER = ["python", "-m", "services.mallctl.web_server"]  # granian, as the mall runs it


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def module_file(module: str) -> Path | None:
    """Return the source file of a dotted module inside the repository, if there is one."""
    base = REPO.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__main__.py", base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def named_things(argv: list[str]) -> list[tuple[str, str]]:
    """Pick out what a command names: ('module', x), ('app', x) or ('script', path)."""
    found = []
    for i, arg in enumerate(argv):
        prev = argv[i - 1] if i else ""
        if prev == "-m":
            found.append(("module", arg))
        elif arg.startswith("python:"):
            found.append(("module", arg.removeprefix("python:")))
        elif APP_SPEC.match(arg) and argv[:3] == WEB_SERVER:
            found.append(("app", arg))
        elif arg.startswith(("./", "deploy/", "services/")):
            found.append(("script", arg))
    return found


def argv_of(value: str | list[str]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else list(value)


def test_compose_file_is_valid_against_the_compose_specification(compose):
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator(schema).validate(compose)


def test_invalid_compose_file_is_rejected_by_the_same_schema(compose):
    """The validation has teeth: a misspelt key fails it."""
    schema = json.loads(SCHEMA.read_text())
    broken = json.loads(json.dumps(compose))
    broken["services"]["gateway"]["restart_policy"] = "always"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)


def test_every_service_has_a_healthcheck_or_is_a_one_shot_job(compose):
    for name, service in compose["services"].items():
        one_shot = service.get("restart") == "no"
        assert one_shot or "healthcheck" in service, name
        assert one_shot or service.get("restart") == "unless-stopped", name


def test_dependencies_wait_for_health_or_completion(compose):
    services = compose["services"]
    for name, service in services.items():
        for dep, rule in (service.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown {dep}"
            wanted = (
                "service_completed_successfully"
                if services[dep].get("restart") == "no"
                else "service_healthy"
            )
            assert rule["condition"] == wanted, f"{name} -> {dep}"


def test_each_mall_service_runs_a_web_process_and_a_worker(compose):
    services = compose["services"]
    for svc in ("merchant", "catalog", "voucher", "gateway"):
        assert argv_of(services[svc]["command"])[:3] == WEB_SERVER
        assert argv_of(services[f"{svc}-worker"]["command"])[-1] == f"services.{svc}.worker"
    assert services["kafka"]["image"].startswith("apache/kafka:")
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"


def test_volumes_used_are_declared_as_named_volumes(compose):
    declared = set(compose["volumes"])
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith((".", "/")):
                assert (REPO / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in declared, f"{name} uses undeclared volume {source}"


def test_build_context_and_dockerfile_exist(compose):
    builds = [s["build"] for s in compose["services"].values() if "build" in s]
    assert builds
    for build in builds:
        context = REPO / build["context"]
        assert context.is_dir()
        dockerfile = (context / build.get("dockerfile", "Dockerfile")).read_text()
        assert "USER mall" in dockerfile and "HEALTHCHECK" in dockerfile
    assert (REPO / ".dockerignore").is_file()


def test_env_files_named_are_committed_or_optional(compose):
    for name, service in compose["services"].items():
        for entry in service.get("env_file", []):
            entry = {"path": entry} if isinstance(entry, str) else entry
            if entry.get("required", True):
                assert (REPO / entry["path"]).is_file(), f"{name}: {entry['path']}"


def test_every_command_names_modules_and_apps_that_exist(compose):
    missing = []
    for name, service in compose["services"].items():
        if service.get("image", "").startswith(("apache/", "redis:", "postgres:")):
            continue
        argvs = [argv_of(service[k]) for k in ("command", "entrypoint") if k in service]
        health = service.get("healthcheck", {}).get("test")
        if health and health[0] == "CMD":
            argvs.append(health[1:])
        for argv in argvs:
            for kind, thing in named_things(argv):
                missing += _missing(name, kind, thing)
    assert not missing, "\n".join(missing)


def _missing(service: str, kind: str, thing: str) -> list[str]:
    if kind == "script":
        return [] if (REPO / thing).exists() else [f"{service}: no file {thing}"]
    module, attr = APP_SPEC.match(thing).group(1, 2) if kind == "app" else (thing, None)
    source = module_file(module)
    if source is None:
        return [f"{service}: no module {module}"]
    if attr and not re.search(rf"^def {attr}\(", source.read_text(), re.MULTILINE):
        return [f"{service}: {source.relative_to(REPO)} has no {attr}()"]
    return []


def env_example() -> dict[str, str]:
    found = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            found[key] = value
    return found


def test_env_example_points_every_service_at_hosts_of_the_compose_file(compose):
    env = env_example()
    for svc in ("merchant", "catalog", "voucher", "gateway"):
        assert env[f"{svc.upper()}_DATABASE_URL"].endswith(f"@postgres:5432/{svc}")
    hosts = re.findall(r"(?:://|@)([a-z][\w-]*):\d+", "\n".join(env.values()))
    hosts += [env["KAFKA_BOOTSTRAP"].split(":")[0]]
    assert set(hosts) <= set(compose["services"]), set(hosts) - set(compose["services"])
    assert env["JWT_SECRET"] and env["INTERNAL_TOKEN_SECRET"]


def test_postgres_init_creates_a_database_for_each_service():
    sql = (REPO / "deploy" / "compose" / "postgres-init.sql").read_text()
    assert set(re.findall(r"CREATE DATABASE (\w+);", sql)) == {
        "merchant",
        "catalog",
        "voucher",
        "gateway",
    }


def test_kafka_init_creates_the_topics_with_the_shared_topic_command(compose):
    """One place creates topics (shared.messaging.topics), with KAFKA_TOPIC_PARTITIONS."""
    job = compose["services"]["kafka-init"]
    assert argv_of(job["command"]) == ["python", "-m", "shared.messaging.topics"]
    assert job["depends_on"] == {"kafka": {"condition": "service_healthy"}}


def test_kafka_runs_single_node_kraft_with_replication_factor_one(compose):
    env = compose["services"]["kafka"]["environment"]
    assert env["CLUSTER_ID"] and env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    for name in ("OFFSETS_TOPIC", "TRANSACTION_STATE_LOG", "SHARE_COORDINATOR_STATE_TOPIC"):
        assert env[f"KAFKA_{name}_REPLICATION_FACTOR"] == 1
