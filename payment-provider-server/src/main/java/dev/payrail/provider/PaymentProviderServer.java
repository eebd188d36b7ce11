package dev.payrail.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.payrail.server.db.ReconnectingDataSource;
import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargesApi;
import dev.payrail.provider.auth.Authenticator;
import dev.payrail.provider.auth.jwt.AuthConfig;
import dev.payrail.provider.auth.jwt.AuthConfigException;
import dev.payrail.provider.auth.jwt.Authenticators;
import dev.payrail.provider.core.ChargeService;
import dev.payrail.provider.core.OutcomeDecider;
import dev.payrail.provider.db.DataSources;
import dev.payrail.provider.db.GroupCommitWriter;
import dev.payrail.provider.db.JdbcChargeLedger;
import dev.payrail.provider.health.MetricsResource;
import dev.payrail.server.GracefulStop;
import dev.payrail.server.health.HealthEndpoints;
import dev.payrail.server.health.Readiness;
import dev.payrail.provider.http.AuthenticationFilter;
import dev.payrail.provider.http.FaultInjectionFilter;
import dev.payrail.provider.http.Json;
import dev.payrail.provider.http.PaymentApiFeature;
import dev.payrail.server.RequestMetricsFilter;
import dev.payrail.server.ProblemErrorPages;
import dev.payrail.server.http.HttpServers;
import dev.payrail.provider.legacy.InferredCurrencies;
import dev.payrail.server.ServiceIdentity;
import dev.payrail.server.Tracing;
import dev.payrail.server.OpenApiResource;
import dev.payrail.provider.legacy.LegacyResource;
import dev.payrail.provider.resources.ChargesResource;
import dev.payrail.provider.resources.CustomersResource;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.threadpool.GrizzlyExecutorService;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The payment provider: the one place where every object is created and wired, by constructor
 * (config → data source → migrations → ledger → service → resources → HTTP server). {@code Main} and the tests
 * start the very same thing.
 */
public final class PaymentProviderServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentProviderServer.class);

    /**
     * Request threads parse, check and answer; a new charge does not hold one during its group commit (the ledger
     * writer hands each batch's answers back to this same pool), and only reads and registrations wait, briefly,
     * on the database. On two cores 4 to 8 of them cost the least CPU per charge in the benchmark; 16 cost 10-40 %
     * more and 32 twice as much (docs/performance.md).
     */
    private static final int REQUEST_THREADS = 8;
    /** {@code FAULT_LATENCY_MS} sleeps on a request thread, so a client testing with it needs one per call. */
    private static final int REQUEST_THREADS_WITH_INJECTED_LATENCY = 64;
    private static final int MAX_REQUESTS_PER_CONNECTION = 10_000;
    /**
     * Room for a bearer token well over the authenticator's 8 KiB cap, so that an over-long token is refused by
     * the authenticator (401 problem+json) rather than by Grizzly's 8 KiB default, which answers a bare 400
     * and closes the connection. Bigger heads still get that 400.
     */
    private static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final Duration OVERDUE_SWEEP = Duration.ofSeconds(1);
    private static final int WRITE_QUEUE_CAPACITY = 20_000;
    private static final int MAX_BATCH = 1_000;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READINESS_BOUND = Duration.ofSeconds(1);
    private static final Duration READINESS_INTERVAL = Duration.ofSeconds(1);
    private static final int READINESS_QUERY_SECONDS = 1;
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    /** payment-api's generated document, published unauthenticated at /openapi.json and /openapi.yaml. */
    private static final String PAYMENT_CONTRACT = "META-INF/openapi/openapi";

    private final HttpServer http;
    private final URI baseUri;
    private final URI healthUri;
    private final ProviderConfig config;
    private final List<AutoCloseable> closeables;
    private final Readiness readiness;
    private final GroupCommitWriter writer;
    private final ReconnectingDataSource dataSource;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PaymentProviderServer(HttpServer http, URI baseUri, URI healthUri, ProviderConfig config,
            Readiness readiness, GroupCommitWriter writer, ReconnectingDataSource dataSource,
            List<AutoCloseable> closeables) {
        this.http = http;
        this.baseUri = baseUri;
        this.healthUri = healthUri;
        this.config = config;
        this.readiness = readiness;
        this.writer = writer;
        this.dataSource = dataSource;
        this.closeables = closeables;
    }

    /**
     * Starts the provider; {@code /v1/*} requests must carry a JWT the configured JWK Set verifies, unless
     * {@code AUTH_DISABLED=true}.
     *
     * @throws ConfigException when the JWK Set file cannot be used (one plain line)
     */
    public static PaymentProviderServer start(ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        bridgeJulToSlf4j();
        Authenticator authenticator;
        try {
            authenticator = Authenticators.fromConfig(config.auth(), Clock.systemUTC());
        } catch (AuthConfigException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
        return start(config, authenticator);
    }

    /**
     * Starts the provider; {@code /v1/*} requests must pass {@code authenticator}, which the server closes with
     * itself when it is {@link AutoCloseable}. Traces as the {@code OTEL_*} variables of the process say.
     *
     * @throws ConfigException when an {@code OTEL_*} variable is refused (one plain line)
     */
    public static PaymentProviderServer start(ProviderConfig config, Authenticator authenticator) {
        Map<String, String> env = System.getenv();
        Tracing tracing;
        try {
            tracing = Tracing.fromEnvironment(env, ServiceIdentity.of(env));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return start(config, authenticator, tracing);
    }

    /**
     * Starts the provider with a server span per request through {@code tracing}, which the server closes with
     * itself (a {@link Tracing#of} closes nothing).
     */
    public static PaymentProviderServer start(ProviderConfig config, Authenticator authenticator, Tracing tracing) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(tracing, "tracing");
        bridgeJulToSlf4j();
        List<AutoCloseable> opened = new ArrayList<>();
        // Closed last: the spans of the last requests are exported after the server has answered them.
        opened.add(tracing);
        if (authenticator instanceof AutoCloseable closeable) {
            opened.add(closeable);
        }
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);

            ObjectMapper mapper = Json.strictMapper();
            Readiness readiness = new Readiness(READINESS_INTERVAL, READINESS_BOUND);
            opened.add(readiness);
            HttpServer healthServer = null;
            if (config.healthPort().isPresent()) {
                healthServer = HealthEndpoints.listen(config.bindAddress(), config.healthPort().getAsInt(), readiness,
                        mapper);
                opened.add(healthServer::shutdownNow);
            }
            ReconnectingDataSource dataSource = DataSources.create(config.database(), registry);
            opened.add(dataSource);
            // Liveness answers (on HEALTH_PORT) and readiness says why not while the database is awaited.
            DataSources.migrate(dataSource, config.database(), readiness::waiting);
            ExecutorService requestThreads = requestThreads(config.faultLatency().isZero() ? REQUEST_THREADS
                    : REQUEST_THREADS_WITH_INJECTED_LATENCY);
            opened.add(0, () -> stop(requestThreads, config.shutdownTimeout()));
            GroupCommitWriter writer = new GroupCommitWriter(dataSource, WRITE_QUEUE_CAPACITY, MAX_BATCH,
                    requestThreads, registry);
            opened.add(0, () -> writer.close(config.shutdownTimeout()));
            JdbcChargeLedger ledger = new JdbcChargeLedger(dataSource, writer);

            ObjectWriter chargeWriter = mapper.writerFor(Charge.class);
            long seed = config.randomSeed().orElseGet(() -> new SecureRandom().nextLong());
            ChargeService service = new ChargeService(ledger, new OutcomeDecider(config.successRate(), seed),
                    Clock.systemUTC(), config.requireKnownCustomers(), WRITE_TIMEOUT,
                    charge -> render(chargeWriter, charge), registry);

            List<Object> resources = new ArrayList<>(List.of(new ChargesResource(service),
                    new CustomersResource(service), new MetricsResource(registry, readiness),
                    OpenApiResource.fromClassPath(ChargesApi.class.getClassLoader(), PAYMENT_CONTRACT)));
            if (config.legacyApi()) {
                resources.add(new LegacyResource(service,
                        new InferredCurrencies(config.legacyDefaultCurrency(), registry)));
            }
            PaymentApiFeature paymentApi = new PaymentApiFeature(
                    new FaultInjectionFilter(config.faultLatency(), config.faultErrorRate()),
                    new AuthenticationFilter(authenticator));
            ProviderApplication application = new ProviderApplication(resources, mapper,
                    new RequestMetricsFilter(registry), paymentApi);
            tracing.register(application);

            HttpServer http = HttpServers.create(
                    URI.create("http://" + hostForUri(config.bindAddress()) + ":" + config.port() + "/"),
                    application, mapper);
            ProblemErrorPages.install(http, mapper, "the provider");
            HealthEndpoints.install(http, readiness, mapper);
            NetworkListener listener = useRequestThreads(http, requestThreads);
            http.start();
            opened.add(0, http::shutdownNow);
            readiness.start(List.of(
                    new Readiness.Check("database", true, () -> ledger.ping(READINESS_QUERY_SECONDS)),
                    new Readiness.Check("ledgerWriter", true, () -> {
                        if (!writer.isRunning()) {
                            throw new IllegalStateException("the ledger writer is not running");
                        }
                    })));

            // Two threads: a purge waiting on a slow ledger must not hold up the sweep of overdue charges.
            ScheduledExecutorService housekeeping = Executors.newScheduledThreadPool(2,
                    daemonThreads("housekeeping"));
            opened.add(1, housekeeping::shutdownNow);
            housekeeping.scheduleWithFixedDelay(() -> purge(ledger), 0, PURGE_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
            housekeeping.scheduleWithFixedDelay(service::failOverdue, OVERDUE_SWEEP.toMillis(),
                    OVERDUE_SWEEP.toMillis(), TimeUnit.MILLISECONDS);

            String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::")
                    ? "127.0.0.1" : hostForUri(config.bindAddress());
            URI baseUri = URI.create("http://" + host + ":" + listener.getPort());
            log.info("payment provider listening on {}:{} (store {}, success rate {}, legacy API {}, faults {}, auth {})",
                    config.bindAddress(), listener.getPort(), config.database().maskedUrl(), config.successRate(),
                    config.legacyApi() ? "ON" : "off",
                    "latency " + config.faultLatency().toMillis() + " ms, error rate " + config.faultErrorRate(),
                    describe(config.auth()));
            URI healthUri = healthServer == null ? baseUri
                    : URI.create("http://" + host + ":" + healthServer.getListeners().iterator().next().getPort());
            return new PaymentProviderServer(http, baseUri, healthUri, config, readiness, writer, dataSource, opened);
        } catch (IOException e) {
            closeAll(opened);
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeAll(opened);
            throw e;
        }
    }

    /**
     * The pool that runs requests and answers committed charges: Grizzly's own kind of worker threads (with their
     * per-thread buffer caches), so that one pool serves both.
     */
    static ExecutorService requestThreads(int threads) {
        return GrizzlyExecutorService.createInstance(ThreadPoolConfig.defaultConfig().setPoolName("http-worker")
                .setCorePoolSize(threads).setMaxPoolSize(threads)
                .setMemoryManager(MemoryManager.DEFAULT_MEMORY_MANAGER));
    }

    /** The pool a provider without injected latency runs on (the benchmark's bare endpoint uses it too). */
    static ExecutorService requestThreads() {
        return requestThreads(REQUEST_THREADS);
    }

    /**
     * Gives {@code http} (not started yet) the pool of request threads and the keep-alive policy; answers its
     * listener. Grizzly closes a connection after 256 requests by default, which made busy clients (invoice-app
     * paying 5,000 invoices a second over 16 connections) reconnect several times a second; 10,000 still lets
     * long-lived clients spread over new replicas within a minute or so behind a Kubernetes Service.
     */
    static NetworkListener useRequestThreads(HttpServer http, ExecutorService requestThreads) {
        NetworkListener listener = http.getListener("grizzly");
        listener.getTransport().setWorkerThreadPool(requestThreads);
        listener.getKeepAlive().setMaxRequestsCount(MAX_REQUESTS_PER_CONNECTION);
        listener.setMaxHttpHeaderSize(MAX_HEADER_BYTES);
        return listener;
    }

    /** Where the probes' {@code /health/*} answer: {@code HEALTH_PORT}, else {@link #baseUri()}. */
    public URI healthUri() {
        return healthUri;
    }

    /** Where the provider answers, e.g. {@code http://127.0.0.1:9000}. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Stops gracefully: reports not ready, stops accepting connections, lets in-flight requests finish within
     * {@code SHUTDOWN_TIMEOUT_MS}, drains the ledger writer, closes the pool. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMs = config.shutdownTimeout().toMillis();
        log.info("payment provider stopping (in-flight requests get up to {} ms)", timeoutMs);
        readiness.stopping();
        GracefulStop.stop(http, config.shutdownTimeout());
        writer.close(config.shutdownTimeout());
        closeAll(closeables);
        dataSource.close();
        log.info("payment provider stopped");
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Lets the executor finish what it was given (answers to committed charges), within {@code timeout}. */
    private static void stop(ExecutorService executor, Duration timeout) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }

    private static void purge(JdbcChargeLedger ledger) {
        try {
            int purged = ledger.purgeExpiredKeys(Clock.systemUTC().instant()).get(5, TimeUnit.MINUTES);
            if (purged > 0) {
                log.info("purged {} idempotency keys older than {}", purged, ChargeService.KEY_RETENTION);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("purging expired idempotency keys failed: {}", e.toString());
        }
    }

    private static String render(ObjectWriter writer, Charge charge) {
        try {
            return writer.writeValueAsString(charge);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Charge always serialises", e);
        }
    }

    private static String describe(AuthConfig auth) {
        if (auth.disabled()) {
            return "DISABLED";
        }
        return "JWT (JWK Set " + auth.jwks() + ", iss " + auth.issuer() + ", aud " + auth.audience()
                + (auth.allowedSubjects().isEmpty() ? "" : ", sub " + auth.allowedSubjects()) + ")";
    }

    private static String hostForUri(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", closeable, e.toString());
            }
        }
    }

    private static synchronized void bridgeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
