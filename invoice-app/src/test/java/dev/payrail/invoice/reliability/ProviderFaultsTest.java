package dev.payrail.invoice.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.payrail.invoice.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.invoice.resources.Http;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.Problem;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * invoice-app paying through a fault layer (WireMock) in front of the REAL provider, whose SQLite ledger then
 * judges the outcome. Each scenario seeds 200 invoices and makes two payment runs while the fault is on: every
 * charge request of the invoices whose id ends in 0 faults (so invoice-app's retries are spent and the outcome is
 * left unknown or refused), and the first request of the first attempt of those ending in 5 faults (so a retry
 * under the same key gets through). Then the fault is removed and runs go on until nothing is payable, and
 * {@link PaymentInvariants} must hold: no invoice charged twice, none PAID without exactly one charge, no attempt
 * left unknown. The number of faults actually injected is counted from WireMock's journal and must be positive.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProviderFaultsTest {
    private static final int CUSTOMERS = 20;
    private static final int INVOICES_PER_CUSTOMER = 10;
    private static final int READ_TIMEOUT_MS = 1000;
    private static final int MAX_RETRIES = 1;
    private static final int FAULTY_RUNS = 2;
    private static final int MAX_CLEAN_RUNS = 30;
    private static final String CHARGES = "/v1/charges";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where each scenario appends its figures, for docs/reliability.md. */
    private static final Path FIGURES = Path.of("target", "reliability", "provider-faults-figures.md");

    @TempDir
    Path providerDir;
    @TempDir
    Path invoiceDir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final LoseAnswer loseAnswer = new LoseAnswer();
    private WireMockServer wire;

    @BeforeAll
    static void freshFigures() throws IOException {
        Files.deleteIfExists(FIGURES);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
        if (wire != null) {
            wire.stop();
        }
    }

    /** A fault, as a response to a charge request; those marked {@code charged} let the provider charge first. */
    enum Injected {
        CONNECTION_RESET(false, provider -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        SLOWER_THAN_READ_TIMEOUT(true, provider -> aResponse().proxiedFrom(provider)
                .withFixedDelay(READ_TIMEOUT_MS + 500)),
        INTERNAL_ERROR_500(false, provider -> problem(ErrorCode.INTERNAL_ERROR, null)),
        UNAVAILABLE_503_RETRY_AFTER(false, provider -> problem(ErrorCode.UNAVAILABLE, "1")),
        RATE_LIMITED_429_RETRY_AFTER(false, provider -> problem(ErrorCode.RATE_LIMITED, "1")),
        MALFORMED_RESPONSE_CHUNK(false, provider -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
        GARBAGE_JSON_201(false, provider -> aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": ch_<<<\u0000 not json")),
        TRUNCATED_BODY_201(false, provider -> aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"ch_0000000000000000\",\"status\":\"SUCC")),
        RANDOM_DATA_THEN_CLOSE(false, provider -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
        /** The charge is made, then the connection is reset instead of answering. */
        CHARGED_THEN_CONNECTION_RESET(true, provider -> aResponse().proxiedFrom(provider)
                .withTransformers(LoseAnswer.NAME).withTransformerParameter("as", "reset")),
        /** The charge is made, then only the first half of the provider's 201 arrives. */
        CHARGED_THEN_TRUNCATED(true, provider -> aResponse().proxiedFrom(provider)
                .withTransformers(LoseAnswer.NAME).withTransformerParameter("as", "truncate")),
        /** The charge is made, then a gateway answers 502 with an HTML page in its place. */
        CHARGED_THEN_BAD_GATEWAY(true, provider -> aResponse().proxiedFrom(provider)
                .withTransformers(LoseAnswer.NAME).withTransformerParameter("as", "bad-gateway"));

        final boolean charged;
        final java.util.function.Function<String, ResponseDefinitionBuilder> response;

        Injected(boolean charged, java.util.function.Function<String, ResponseDefinitionBuilder> response) {
            this.charged = charged;
            this.response = response;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Injected.class)
    void noInvoiceIsChargedTwiceOrPaidWithoutAChargeWhateverTheFault(Injected fault) throws Exception {
        PaymentProviderServer provider = provider(Map.of());
        String target = proxyTo(provider);
        List<StubMapping> faults = new ArrayList<>();
        // Every request, including retries and re-sends, for invoices ...0: the retries are spent.
        faults.add(wire.stubFor(post(urlEqualTo(CHARGES)).atPriority(1)
                .withHeader("Idempotency-Key", matching("inv-[0-9]*0-[0-9]+"))
                .willReturn(fault.response.apply(target))));
        // Only the first request for invoices ...5: invoice-app's retry under the same key gets through.
        for (long invoice = 5; invoice <= CUSTOMERS * INVOICES_PER_CUSTOMER; invoice += 10) {
            faults.add(wire.stubFor(post(urlEqualTo(CHARGES)).atPriority(1)
                    .withHeader("Idempotency-Key", equalTo("inv-" + invoice + "-1"))
                    .inScenario("once-" + invoice).whenScenarioStateIs(Scenario.STARTED)
                    .willSetStateTo("faulted")
                    .willReturn(fault.response.apply(target))));
        }
        Http app = invoiceApp(URI.create(wire.baseUrl()), Map.of());

        Figures figures = payWithFaultsThenClean(app, faults);

        if (fault.charged) {
            // The fault hid a charge the provider really made: the ledger has one for every such key.
            Set<String> hidden = fault == Injected.SLOWER_THAN_READ_TIMEOUT ? keysOf(faults) : loseAnswer.keys();
            assertThat(hidden).as("keys whose charge was made and whose answer was lost").isNotEmpty();
            assertThat(chargedKeys()).as("the provider's ledger").containsAll(hidden);
        }
        report(fault.name(), figures);
    }

    /**
     * The charge is made and its answer lost; invoice-app's retry under the same key is then refused with 429 by
     * something in between (a gateway's rate limit) until its retries are spent. The refusal says nothing about
     * the first request, which was charged: the attempt must stay unknown and be resolved, never taken as "not
     * charged" and paid again under a new key.
     */
    @Test
    void answerLostThenRetryRateLimitedIsResolvedNotChargedAgain() throws Exception {
        PaymentProviderServer provider = provider(Map.of());
        String target = proxyTo(provider);
        List<StubMapping> faults = new ArrayList<>();
        for (long invoice = 5; invoice <= CUSTOMERS * INVOICES_PER_CUSTOMER; invoice += 5) {
            faults.addAll(firstThenRateLimited("lost-" + invoice, "inv-" + invoice + "-1",
                    Injected.CHARGED_THEN_CONNECTION_RESET.response.apply(target)));
        }
        Http app = invoiceApp(URI.create(wire.baseUrl()), Map.of());

        Figures figures = payWithFaultsThenClean(app, faults);

        assertThat(loseAnswer.keys()).as("charges made whose answer was lost").hasSize(40);
        assertThat(chargedKeys()).containsAll(loseAnswer.keys());
        report("CHARGED_THEN_RESET_THEN_RATE_LIMITED_429", figures);
    }

    /**
     * The first request of an attempt is held up on its way (here: reset at the gateway, and delivered by the test
     * later, byte for byte, as a proxy that buffered it would), and while it is away every re-send under its key is
     * refused with 429 by the gateway. The next run finds no charge for the key and its re-send is refused: neither
     * says the first request will not land, so the attempt must stay unknown instead of being paid again under a
     * new key. (Tests run with a 0 s attempt lease; in production the lease makes such a late arrival rarer, not
     * impossible.)
     */
    @Test
    void reSendRefusedWhileTheFirstRequestIsStillOnItsWayKeepsTheAttemptUnknown() throws Exception {
        PaymentProviderServer provider = provider(Map.of());
        proxyTo(provider);
        List<StubMapping> faults = new ArrayList<>();
        for (long invoice = 10; invoice <= CUSTOMERS * INVOICES_PER_CUSTOMER; invoice += 10) {
            faults.addAll(firstThenRateLimited("held-" + invoice, "inv-" + invoice + "-1",
                    aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        }
        Http app = invoiceApp(URI.create(wire.baseUrl()), Map.of());
        long started = System.nanoTime();
        List<JsonNode> faultyRuns = new ArrayList<>();
        for (int run = 0; run < FAULTY_RUNS; run++) {
            faultyRuns.add(json(app.post("/rest/v1/payment-runs?wait=true")));
        }

        // The held first requests arrive at the provider now.
        Map<String, byte[]> firstRequests = new HashMap<>();
        for (ServeEvent event : wire.getAllServeEvents()) {
            String key = event.getRequest().getHeader("Idempotency-Key");
            if (key != null && key.matches("inv-[0-9]*0-1")
                    && event.getRequest().getMethod().getName().equals("POST")) {
                // Every request under one key carries the same body: the first request is any of them.
                firstRequests.put(key, event.getRequest().getBody());
            }
        }
        assertThat(firstRequests).hasSize(20);
        HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Map.Entry<String, byte[]> held : firstRequests.entrySet()) {
            HttpResponse<String> landed = direct.send(HttpRequest.newBuilder(provider.baseUri().resolve(CHARGES))
                    .header("Content-Type", "application/json").header("Idempotency-Key", held.getKey())
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(held.getValue())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(landed.statusCode()).as(landed.body()).isIn(200, 201);
        }

        faults.forEach(wire::removeStub);
        List<JsonNode> cleanRuns = payUntilSettled(app);
        long injected = countServed(faults);
        assertThat(injected).as("faults injected (WireMock's journal)").isPositive();
        Figures figures = new Figures(injected, chargeCalls(), faultyRuns, cleanRuns,
                PaymentInvariants.check(invoiceDb(), ledger()), elapsed(started));
        assertHolds(figures);
        report("HELD_FIRST_REQUEST_THEN_RESENDS_RATE_LIMITED_429", figures);
    }

    /**
     * The provider's own fault injection, without WireMock: {@code FAULT_ERROR_RATE} answers 503 before anything
     * is processed and {@code FAULT_LATENCY_MS} slows every request. Then a fault-free provider on the same
     * ledger, and an invoice-app restarted on the same database, settle everything.
     */
    @Test
    void providerInjectedErrorsAndLatencyAreSettledByLaterRunsOnTheSameLedger() throws Exception {
        PaymentProviderServer flaky = provider(Map.of("FAULT_ERROR_RATE", "0.3", "FAULT_LATENCY_MS", "50"));
        Http app = invoiceApp(flaky.baseUri(), Map.of("PAYMENT_PROVIDER_MAX_RETRIES", "0"));
        long started = System.nanoTime();
        List<JsonNode> faultyRuns = new ArrayList<>();
        for (int run = 0; run < FAULTY_RUNS; run++) {
            faultyRuns.add(json(app.post("/rest/v1/payment-runs?wait=true")));
        }
        long injected = metric(flaky.baseUri(), "http_server_requests_seconds_count", "status=\"503\"");
        assertThat(injected).as("503s injected by FAULT_ERROR_RATE").isPositive();
        stopAll();

        PaymentProviderServer provider = provider(Map.of());
        Http restarted = invoiceApp(provider.baseUri(), Map.of());
        List<JsonNode> cleanRuns = payUntilSettled(restarted);
        Figures figures = new Figures(injected, -1, faultyRuns, cleanRuns,
                PaymentInvariants.check(invoiceDb(), ledger()), elapsed(started));
        assertHolds(figures);
        report("PROVIDER_FAULT_ERROR_RATE_0.3_LATENCY_50MS", figures);
    }

    // ---- the scenario -----------------------------------------------------------------------------------

    private Figures payWithFaultsThenClean(Http app, List<StubMapping> faults) throws Exception {
        long started = System.nanoTime();
        List<JsonNode> faultyRuns = new ArrayList<>();
        for (int run = 0; run < FAULTY_RUNS; run++) {
            faultyRuns.add(json(app.post("/rest/v1/payment-runs?wait=true")));
        }
        faults.forEach(wire::removeStub);
        List<JsonNode> cleanRuns = payUntilSettled(app);

        long injected = countServed(faults);
        long chargeCalls = chargeCalls();
        assertThat(injected).as("faults injected (WireMock's journal)").isPositive();
        Figures figures = new Figures(injected, chargeCalls, faultyRuns, cleanRuns,
                PaymentInvariants.check(invoiceDb(), ledger()), elapsed(started));
        assertHolds(figures);
        return figures;
    }

    private static void assertHolds(Figures figures) {
        PaymentInvariants.Report report = figures.report();
        assertThat(report.violations()).as(report.summary()).isEmpty();
        assertThat(report.doubleCharged()).isZero();
        assertThat(report.paid()).isEqualTo(CUSTOMERS * INVOICES_PER_CUSTOMER);
        assertThat(report.succeeded()).isEqualTo(report.paid());
    }

    /** Payment runs until no invoice is PENDING or PROCESSING and no attempt unsettled. */
    private List<JsonNode> payUntilSettled(Http app) throws SQLException {
        List<JsonNode> runs = new ArrayList<>();
        while (runs.size() < MAX_CLEAN_RUNS) {
            runs.add(json(app.post("/rest/v1/payment-runs?wait=true")));
            try (Connection db = invoiceDb()) {
                if (PaymentInvariants.outstanding(db) == 0) {
                    return runs;
                }
            }
        }
        return runs;
    }

    // ---- the parts ----------------------------------------------------------------------------------------

    private PaymentProviderServer provider(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "BIND_ADDRESS", "127.0.0.1",
                "DATA_DIR", providerDir.toString(), "SHUTDOWN_TIMEOUT_MS", "3000", "AUTH_DISABLED", "true",
                // Declines make invoice-app pay again under new keys: where a double charge could hide.
                "SUCCESS_RATE", "0.8", "RANDOM_SEED", "8"));
        env.putAll(settings);
        PaymentProviderServer server = PaymentProviderServer.start(ProviderConfig.fromEnvironment(env));
        running.add(server);
        return server;
    }

    /** WireMock in front of the provider, passing everything through; answers the provider URL for stubs. */
    private String proxyTo(PaymentProviderServer provider) {
        wire = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(40).extensions(loseAnswer));
        wire.start();
        String target = provider.baseUri().toString().replaceAll("/+$", "");
        wire.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(target)));
        return target;
    }

    private Http invoiceApp(URI providerEndpoint, Map<String, String> settings) {
        Map<String, String> env = TestConfigs.environment(invoiceDir, providerEndpoint.toString());
        env.put("SEED_CUSTOMERS", Integer.toString(CUSTOMERS));
        env.put("SEED_INVOICES_PER_CUSTOMER", Integer.toString(INVOICES_PER_CUSTOMER));
        // Wide enough that the faults' waits (read timeouts, Retry-After) overlap instead of queueing.
        env.put("PAY_CONCURRENCY", "32");
        env.put("PAYMENT_PROVIDER_CONNECT_TIMEOUT_MS", "1000");
        env.put("PAYMENT_PROVIDER_READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT_MS));
        env.put("PAYMENT_PROVIDER_MAX_RETRIES", Integer.toString(MAX_RETRIES));
        env.putAll(settings);
        InvoiceAppServer server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env));
        running.add(server);
        return new Http(server.baseUri());
    }

    private Connection invoiceDb() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + invoiceDir.resolve("invoice-app.db"));
    }

    private Connection ledger() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + providerDir.resolve(ProviderConfig.SQLITE_FILE));
    }

    private Set<String> chargedKeys() throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection ledger = ledger(); var statement = ledger.createStatement();
             var rs = statement.executeQuery("SELECT idempotency_key FROM charges")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** The charge requests that passed through WireMock. */
    private long chargeCalls() {
        return wire.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals(CHARGES)
                        && event.getRequest().getMethod().getName().equals("POST"))
                .count();
    }

    /** How many requests the given stubs answered: the faults injected, from WireMock's journal. */
    private long countServed(List<StubMapping> stubs) {
        Set<UUID> ids = new HashSet<>();
        stubs.forEach(stub -> ids.add(stub.getId()));
        return wire.getAllServeEvents().stream()
                .filter(event -> event.getStubMapping() != null && ids.contains(event.getStubMapping().getId()))
                .count();
    }

    /** The idempotency keys of the charge requests the given stubs answered. */
    private Set<String> keysOf(List<StubMapping> stubs) {
        Set<UUID> ids = new HashSet<>();
        stubs.forEach(stub -> ids.add(stub.getId()));
        Set<String> keys = new HashSet<>();
        for (ServeEvent event : wire.getAllServeEvents()) {
            if (event.getStubMapping() != null && ids.contains(event.getStubMapping().getId())) {
                keys.add(event.getRequest().getHeader("Idempotency-Key"));
            }
        }
        return keys;
    }

    /** The first charge request with {@code key} gets {@code first}; every later one a 429 from "the gateway". */
    private List<StubMapping> firstThenRateLimited(String scenario, String key, ResponseDefinitionBuilder first) {
        String afterFirst = "after-first";
        return List.of(
                wire.stubFor(post(urlEqualTo(CHARGES)).atPriority(1)
                        .withHeader("Idempotency-Key", equalTo(key))
                        .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo(afterFirst)
                        .willReturn(first)),
                wire.stubFor(post(urlEqualTo(CHARGES)).atPriority(1)
                        .withHeader("Idempotency-Key", equalTo(key))
                        .inScenario(scenario).whenScenarioStateIs(afterFirst)
                        .willReturn(problem(ErrorCode.RATE_LIMITED, "0"))));
    }

    private static ResponseDefinitionBuilder problem(ErrorCode code, String retryAfter) {
        ResponseDefinitionBuilder response = aResponse().withStatus(code.status())
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("Request-Id", "req_wiremock")
                .withBody(toJson(Problem.of(code, "injected by the fault layer", null, "req_wiremock")));
        return retryAfter == null ? response : response.withHeader("Retry-After", retryAfter);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sums a Prometheus counter's samples whose labels contain {@code label}. */
    private static long metric(URI base, String name, String label) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    // ---- figures ------------------------------------------------------------------------------------------

    private record Figures(long injected, long chargeCalls, List<JsonNode> faultyRuns, List<JsonNode> cleanRuns,
            PaymentInvariants.Report report, Duration elapsed) {

        long sum(List<JsonNode> runs, String field) {
            return runs.stream().mapToLong(run -> run.get(field).asLong()).sum();
        }
    }

    private static void report(String scenario, Figures f) throws IOException {
        PaymentInvariants.Report r = f.report();
        String line = String.format(Locale.ROOT,
                "| %s | %d | %s | %d + %d | unknown %d, not charged %d (faulty runs); reconciled %d (all runs) | %d"
                        + " attempts, %d charges (%d SUCCEEDED) | %d | %d | %.1f s |",
                scenario, f.injected(), f.chargeCalls() < 0 ? "n/a (no WireMock)" : Long.toString(f.chargeCalls()),
                f.faultyRuns().size(), f.cleanRuns().size(),
                f.sum(f.faultyRuns(), "unknown"), f.sum(f.faultyRuns(), "notCharged"),
                f.sum(f.faultyRuns(), "reconciled") + f.sum(f.cleanRuns(), "reconciled"),
                r.attempts(), r.charges(), r.succeeded(), r.paid(), r.doubleCharged(),
                f.elapsed().toMillis() / 1000.0);
        System.out.println("fault_figures " + line);
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    // ---- the WireMock extension ----------------------------------------------------------------------------

    /**
     * Replaces the provider's answer, after the provider has charged, with a lost or corrupted one; remembers the
     * keys it did that to. Applies only to stubs that name it.
     */
    static final class LoseAnswer implements ResponseTransformerV2 {
        static final String NAME = "lose-answer";
        private final Set<String> keys = ConcurrentHashMap.newKeySet();

        Set<String> keys() {
            return Set.copyOf(keys);
        }

        @Override
        public Response transform(Response proxied, ServeEvent event) {
            if (proxied.getStatus() / 100 == 2) {
                keys.add(event.getRequest().getHeader("Idempotency-Key"));
            }
            String as = event.getTransformerParameters().getString("as");
            return switch (as) {
                case "reset" -> Response.Builder.like(proxied).but().fault(Fault.CONNECTION_RESET_BY_PEER).build();
                case "truncate" -> {
                    byte[] body = proxied.getBody();
                    yield Response.Builder.like(proxied).but()
                            .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
                            .body(Arrays.copyOf(body, body.length / 2)).build();
                }
                case "bad-gateway" -> Response.Builder.like(proxied).but().status(502)
                        .headers(new HttpHeaders(new HttpHeader("Content-Type", "text/html")))
                        .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build();
                default -> throw new IllegalArgumentException("unknown transformer parameter as=" + as);
            };
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
