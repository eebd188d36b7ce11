#!/usr/bin/python3
"""Turns the rendered Kubernetes manifests (kubectl kustomize k8s/overlays/local) into what `podman kube play`
(podman 4.3) can run, changing only what podman cannot do and keeping the rest as the cluster would get it.

    kube-play-manifests.py RENDERED.yaml DEPLOYMENT --secret-dir DIR [--image NAME=REF] [--host-port PORT:HOSTPORT]
        [--host-alias HOSTNAME=IP] [--secret-file SECRET/KEY=PATH] [--secret-literal SECRET/KEY=VALUE]
        [--volume-prefix PREFIX] [--volumes-out FILE]

Writes to stdout the ConfigMaps the Deployment refers to and the Deployment itself with
- no namespace (podman has none); in-cluster DNS names are given to the pod as host aliases instead;
- no probes: podman 4.3 ignores readiness and turns liveness into an in-container `curl` healthcheck, and the
  images have no shell and no curl; test-images.sh checks the same endpoints from the host;
- no serviceAccountName (no API server);
- hostPort (on 127.0.0.1) for the given container ports, standing in for the NodePort Service, and no other
  ports: podman 4.3 would publish every containerPort on all host addresses;
- the locally built image references;
- Secrets (filled from the given files and literals: nothing secret lives in the manifests) not played:
  podman 4.3 writes a secret volume's `data` still base64-encoded, crashes on an unset `optional` (podman issue
  16636), ignores fsGroup and cannot read a played Secret for env (podman issue 16269). Secret volumes become
  read-only host directories with the same files (mode 0444), secretKeyRef env gets the value;
- each emptyDir replaced by a claim on a per-pod volume that the caller creates (see --volumes-out).
Kept as rendered: env, args, resources, pod and container securityContext (uid/gid 10001, runAsNonRoot,
readOnlyRootFilesystem, allowPrivilegeEscalation, dropped capabilities, seccomp), mounts (secret mounts stay
readOnly).
"""
import argparse
import os
import sys

import yaml


def parse_pairs(values, sep):
    pairs = []
    for value in values or []:
        if sep not in value:
            sys.exit(f"kube-play-manifests: '{value}' is not NAME{sep}VALUE")
        pairs.append(tuple(value.split(sep, 1)))
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rendered")
    parser.add_argument("deployment")
    parser.add_argument("--image", action="append")
    parser.add_argument("--host-port", action="append")
    parser.add_argument("--host-alias", action="append")
    parser.add_argument("--secret-file", action="append")
    parser.add_argument("--secret-literal", action="append")
    parser.add_argument("--secret-dir", required=True, help="directory that receives the secret volumes' files")
    parser.add_argument("--volume-prefix", default="payrail-kube-play")
    parser.add_argument("--volumes-out", help="file that receives one line per emptyDir: NAME SIZE GID")
    args = parser.parse_args()

    with open(args.rendered) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    deployments = [d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == args.deployment]
    if len(deployments) != 1:
        sys.exit(f"kube-play-manifests: {len(deployments)} Deployments named {args.deployment} in {args.rendered}")
    deployment = deployments[0]
    namespace = deployment["metadata"].get("namespace")
    pod = deployment["spec"]["template"]["spec"]

    images = dict(parse_pairs(args.image, "="))
    host_ports = {int(c): int(h) for c, h in parse_pairs(args.host_port, ":")}
    secret_data = {}
    for ref, path in parse_pairs(args.secret_file, "="):
        with open(path, "rb") as f:
            secret_data.setdefault(ref.split("/", 1)[0], {})[ref.split("/", 1)[1]] = f.read()
    for ref, value in parse_pairs(args.secret_literal, "="):
        secret_data.setdefault(ref.split("/", 1)[0], {})[ref.split("/", 1)[1]] = value.encode()

    # Secrets and ConfigMaps the pod uses, by volume or by env.
    secrets, config_maps = set(), set()
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            secrets.add(volume["secret"]["secretName"])
        if "configMap" in volume:
            config_maps.add(volume["configMap"]["name"])
    for container in pod.get("initContainers", []) + pod["containers"]:
        for env in container.get("env", []):
            source = env.get("valueFrom", {})
            if "secretKeyRef" in source:
                secrets.add(source["secretKeyRef"]["name"])
            if "configMapKeyRef" in source:
                config_maps.add(source["configMapKeyRef"]["name"])
        for env_from in container.get("envFrom", []):
            if "secretRef" in env_from:
                secrets.add(env_from["secretRef"]["name"])
            if "configMapRef" in env_from:
                config_maps.add(env_from["configMapRef"]["name"])

    out = []
    for name in sorted(config_maps):
        matches = [d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == name
                   and d["metadata"].get("namespace") == namespace]
        if not matches:
            sys.exit(f"kube-play-manifests: ConfigMap {name} used by {args.deployment} is not in the manifests")
        config_map = matches[0]
        config_map["metadata"].pop("namespace", None)
        out.append(config_map)
    for name in sorted(secrets):
        if name not in secret_data:
            sys.exit(f"kube-play-manifests: Secret {name} used by {args.deployment} needs --secret-file or "
                     f"--secret-literal {name}/KEY=...")

    deployment["metadata"].pop("namespace", None)
    deployment["spec"]["replicas"] = 1
    pod.pop("serviceAccountName", None)
    pod.pop("serviceAccount", None)
    aliases = parse_pairs(args.host_alias, "=")
    if aliases:
        by_ip = {}
        for host, ip in aliases:
            by_ip.setdefault(ip, []).append(host)
        pod["hostAliases"] = [{"ip": ip, "hostnames": hosts} for ip, hosts in by_ip.items()]
    fs_group = pod.get("securityContext", {}).get("fsGroup", 0)
    empty_dirs = []
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            # podman 4.3 plays Secrets, but writes a secret volume's `data` still base64-encoded, crashes on an
            # unset `optional` (podman issue 16636) and ignores the fsGroup that lets uid 10001 read 0440 files:
            # the volume becomes a read-only host directory holding the same files.
            source = volume.pop("secret")
            directory = os.path.join(args.secret_dir, args.deployment, volume["name"])
            os.makedirs(directory, exist_ok=True)
            items = source.get("items") or [{"key": k, "path": k} for k in secret_data[source["secretName"]]]
            for item in items:
                path = os.path.join(directory, item["path"])
                with open(path, "wb") as f:
                    f.write(secret_data[source["secretName"]][item["key"]])
                os.chmod(path, 0o444)
            volume["hostPath"] = {"path": os.path.abspath(directory), "type": "Directory"}
        if "emptyDir" in volume:
            # podman 4.3 turns every emptyDir into a root-owned named volume called after the volume, shared by all
            # pods (`data`, `tmp`): give each pod its own, created by the caller as a tmpfs like an emptyDir (mode
            # 0777, group fsGroup) with its sizeLimit.
            name = f"{args.volume_prefix}-{args.deployment}-{volume['name']}"
            empty_dirs.append(f"{name} {volume['emptyDir'].get('sizeLimit', '64Mi')} {fs_group}")
            del volume["emptyDir"]
            volume["persistentVolumeClaim"] = {"claimName": name}
    if args.volumes_out:
        with open(args.volumes_out, "w") as f:
            f.writelines(line + "\n" for line in empty_dirs)
    for container in pod["containers"]:
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            container.pop(probe, None)
        if container["image"] in images:
            container["image"] = images[container["image"]]
        for port in container.get("ports", []):
            if port["containerPort"] in host_ports:
                port["hostPort"] = host_ports.pop(port["containerPort"])
                port["hostIP"] = "127.0.0.1"
        # podman 4.3 publishes a containerPort without hostPort on the same port of every host address (on
        # Kubernetes it only documents the port): keep only the ports meant to be published.
        container["ports"] = [port for port in container.get("ports", []) if "hostPort" in port]
        if not container["ports"]:
            del container["ports"]
    if host_ports:
        sys.exit(f"kube-play-manifests: {args.deployment} declares no container port {sorted(host_ports)}")
    # podman 4.3 stores a played Secret as YAML but reads it as JSON for secretKeyRef env (podman issue 16269):
    # such variables get the value itself.
    for container in pod.get("initContainers", []) + pod["containers"]:
        for env in container.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                env["value"] = secret_data[ref["name"]][ref["key"]].decode()
                del env["valueFrom"]
    out.append(deployment)
    yaml.safe_dump_all(out, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
