#!/usr/bin/env python3
"""Renders every kustomization under deploy/k8s and checks what a schema cannot.

Needs kubectl (its built-in kustomize) and PyYAML (Debian: python3-yaml). Renders a temporary
copy of the tree, so the dev overlay gets its secrets from the committed *.example files and
nothing in the working tree changes. Exits non-zero and prints every problem it finds.

    python3 deploy/k8s/check.py
"""

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent
SERVICES = ["gateway", "wallet", "ledger", "funding", "marketplace", "settlement", "dashboard"]
AUTOSCALED = {"gateway", "ledger"}
# Web front-ends: they reach the platform only through the gateway's public API (no broker, no chain,
# no identity key), keep their Data Protection key ring in their own database, and are public.
WEB = {"dashboard"}
# Reached from the ingress controller (each through its own Ingress).
PUBLIC = {"gateway"} | WEB
# Pods that may open connections to a service (in the order the policies list them); the default for
# an internal service is the gateway alone, for a public one nobody but the ingress controller.
INGRESS_FROM = {"wallet": ["gateway", "settlement"], "gateway": ["dashboard"]}
# What a front-end may hold: what the platform's services hold must never reach it.
SERVICE_ONLY = ("ConnectionStrings__rabbitmq", "Chain__", "Identity__", "Marketplace__", "Tickets__", "Onramp__", "Wallet__")
# Connections the platform's pools may hold on its PostgreSQL server, at every service's most replicas: a managed server
# with max_connections = 500, less 50 for administration, replication and the migrations of a rolling update.
POSTGRES_CONNECTION_BUDGET = 450
problems: list[str] = []


def problem(where: str, what: str) -> None:
    problems.append(f"{where}: {what}")


def check_kustomization_paths(tree: pathlib.Path) -> None:
    for kustomization in tree.rglob("kustomization.yaml"):
        doc = yaml.safe_load(kustomization.read_text())
        where = str(kustomization.relative_to(tree))
        for resource in doc.get("resources", []):
            if not (kustomization.parent / resource).exists():
                problem(where, f"resource {resource} does not exist")
        for patch in doc.get("patches", []):
            if "path" in patch and not (kustomization.parent / patch["path"]).exists():
                problem(where, f"patch {patch['path']} does not exist")


def render(path: pathlib.Path) -> list[dict]:
    out = subprocess.run(["kubectl", "kustomize", str(path)], capture_output=True, text=True)
    if out.returncode != 0:
        problem(str(path.name), f"kubectl kustomize failed: {out.stderr.strip()}")
        return []
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def matches(selector: dict, labels: dict) -> bool:
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        present = expr["key"] in labels
        value = labels.get(expr["key"])
        op = expr["operator"]
        if op == "In" and value not in expr["values"]:
            return False
        if op == "NotIn" and present and value in expr["values"]:
            return False
        if op == "Exists" and not present:
            return False
        if op == "DoesNotExist" and present:
            return False
    return True


def env_value(container: dict, configmaps: dict[str, dict], var: str):
    """A variable's value as the container sees it: its own env first, then its ConfigMaps."""
    for e in container.get("env", []):
        if e["name"] == var:
            return e.get("value")
    for src in container.get("envFrom", []):
        name = src.get("configMapRef", {}).get("name")
        if name in configmaps and var in configmaps[name].get("data", {}):
            return configmaps[name]["data"][var]
    return None


def check_capacity(name: str, deployments: dict[str, dict], hpas: dict[str, dict], configmaps: dict[str, dict]) -> None:
    """Every platform service sizes its database pool and its prefetch per replica, and the pools of all replicas at their
    most fit in the PostgreSQL server's connection budget; the broker's queues are quorum queues (not overridden)."""
    total = 0
    for svc, dep in deployments.items():
        if svc in WEB:
            continue
        where = f"{name}: Deployment/{svc}"
        container = dep["spec"]["template"]["spec"]["containers"][0]
        pool, prefetch = env_value(container, configmaps, "Database__MaxPoolSize"), env_value(container, configmaps, "Messaging__PrefetchCount")
        if not (pool and str(pool).isdigit() and 1 <= int(pool) <= 100):
            problem(where, f"Database__MaxPoolSize must be set per service, 1 to 100 (has {pool})")
            continue
        if not (prefetch and str(prefetch).isdigit() and 1 <= int(prefetch) <= 100):
            problem(where, f"Messaging__PrefetchCount must be set per service, 1 to 100 (has {prefetch})")
        if (queue := env_value(container, configmaps, "Messaging__QueueType")) not in (None, "Quorum"):
            problem(where, f"durable queues must be quorum queues on a cluster, not {queue}")
        most = hpas[svc]["spec"]["maxReplicas"] if svc in hpas else dep["spec"].get("replicas", 1)
        total += most * int(pool)
    if total > POSTGRES_CONNECTION_BUDGET:
        problem(name, f"at their most replicas the services' pools open {total} PostgreSQL connections, over the budget of "
                      f"{POSTGRES_CONNECTION_BUDGET} (max_connections less what administration and replication keep)")


def check_render(name: str, docs: list[dict], expect_secrets: bool) -> None:
    by_kind: dict[str, dict[str, dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    deployments = by_kind.get("Deployment", {})
    pods = {n: d["spec"]["template"]["metadata"]["labels"] for n, d in deployments.items()}
    namespaces = set(by_kind.get("Namespace", {}))

    if sorted(deployments) != sorted(SERVICES):
        problem(name, f"deployments are {sorted(deployments)}, expected {sorted(SERVICES)}")
    for d in docs:
        if d["kind"] != "Namespace" and d["metadata"].get("namespace") not in namespaces:
            problem(name, f"{d['kind']}/{d['metadata']['name']} is not in the rendered namespace")

    configmaps = by_kind.get("ConfigMap", {})
    secrets = by_kind.get("Secret", {})
    for svc, dep in deployments.items():
        where = f"{name}: Deployment/{svc}"
        spec = dep["spec"]
        pod = spec["template"]["spec"]
        if svc in AUTOSCALED and "replicas" in spec and "HorizontalPodAutoscaler" in by_kind:
            problem(where, "sets replicas although an HPA owns the count")
        if spec["strategy"]["rollingUpdate"].get("maxUnavailable") != 0:
            problem(where, "rolling update must have maxUnavailable 0")
        sa = pod.get("serviceAccountName")
        if sa not in by_kind.get("ServiceAccount", {}):
            problem(where, f"service account {sa} is not rendered")
        elif by_kind["ServiceAccount"][sa].get("automountServiceAccountToken") is not False:
            problem(where, f"service account {sa} mounts its token")
        if pod.get("automountServiceAccountToken") is not False:
            problem(where, "pod mounts a service account token")
        psc = pod.get("securityContext", {})
        if psc.get("runAsNonRoot") is not True or psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            problem(where, "pod must run as non-root with the RuntimeDefault seccomp profile")
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for c in pod["containers"]:
            cw = f"{where}/{c['name']}"
            image = c["image"]
            if not re.fullmatch(r"indiegent/[a-z]+:[\w.-]+(@sha256:[0-9a-f]{64})?|indiegent/[a-z]+@sha256:[0-9a-f]{64}", image):
                problem(cw, f"image {image} is not indiegent/<service> with a pinned tag, or names a registry")
            csc = c.get("securityContext", {})
            if not (csc.get("readOnlyRootFilesystem") is True and csc.get("allowPrivilegeEscalation") is False
                    and csc.get("capabilities", {}).get("drop") == ["ALL"]):
                problem(cw, "needs a read-only root, no privilege escalation and all capabilities dropped")
            tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
            if not tmp or "emptyDir" not in volumes.get(tmp[0]["name"], {}):
                problem(cw, "/tmp must be an emptyDir")
            for kind in ("requests", "limits"):
                if not {"cpu", "memory"} <= set(c.get("resources", {}).get(kind, {})):
                    problem(cw, f"resources.{kind} needs cpu and memory")
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            if ports.get("http") != 8080:
                problem(cw, "must expose port http=8080")
            for probe, path in (("startupProbe", "/alive"), ("readinessProbe", "/health"), ("livenessProbe", "/alive")):
                got = c.get(probe, {}).get("httpGet", {}).get("path")
                if got != path:
                    problem(cw, f"{probe} must GET {path}, has {got}")
            env = {e["name"]: e for e in c.get("env", [])}
            if svc in WEB:
                # Its key ring's database only; the platform through the gateway's Service.
                needed = [f"ConnectionStrings__{svc}db"]
                held = [v for v in env if v.startswith(SERVICE_ONLY)]
                if held:
                    problem(cw, f"reaches the platform only through the gateway's public API: it gets none of {held}")
                if env.get("Dashboard__GatewayUrl", {}).get("value") != "http://gateway":
                    problem(cw, "Dashboard__GatewayUrl must be the gateway's Service, http://gateway")
                if name != "dev" and spec.get("replicas", 1) < 2:
                    problem(where, "needs at least 2 replicas (they share the key ring)")
            else:
                needed = ["ConnectionStrings__rabbitmq", f"ConnectionStrings__{svc}db"]
                # The wallet (master keys) and funding (Coinbase's keys; Settlement reports deposits) never talk to the chain.
                needed += [] if svc in ("wallet", "funding") else ["Chain__RpcUrl"]
                needed += ["Onramp__KeyId", "Onramp__KeySecret", "Onramp__WebhookSecret"] if svc == "funding" else []
            if svc == "wallet" and any(v.startswith("Chain__RpcUrl") or v.startswith("Wallet__MasterKeys__") for v in env):
                problem(cw, "the wallet gets no chain RPC address and no master key in its environment")
            if svc == "funding" and "Chain__RpcUrl" in env:
                problem(cw, "funding does not talk to the chain: no RPC address")
            broker = env.get("ConnectionStrings__rabbitmq", {}).get("valueFrom", {}).get("secretKeyRef", {})
            if broker and broker.get("key") != f"rabbitmq-{svc}":
                problem(cw, f"must connect to the broker as its own user (Secret key rabbitmq-{svc}), not {broker.get('key')}")
            if svc not in WEB:
                needed += ["Identity__SigningKey", "Marketplace__SigningKey"] if svc == "gateway" else ["Identity__PublicKeys__gateway-1"]
            if svc != "gateway" and "Identity__SigningKey" in env:
                problem(cw, "only the gateway may hold the identity signing key")
            for var in needed:
                ref = env.get(var, {}).get("valueFrom", {}).get("secretKeyRef")
                if not ref:
                    problem(cw, f"{var} must come from a Secret")
                elif expect_secrets and ref["key"] not in secrets.get(ref["name"], {}).get("data", {}):
                    problem(cw, f"{var}: Secret {ref['name']} has no key {ref['key']}")
            other_dbs = [v for v in env if v.startswith("ConnectionStrings__") and v.endswith("db") and v != f"ConnectionStrings__{svc}db"]
            if other_dbs:
                problem(cw, f"gets another service's database: {other_dbs}")
            for src in c.get("envFrom", []):
                if "configMapRef" in src and src["configMapRef"]["name"] not in configmaps:
                    problem(cw, f"ConfigMap {src['configMapRef']['name']} is not rendered")
                if "secretRef" in src:
                    problem(cw, "reads a whole Secret into its environment")
            keys = [v for v in pod.get("volumes", []) if v.get("secret", {}).get("secretName", "").startswith("wallet-master-keys")]
            if svc == "wallet":
                mounts = {m["name"]: m for m in c.get("volumeMounts", [])}
                path = env.get("Wallet__MasterKeysPath", {}).get("value")
                if len(keys) != 1 or keys[0]["secret"].get("defaultMode") != 0o400 or keys[0]["name"] not in mounts \
                        or not mounts[keys[0]["name"]].get("readOnly") or mounts[keys[0]["name"]]["mountPath"] != path:
                    problem(cw, "the master keys must be a read-only Secret volume (mode 0400) mounted at Wallet__MasterKeysPath")
                elif expect_secrets and keys[0]["secret"]["secretName"] not in secrets:
                    problem(cw, f"Secret {keys[0]['secret']['secretName']} is not rendered")
            elif keys:
                problem(cw, "only the wallet mounts the master keys")

    check_capacity(name, deployments, by_kind.get("HorizontalPodAutoscaler", {}), configmaps)

    for cm in configmaps.values():
        data = cm.get("data", {})
        for key in ("Chain__ChainId", "Chain__TokenAddress", "OTEL_EXPORTER_OTLP_ENDPOINT"):
            if name != "base" and key not in data:
                problem(name, f"ConfigMap {cm['metadata']['name']} lacks {key}")

    for svc_name, svc in by_kind.get("Service", {}).items():
        targets = [n for n, labels in pods.items() if matches({"matchLabels": svc["spec"]["selector"]}, labels)]
        if targets != [svc_name]:
            problem(name, f"Service/{svc_name} selects {targets}")
    for kind in ("PodDisruptionBudget",):
        for n, d in by_kind.get(kind, {}).items():
            if not any(matches(d["spec"]["selector"], labels) for labels in pods.values()):
                problem(name, f"{kind}/{n} selects no pod")
    for n, d in by_kind.get("NetworkPolicy", {}).items():
        if d["spec"]["podSelector"] and not any(matches(d["spec"]["podSelector"], l) for l in pods.values()):
            problem(name, f"NetworkPolicy/{n} selects no pod")
        for rule in d["spec"].get("ingress", []) + d["spec"].get("egress", []):
            for peer in rule.get("from", []) + rule.get("to", []):
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    if not any(matches(peer["podSelector"], l) for l in pods.values()):
                        problem(name, f"NetworkPolicy/{n} has a peer that selects no pod")
    for n, d in by_kind.get("HorizontalPodAutoscaler", {}).items():
        if d["spec"]["scaleTargetRef"]["name"] not in deployments:
            problem(name, f"HPA/{n} targets a missing Deployment")
    if name != "dev" and sorted(by_kind.get("HorizontalPodAutoscaler", {})) != sorted(AUTOSCALED):
        problem(name, "gateway and ledger need a HorizontalPodAutoscaler")

    # Who may reach whom: only the gateway and the dashboard from outside (through the ingress
    # controller), the gateway also from the dashboard, internal services only from the gateway, and
    # the wallet's signer also from settlement (which brings the ledger's signed ticket).
    policies = by_kind.get("NetworkPolicy", {})
    if "default-deny" not in policies or policies["default-deny"]["spec"]["podSelector"]:
        problem(name, "needs a namespace-wide default-deny NetworkPolicy")
    for svc, labels in pods.items():
        sources = []
        for d in policies.values():
            if "Ingress" in d["spec"]["policyTypes"] and matches(d["spec"]["podSelector"], labels):
                for rule in d["spec"].get("ingress", []):
                    sources += rule.get("from", [{"anything": True}])
        if svc in PUBLIC:
            peers = [s for s in sources if "namespaceSelector" not in s]
            allowed = [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": peer}}} for peer in INGRESS_FROM.get(svc, [])]
            if len(peers) == len(sources) or peers != allowed:
                problem(name, f"{svc} must accept traffic only from the ingress controller's namespace"
                              f"{''.join(' and ' + p + ' pods' for p in INGRESS_FROM.get(svc, []))}, accepts {sources}")
        elif sources != [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": peer}}} for peer in INGRESS_FROM.get(svc, ["gateway"])]:
            problem(name, f"{svc} must accept traffic only from {' and '.join(INGRESS_FROM.get(svc, ['gateway']))} pods, accepts {sources}")

    # The wallet (master keys) reaches the broker and its database only; production names every destination.
    for n, d in policies.items():
        if "Egress" not in d["spec"]["policyTypes"]:
            continue
        rules = d["spec"].get("egress", [])
        if name == "production" and n != "egress-dns" and any(not r.get("to") for r in rules):
            problem(name, f"NetworkPolicy/{n} has an egress rule without a destination")
        if matches(d["spec"]["podSelector"], pods.get("wallet", {})) and d["spec"]["podSelector"]:
            ports = {p.get("port") for r in rules for p in r.get("ports", [])}
            if not ports <= {5672, 5671, 5432, 53}:
                problem(name, f"NetworkPolicy/{n} lets the wallet out to ports {sorted(ports - {5672, 5671, 5432, 53})}")
        # A front-end goes out to the gateway's pods, its database and the collector: nothing else.
        for web in WEB:
            if d["spec"]["podSelector"] and matches(d["spec"]["podSelector"], pods.get(web, {})):
                for r in rules:
                    ports = {p.get("port") for p in r.get("ports", [])}
                    if not ports or not ports <= {8080, 5432, 4317, 4318}:
                        problem(name, f"NetworkPolicy/{n} lets {web} out to ports {sorted(ports - {8080, 5432, 4317, 4318}) or 'any'}")
                    if 8080 in ports and r.get("to") != [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}]:
                        problem(name, f"NetworkPolicy/{n} lets {web} out on 8080 to more than the gateway's pods")

    ingresses = by_kind.get("Ingress", {})
    backends = {p["backend"]["service"]["name"] for i in ingresses.values() for r in i["spec"]["rules"] for p in r["http"]["paths"]}
    if backends != PUBLIC:
        problem(name, f"Ingresses must route to {sorted(PUBLIC)} only, route to {sorted(backends)}")
    for n, i in ingresses.items():
        routed = {p["backend"]["service"]["name"] for r in i["spec"]["rules"] for p in r["http"]["paths"]}
        if routed & WEB and (len(routed) > 1 or any("host" not in r for r in i["spec"]["rules"])):
            problem(name, f"Ingress/{n}: a front-end gets an Ingress of its own, on a host of its own")
        # A Blazor circuit lives on one replica: negotiation, connection and reconnections must reach it.
        if routed & WEB and (i["metadata"].get("annotations") or {}).get("nginx.ingress.kubernetes.io/affinity") != "cookie":
            problem(name, f"Ingress/{n} needs cookie affinity (nginx.ingress.kubernetes.io/affinity: cookie) for the Blazor circuits")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tree = pathlib.Path(tmp) / "k8s"
        shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns("secrets.env", "wallet-keys.env"))
        dev = tree / "overlays" / "dev"
        for example in dev.glob("*.env.example"):
            shutil.copy(example, dev / example.name.removesuffix(".example"))
        check_kustomization_paths(tree)
        for name, path, expect_secrets in (("base", tree / "base", False),
                                           ("dev", dev, True),
                                           ("production", tree / "overlays" / "production", False)):
            docs = render(path)
            if docs:
                check_render(name, docs, expect_secrets)
                print(f"{name}: {len(docs)} objects rendered")

    # No registry host names, machine paths or real-looking secrets in committed files.
    for f in ROOT.rglob("*"):
        if not f.is_file() or f.name in ("secrets.env", "wallet-keys.env", "check.py") or f.suffix == ".pyc":
            continue
        text = f.read_text()
        for pattern, what in ((r"\b(docker\.io|ghcr\.io|quay\.io|gcr\.io|mcr\.microsoft\.com|[a-z0-9-]+\.azurecr\.io|[a-z0-9.-]+\.amazonaws\.com)\b", "a registry host"),
                              (r"(/home/|/root/|/work/|/tmp/|C:\\\\)", "a machine path")):
            if re.search(pattern, text):
                problem(str(f.relative_to(ROOT)), f"names {what}")
    for example in (ROOT / "overlays" / "dev").glob("*.env.example"):
        for line in example.read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                if "CHANGE_ME" not in value:
                    problem(example.name, f"{key} is not a placeholder")

    for p in problems:
        print(p)
    print(f"{'OK' if not problems else 'FAILED'}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
