package dev.payrail.k8s;

import com.google.gson.JsonObject;
import dev.payrail.k8s.NetworkReachability.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPolicyTest {

    static final Endpoint INVOICE_APP = Endpoint.pod("invoicing", Map.of("app.kubernetes.io/name", "invoice-app",
            "app.kubernetes.io/instance", "invoice-app"));
    static final Endpoint PAYMENT_RUN = Endpoint.pod("invoicing", Map.of("app.kubernetes.io/name", "invoice-app-payment-run"));
    static final Endpoint PROVIDER = Endpoint.pod("payments", Map.of("app.kubernetes.io/name", "payment-provider",
            "app.kubernetes.io/instance", "payment-provider"));
    static final Endpoint KUBE_DNS = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
    static final Endpoint POSTGRES = Endpoint.pod("databases", Map.of("app.kubernetes.io/name", "postgresql"));
    static final Endpoint STRANGER_ELSEWHERE = Endpoint.pod("default", Map.of("run", "curl"));
    static final Endpoint IMPOSTOR_ELSEWHERE = Endpoint.pod("default", Map.of("app.kubernetes.io/name", "invoice-app"));
    static final Endpoint STRANGER_IN_INVOICING = Endpoint.pod("invoicing", Map.of("run", "debug"));
    static final Endpoint STRANGER_IN_PAYMENTS = Endpoint.pod("payments", Map.of("run", "debug"));
    static final Endpoint INTERNET = Endpoint.external("203.0.113.7");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void onlyInvoiceAppPodsInInvoicingReachThePaymentProvider(Variant variant) {
        NetworkReachability net = new NetworkReachability(variant.render());

        assertThat(net.allowed(INVOICE_APP, PROVIDER, 9000, "TCP")).isTrue();
        assertThat(net.allowed(INVOICE_APP, PROVIDER, 9001, "TCP")).as("another port").isFalse();
        assertThat(net.allowed(PAYMENT_RUN, PROVIDER, 9000, "TCP")).as("the payment-run job").isFalse();
        assertThat(net.allowed(STRANGER_IN_INVOICING, PROVIDER, 9000, "TCP")).as("another pod in invoicing").isFalse();
        assertThat(net.allowed(STRANGER_ELSEWHERE, PROVIDER, 9000, "TCP")).as("a pod in another namespace").isFalse();
        assertThat(net.allowed(IMPOSTOR_ELSEWHERE, PROVIDER, 9000, "TCP"))
                .as("a pod labelled invoice-app in another namespace").isFalse();
        assertThat(net.allowed(STRANGER_IN_PAYMENTS, PROVIDER, 9000, "TCP")).as("a pod beside it").isFalse();
        assertThat(net.allowed(INTERNET, PROVIDER, 9000, "TCP")).as("outside the cluster").isFalse();
    }

    /** Defence in depth: the provider's own ingress rules hold even where a sender's namespace allows all egress. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void theProvidersIngressRulesAloneAdmitOnlyInvoiceAppPodsFromInvoicing(Variant variant) {
        NetworkReachability net = new NetworkReachability(variant.render());
        Endpoint impostorBesideProvider = Endpoint.pod("payments", Map.of("app.kubernetes.io/name", "invoice-app"));

        assertThat(net.ingressAllowed(INVOICE_APP, PROVIDER, 9000, "TCP")).isTrue();
        assertThat(net.ingressAllowed(STRANGER_IN_INVOICING, PROVIDER, 9000, "TCP")).isFalse();
        assertThat(net.ingressAllowed(PAYMENT_RUN, PROVIDER, 9000, "TCP")).isFalse();
        assertThat(net.ingressAllowed(IMPOSTOR_ELSEWHERE, PROVIDER, 9000, "TCP")).isFalse();
        assertThat(net.ingressAllowed(impostorBesideProvider, PROVIDER, 9000, "TCP")).isFalse();
        assertThat(net.ingressAllowed(STRANGER_IN_PAYMENTS, PROVIDER, 9000, "TCP")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void invoiceAppIsOpenOnItsPortOnly(Variant variant) {
        NetworkReachability net = new NetworkReachability(variant.render());

        assertThat(net.allowed(INTERNET, INVOICE_APP, 8000, "TCP")).isTrue();
        assertThat(net.allowed(STRANGER_ELSEWHERE, INVOICE_APP, 8000, "TCP")).isTrue();
        assertThat(net.allowed(PAYMENT_RUN, INVOICE_APP, 8000, "TCP")).as("the monthly payment-run job").isTrue();
        assertThat(net.allowed(INTERNET, INVOICE_APP, 22, "TCP")).isFalse();
        assertThat(net.allowed(PROVIDER, INVOICE_APP, 8000, "TCP")).as("the provider calls nobody back").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void egressIsLimitedToTheProviderDnsAndTheDatabase(Variant variant) {
        NetworkReachability net = new NetworkReachability(variant.render());

        for (Endpoint pod : List.of(INVOICE_APP, PROVIDER, PAYMENT_RUN)) {
            assertThat(net.allowed(pod, KUBE_DNS, 53, "UDP")).as("%s resolves names over UDP", pod).isTrue();
            assertThat(net.allowed(pod, KUBE_DNS, 53, "TCP")).as("%s resolves names over TCP", pod).isTrue();
            assertThat(net.allowed(pod, INTERNET, 443, "TCP")).as("%s to the internet", pod).isFalse();
            assertThat(net.allowed(pod, STRANGER_ELSEWHERE, 8080, "TCP")).as("%s to any other pod", pod).isFalse();
        }
        assertThat(net.allowed(PAYMENT_RUN, POSTGRES, 5432, "TCP")).isFalse();
        assertThat(net.allowed(INVOICE_APP, POSTGRES, 5432, "TCP")).isEqualTo(variant.production());
        assertThat(net.allowed(PROVIDER, POSTGRES, 5432, "TCP")).isEqualTo(variant.production());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void bothNamespacesDenyEverythingByDefault(Variant variant) {
        Manifests manifests = variant.render();
        NetworkReachability net = new NetworkReachability(manifests);

        for (String namespace : List.of("invoicing", "payments")) {
            assertThat(manifests.ofKind("NetworkPolicy")).filteredOn(p -> namespace.equals(p.namespace()))
                    .anySatisfy(p -> {
                        assertThat(J.obj(p.spec(), "podSelector").entrySet()).as("selects every pod").isEmpty();
                        assertThat(NetworkReachability.policyTypes(p)).containsExactlyInAnyOrder("Ingress", "Egress");
                        assertThat(J.at(p.spec(), "ingress")).isNull();
                        assertThat(J.at(p.spec(), "egress")).isNull();
                    });
            Endpoint newcomer = Endpoint.pod(namespace, Map.of("app.kubernetes.io/name", "newcomer"));
            assertThat(net.allowed(INTERNET, newcomer, 8080, "TCP")).as("ingress to a new pod in %s", namespace).isFalse();
            assertThat(net.allowed(newcomer, KUBE_DNS, 53, "UDP")).as("egress from a new pod in %s", namespace).isFalse();
        }
    }

    /** A rule added anywhere, however harmless it looks, has to be added here too: the list is the design. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyPeerIsExactlyAnIntendedOne(Variant variant) {
        List<String> expected = new ArrayList<>(List.of(
                "payments/payment-provider-ingress [payment-provider] ingress from ns=invoicing+pod={app.kubernetes.io/name=invoice-app} ports TCP/9000",
                "payments/payment-provider-egress-dns [payment-provider] egress to ns=kube-system+pod={k8s-app=kube-dns} ports UDP/53,TCP/53",
                "invoicing/invoice-app-ingress [invoice-app] ingress from anyone ports TCP/8000",
                "invoicing/invoice-app-egress [invoice-app] egress to ns=payments+pod={app.kubernetes.io/name=payment-provider} ports TCP/9000",
                "invoicing/invoice-app-egress [invoice-app] egress to ns=kube-system+pod={k8s-app=kube-dns} ports UDP/53,TCP/53",
                "invoicing/invoice-app-payment-run-egress [invoice-app-payment-run] egress to pod={app.kubernetes.io/name=invoice-app} ports TCP/8000",
                "invoicing/invoice-app-payment-run-egress [invoice-app-payment-run] egress to ns=kube-system+pod={k8s-app=kube-dns} ports UDP/53,TCP/53"));
        if (variant.production()) {
            expected.add("invoicing/invoice-app-egress-database [invoice-app] egress to ns=databases+pod={app.kubernetes.io/name=postgresql} ports TCP/5432");
            expected.add("payments/payment-provider-egress-database [payment-provider] egress to ns=databases+pod={app.kubernetes.io/name=postgresql} ports TCP/5432");
            expected.add("payments/payment-provider-ingress-monitoring [payment-provider] ingress from ns=monitoring+pod={app.kubernetes.io/name=prometheus} ports TCP/9000");
        }

        List<String> actual = new ArrayList<>();
        for (K8sObject policy : variant.render().ofKind("NetworkPolicy")) {
            String subject = policy.namespace() + "/" + policy.name() + " ["
                    + J.str(policy.spec(), "podSelector", "matchLabels", "app.kubernetes.io/name") + "]";
            describeRules(actual, subject, "ingress", "from", J.objects(policy.spec(), "ingress"));
            describeRules(actual, subject, "egress", "to", J.objects(policy.spec(), "egress"));
        }

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void describeRules(List<String> out, String subject, String direction, String key, List<JsonObject> rules) {
        for (JsonObject rule : rules) {
            List<String> ports = J.objects(rule, "ports").stream().map(p -> {
                assertThat(J.number(p, "port")).as("%s uses a numeric port", subject).isNotNull();
                return (J.str(p, "protocol") == null ? "TCP" : J.str(p, "protocol")) + "/" + J.number(p, "port");
            }).toList();
            String portText = ports.isEmpty() ? "all ports" : "ports " + String.join(",", ports);
            List<JsonObject> peers = J.objects(rule, key);
            if (peers.isEmpty()) {
                out.add(subject + " " + direction + " " + (direction.equals("ingress") ? "from" : "to") + " anyone " + portText);
            }
            for (JsonObject peer : peers) {
                out.add(subject + " " + direction + " " + (direction.equals("ingress") ? "from" : "to") + " " + describePeer(peer)
                        + " " + portText);
            }
        }
    }

    private static String describePeer(JsonObject peer) {
        TreeSet<String> unexpectedKeys = new TreeSet<>(peer.keySet());
        unexpectedKeys.removeAll(List.of("namespaceSelector", "podSelector", "ipBlock"));
        assertThat(unexpectedKeys).isEmpty();
        List<String> parts = new ArrayList<>();
        JsonObject ns = J.obj(peer, "namespaceSelector");
        if (ns != null) {
            assertThat(J.at(ns, "matchExpressions")).as("namespace selectors name the namespace exactly").isNull();
            assertThat(J.stringMap(ns, "matchLabels")).containsOnlyKeys("kubernetes.io/metadata.name");
            parts.add("ns=" + J.str(ns, "matchLabels", "kubernetes.io/metadata.name"));
        }
        JsonObject pod = J.obj(peer, "podSelector");
        if (pod != null) {
            assertThat(J.at(pod, "matchExpressions")).as("pod selectors use exact labels").isNull();
            parts.add("pod=" + new java.util.TreeMap<>(J.stringMap(pod, "matchLabels")));
        }
        JsonObject ipBlock = J.obj(peer, "ipBlock");
        if (ipBlock != null) {
            parts.add("ip=" + J.str(ipBlock, "cidr") + J.strings(ipBlock, "except"));
        }
        return String.join("+", parts);
    }
}
