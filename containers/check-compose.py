#!/usr/bin/python3
"""Checks the resolved docker-compose configuration (`docker-compose config` output) against the rules the
Kubernetes manifests follow. Prints every broken rule and exits 1 if there is any.

    check-compose.py RESOLVED.yml
"""
import sys
from urllib.parse import urlparse

import yaml

IMAGES = {"payment-provider": "payrail/payment-provider:0.1.0", "invoice-app": "payrail/invoice-app:0.1.0",
          "keygen": "payrail/payment-provider:0.1.0"}
LONG_RUNNING = ("payment-provider", "invoice-app")


def main():
    config = yaml.safe_load(open(sys.argv[1]))
    services = config.get("services", {})
    networks = config.get("networks", {})
    problems = []

    def check(condition, message):
        if not condition:
            problems.append(message)

    for name in ("keygen", *LONG_RUNNING):
        check(name in services, f"service {name} is missing")
    if problems:
        report(problems)

    for name, service in services.items():
        where = f"services.{name}"
        check(service.get("image") == IMAGES.get(name), f"{where}.image is {service.get('image')!r}, expected {IMAGES.get(name)!r}")
        check(str(service.get("user")) == "10001:10001", f"{where}.user is {service.get('user')!r}, expected '10001:10001'")
        check(service.get("read_only") is True, f"{where}.read_only is not true")
        check("ALL" in (service.get("cap_drop") or []), f"{where}.cap_drop does not drop ALL")
        check(not service.get("cap_add"), f"{where}.cap_add adds {service.get('cap_add')}")
        check(not service.get("privileged"), f"{where} is privileged")
        check(any(opt.replace("=", ":") in ("no-new-privileges", "no-new-privileges:true")
                  for opt in service.get("security_opt") or []), f"{where}.security_opt lacks no-new-privileges")
        check(any(str(t).split(":")[0] == "/tmp" for t in service.get("tmpfs") or []), f"{where} has no tmpfs /tmp")

    for name in LONG_RUNNING:
        service, where = services[name], f"services.{name}"
        test = (service.get("healthcheck") or {}).get("test") or []
        check(any("/health/ready" in str(part) for part in test), f"{where}.healthcheck does not call /health/ready")
        check(service.get("mem_limit"), f"{where}.mem_limit is not set")
        check(service.get("restart") in ("unless-stopped", "always", "on-failure"), f"{where}.restart is {service.get('restart')!r}")
        env = service.get("environment") or {}
        check(env.get("DATA_DIR") == "/data", f"{where}.environment.DATA_DIR is {env.get('DATA_DIR')!r}, expected /data")
        check(any(volume_target(v) == "/data" for v in service.get("volumes") or []), f"{where} keeps /data in no volume")

    provider = services["payment-provider"]
    check(not provider.get("ports"), f"services.payment-provider publishes {provider.get('ports')} to the host")
    for network in provider.get("networks") or {"default": None}:
        check((networks.get(network) or {}).get("internal") is True,
              f"services.payment-provider is on network {network}, which is not internal")

    invoice = services["invoice-app"]
    ports = [port_spec(p) for p in invoice.get("ports") or []]
    check(ports == [("127.0.0.1", "8000", "8000")], f"services.invoice-app.ports is {invoice.get('ports')}, expected only 127.0.0.1:8000:8000")
    endpoint = urlparse((invoice.get("environment") or {}).get("PAYMENT_PROVIDER_ENDPOINT", ""))
    check(endpoint.hostname == "payment-provider" and endpoint.port == 9000,
          f"services.invoice-app PAYMENT_PROVIDER_ENDPOINT is {endpoint.geturl()!r}, expected http://payment-provider:9000")
    check(set(provider.get("networks") or {}) & set(invoice.get("networks") or {}),
          "invoice-app and payment-provider share no network")

    # Keys: keygen writes into a volume; the provider reads the JWK Set and invoice-app the private key from it,
    # read-only, under the kid keygen was given.
    keygen = services["keygen"]
    command = keygen.get("command") or []
    out_dir = command[command.index("--out") + 1] if "--out" in command else None
    kid = command[command.index("--kid") + 1] if "--kid" in command else None
    check(command[:1] == ["keygen"] and out_dir, f"services.keygen.command is {command}, expected keygen --out DIR")
    key_volume = next((volume_source(v) for v in keygen.get("volumes") or [] if volume_target(v) == out_dir), None)
    check(key_volume, f"services.keygen writes to {out_dir}, which is not a volume")
    check(keygen.get("network_mode") == "none", "services.keygen has network access")
    for name, variable, file in (("payment-provider", "AUTH_JWKS", "jwks.json"),
                                 ("invoice-app", "AUTH_PRIVATE_KEY_FILE", "private-key.pem")):
        service = services[name]
        path = (service.get("environment") or {}).get(variable, "")
        check(path.endswith("/" + file), f"services.{name}.{variable} is {path!r}, expected a path to {file}")
        mount = next((v for v in service.get("volumes") or [] if volume_source(v) == key_volume), None)
        check(mount and path.startswith(volume_target(mount) + "/"),
              f"services.{name} does not mount the keygen volume {key_volume!r} where {variable}={path!r} points")
        check(mount and volume_read_only(mount), f"services.{name} mounts the key volume writable")
    check((invoice.get("environment") or {}).get("AUTH_KEY_ID") == kid,
          f"services.invoice-app AUTH_KEY_ID is {(invoice.get('environment') or {}).get('AUTH_KEY_ID')!r}, keygen --kid is {kid!r}")
    report(problems)


def port_spec(port):
    if isinstance(port, dict):
        return (port.get("host_ip"), str(port.get("published")), str(port.get("target")))
    parts = str(port).split("/")[0].split(":")
    return tuple(parts) if len(parts) == 3 else (None, *parts) if len(parts) == 2 else (None, None, parts[0])


def volume_source(volume):
    return volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]


def volume_target(volume):
    return volume.get("target") if isinstance(volume, dict) else str(volume).split(":")[1]


def volume_read_only(volume):
    if isinstance(volume, dict):
        return volume.get("read_only") is True
    parts = str(volume).split(":")
    return len(parts) > 2 and "ro" in parts[2].split(",")


def report(problems):
    for problem in problems:
        print(f"docker-compose.yml: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
