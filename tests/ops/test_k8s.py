"""deploy/k8s builds (kubectl kustomize) and validates offline against the Kubernetes schemas,
and runs the same processes, commands, ports and settings as docker-compose.yml and the Procfile."""

from __future__ import annotations

import copy
import re

import kubernetes_validate
import pytest
import yaml

from shared.messaging.topics import ALL_EVENT_TOPICS, DEFAULT_PARTITIONS
from tests.ops.k8s_manifests import (
    K8S,
    OVERLAYS,
    argv,
    compose,
    compose_mall_services,
    compose_port,
    container,
    env_example,
    kubernetes_version,
    mall_objects,
    objects,
    of_kind,
    procfile,
    read_by_code,
)
from tests.ops.test_compose import WEB_SERVER

DATABASES = re.compile(r"CREATE DATABASE (\w+);")
COMPOSE_ONLY_SETTINGS = {"POSTGRES_USER", "POSTGRES_PASSWORD"}  # the postgres image's own


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_of_the_overlay_validates_against_the_kubernetes_schemas(overlay):
    found = objects(overlay)
    assert len(found) > 20
    for obj in found:
        kubernetes_validate.validate(obj, kubernetes_version(), strict=True)


def test_the_validation_has_teeth():
    deployment = copy.deepcopy(mall_objects("prod", "Deployment")["gateway"])
    container(deployment)["livenesProbe"] = container(deployment)["livenessProbe"]
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, kubernetes_version(), strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_process_is_probed_limited_and_runs_as_no_one_special(overlay):
    for name, deployment in mall_objects(overlay, "Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        c = container(deployment)
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz", name
        assert c["readinessProbe"]["httpGet"]["path"] == "/readyz", name
        assert {"cpu", "memory"} <= set(c["resources"]["requests"]), name
        assert {"cpu", "memory"} <= set(c["resources"]["limits"]), name
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert c["securityContext"]["allowPrivilegeEscalation"] is False, name
        assert c["securityContext"]["capabilities"]["drop"] == ["ALL"], name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_disruption_budgets_for_all_and_autoscalers_for_web_processes(overlay):
    deployments = mall_objects(overlay, "Deployment")
    budgets = mall_objects(overlay, "PodDisruptionBudget")
    scalers = mall_objects(overlay, "HorizontalPodAutoscaler")
    assert set(budgets) == set(deployments)
    web = {n for n, d in deployments.items() if container(d)["command"][:3] == WEB_SERVER}
    assert web and set(scalers) == web
    for name in web:
        assert "replicas" not in deployments[name]["spec"], f"{name}: the HPA owns replicas"
        assert scalers[name]["spec"]["scaleTargetRef"]["name"] == name


def test_the_procfile_compose_and_kubernetes_run_the_same_processes_and_commands():
    processes = procfile()
    services = compose_mall_services()
    long_running = {n for n, s in services.items() if s.get("restart") != "no"}
    deployments = mall_objects("dev", "Deployment")
    assert set(processes) == long_running == set(deployments)
    for name, command in processes.items():
        assert argv(services[name]["command"]) == command, name
        assert container(deployments[name])["command"] == command, name


def test_one_shot_jobs_are_the_same_in_compose_and_kubernetes():
    jobs = {n: s for n, s in compose_mall_services().items() if s.get("restart") == "no"}
    k8s_jobs = mall_objects("dev", "Job")
    assert set(jobs) == set(k8s_jobs) == {"migrate", "kafka-init"}
    for name, job in jobs.items():
        assert container(k8s_jobs[name])["command"] == argv(job["command"]), name


def test_ports_and_per_process_settings_agree():
    services = compose_mall_services()
    for name, deployment in mall_objects("dev", "Deployment").items():
        c = container(deployment)
        port, *internal = c["ports"]  # the gateway's second listener is never a Service's
        assert port["containerPort"] == compose_port(services[name]), name
        assert [p["name"] for p in internal] == (["internal"] if name == "gateway" else []), name
        wanted = {k: str(v) for k, v in (services[name].get("environment") or {}).items()}
        assert {e["name"]: e["value"] for e in c.get("env", [])} == wanted, name
    k8s_services = mall_objects("dev", "Service")
    for name, service in k8s_services.items():
        (port,) = service["spec"]["ports"]
        assert port["port"] == compose_port(services[name]), name


def test_the_settings_are_those_of_the_env_example_and_each_is_read_by_the_code():
    config = of_kind("dev", "ConfigMap")["mall-config"]["data"]
    (secret,) = [s for n, s in of_kind("dev", "Secret").items() if n.startswith("mall-secrets")]
    assert not set(config) & set(secret["data"])
    settings = set(config) | set(secret["data"])
    assert settings == set(env_example()) - COMPOSE_ONLY_SETTINGS
    assert [s for s in settings if not read_by_code(s)] == []
    prod = of_kind("prod", "ConfigMap")["mall-config"]["data"]
    assert set(prod) == set(config)
    readme = (K8S / "README.md").read_text()
    assert [k for k in secret["data"] if k not in readme] == []


def test_prod_brings_no_secret_and_no_database_of_its_own():
    kinds = {o["kind"] for o in objects("prod")}
    assert "Secret" not in kinds and "StatefulSet" not in kinds
    assert not set(of_kind("prod", "Deployment")) - set(mall_objects("prod", "Deployment"))


def test_dev_runs_the_same_infrastructure_images_as_compose():
    services = compose()["services"]
    deployments = of_kind("dev", "Deployment")
    for name in ("kafka", "redis", "postgres"):
        assert container(deployments[name])["image"] == services[name]["image"], name
    init = of_kind("dev", "ConfigMap")["postgres-init"]["data"]["10-databases.sql"]
    compose_init = (K8S.parent / "compose" / "postgres-init.sql").read_text()
    assert DATABASES.findall(init) == DATABASES.findall(compose_init)


def test_strimzi_topics_cover_every_event_topic_and_dead_letter_topic():
    docs = list(yaml.safe_load_all((K8S / "operators" / "strimzi-topics.yaml").read_text()))
    topics = {d["spec"]["topicName"]: d["spec"] for d in docs if d["kind"] == "KafkaTopic"}
    assert set(topics) == {f"{t}{s}" for t in ALL_EVENT_TOPICS for s in ("", ".dlq")}
    assert {t["partitions"] for t in topics.values()} == {DEFAULT_PARTITIONS}
