package dev.payrail.k8s;

import com.google.gson.JsonObject;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "may this connection happen?" from the rendered NetworkPolicies, with the semantics of the
 * NetworkPolicy API: a pod selected by no policy of a direction is open in that direction; otherwise a
 * connection needs a matching rule on the sender's egress side AND on the receiver's ingress side. A peer's
 * namespaceSelector and podSelector in the same element must both match. Named ports are not resolved (the
 * manifests use numbers, which {@link NetworkPolicyTest} insists on).
 */
final class NetworkReachability {

    /** A pod (namespace and labels) or an address outside the cluster (ip). */
    record Endpoint(String namespace, Map<String, String> labels, String ip) {
        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace, labels, null);
        }

        static Endpoint external(String ip) {
            return new Endpoint(null, Map.of(), ip);
        }

        boolean isPod() {
            return namespace != null;
        }
    }

    private final List<K8sObject> policies;
    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

    NetworkReachability(Manifests manifests) {
        this.policies = manifests.ofKind("NetworkPolicy");
        manifests.ofKind("Namespace").forEach(ns -> namespaceLabels.put(ns.name(), ns.labels()));
    }

    boolean allowed(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    private boolean egressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!from.isPod()) {
            return true;
        }
        List<K8sObject> selecting = selecting(from, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> J.objects(p.spec(), "egress").stream())
                .anyMatch(rule -> portsMatch(rule, port, protocol) && peersMatch(rule, "to", from.namespace(), to));
    }

    /** The receiving side alone: what the destination's ingress policies admit, whatever the sender's egress says. */
    boolean ingressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!to.isPod()) {
            return true;
        }
        List<K8sObject> selecting = selecting(to, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> J.objects(p.spec(), "ingress").stream())
                .anyMatch(rule -> portsMatch(rule, port, protocol) && peersMatch(rule, "from", to.namespace(), from));
    }

    private List<K8sObject> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> pod.namespace().equals(p.namespace()))
                .filter(p -> policyTypes(p).contains(direction))
                .filter(p -> selectorMatches(J.obj(p.spec(), "podSelector"), pod.labels()))
                .toList();
    }

    /** policyTypes defaults to Ingress, plus Egress when the policy has egress rules. */
    static List<String> policyTypes(K8sObject policy) {
        List<String> types = J.strings(policy.spec(), "policyTypes");
        if (!types.isEmpty()) {
            return types;
        }
        return J.at(policy.spec(), "egress") != null ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean portsMatch(JsonObject rule, int port, String protocol) {
        List<JsonObject> ports = J.objects(rule, "ports");
        if (ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> {
            String proto = J.str(p, "protocol") == null ? "TCP" : J.str(p, "protocol");
            Long number = J.number(p, "port");
            if (!proto.equals(protocol)) {
                return false;
            }
            if (J.at(p, "port") == null) {
                return true;
            }
            if (number == null) {
                throw new IllegalArgumentException("named port " + J.str(p, "port") + " in a NetworkPolicy: use the number");
            }
            Long end = J.number(p, "endPort");
            return end == null ? port == number : port >= number && port <= end;
        });
    }

    private boolean peersMatch(JsonObject rule, String key, String policyNamespace, Endpoint peer) {
        List<JsonObject> peers = J.objects(rule, key);
        if (peers.isEmpty()) {
            return true; // absent or empty: every peer
        }
        return peers.stream().anyMatch(p -> peerMatches(p, policyNamespace, peer));
    }

    private boolean peerMatches(JsonObject peer, String policyNamespace, Endpoint endpoint) {
        JsonObject ipBlock = J.obj(peer, "ipBlock");
        if (ipBlock != null) {
            return !endpoint.isPod() && inCidr(endpoint.ip(), J.str(ipBlock, "cidr"))
                    && J.strings(ipBlock, "except").stream().noneMatch(cidr -> inCidr(endpoint.ip(), cidr));
        }
        if (!endpoint.isPod()) {
            return false;
        }
        JsonObject namespaceSelector = J.obj(peer, "namespaceSelector");
        JsonObject podSelector = J.obj(peer, "podSelector");
        boolean namespaceOk = namespaceSelector == null
                ? endpoint.namespace().equals(policyNamespace)
                : selectorMatches(namespaceSelector, labelsOfNamespace(endpoint.namespace()));
        boolean podOk = podSelector == null || selectorMatches(podSelector, endpoint.labels());
        return namespaceOk && podOk;
    }

    private Map<String, String> labelsOfNamespace(String namespace) {
        Map<String, String> labels = new HashMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
        labels.put("kubernetes.io/metadata.name", namespace);
        return labels;
    }

    static boolean selectorMatches(JsonObject selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        for (Map.Entry<String, String> required : J.stringMap(selector, "matchLabels").entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (JsonObject expression : J.objects(selector, "matchExpressions")) {
            String key = J.str(expression, "key");
            List<String> values = J.strings(expression, "values");
            boolean ok = switch (J.str(expression, "operator")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean inCidr(String ip, String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (network.length != address.length) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            int width = network.length * 8;
            BigInteger mask = bits == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE).shiftRight(width - bits).shiftLeft(width - bits);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("not an address or CIDR: " + ip + " / " + cidr, e);
        }
    }
}
