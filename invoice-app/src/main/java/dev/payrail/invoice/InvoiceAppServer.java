package dev.payrail.invoice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.payrail.invoice.db.Database;
import dev.payrail.invoice.db.DemoData;
import dev.payrail.invoice.db.InvoiceRepository;
import dev.payrail.invoice.payments.PaymentEngine;
import dev.payrail.invoice.payments.PaymentMetrics;
import dev.payrail.invoice.payments.PaymentRuns;
import dev.payrail.invoice.resources.CustomerResource;
import dev.payrail.invoice.resources.HealthResource;
import dev.payrail.invoice.resources.InvoiceResource;
import dev.payrail.invoice.resources.MetricsResource;
import dev.payrail.invoice.resources.PaymentRunResource;
import dev.payrail.invoice.resources.ProblemMappers;
import dev.payrail.invoice.resources.AdminTokenFilter;
import dev.payrail.server.OpenApiResource;
import dev.payrail.server.RequestIdFilter;
import dev.payrail.server.GracefulStop;
import dev.payrail.server.ProblemErrorPages;
import dev.payrail.server.health.HealthEndpoints;
import dev.payrail.server.health.Readiness;
import java.time.Duration;
import java.util.List;
import dev.payrail.server.http.HttpServers;
import dev.payrail.server.RequestMetricsFilter;
import dev.payrail.server.db.DatabaseUrl;
import dev.payrail.server.ServiceIdentity;
import dev.payrail.server.Tracing;
import dev.payrail.payment.client.PaymentClient;
import dev.payrail.payment.client.Payments;
import dev.payrail.payment.client.TokenProvider;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.ext.ContextResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invoice service: the one place that wires every object by hand, config → database → repository →
 * payment engine → resources, and serves them with Jersey on Grizzly. {@link Main} and the tests start it the
 * same way.
 */
public final class InvoiceAppServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvoiceAppServer.class);
    private static final Duration READINESS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration READINESS_BOUND = Duration.ofSeconds(1);
    private static final int READINESS_QUERY_SECONDS = 1;
    /** The build generates it from the resources' annotations; payment-api's own is beside it as openapi.*. */
    private static final String OPENAPI_DOCUMENT = "META-INF/openapi/invoice-app";

    private final InvoiceAppConfig config;
    private final HttpServer http;
    private final HttpServer healthServer;
    private final Readiness readiness;
    private final Database database;
    private final PaymentRuns runs;
    private final AutoCloseable payments;
    private final URI baseUri;
    private final URI healthUri;
    private final Tracing tracing;

    private InvoiceAppServer(InvoiceAppConfig config, HttpServer http, HttpServer healthServer, Readiness readiness,
            Database database, PaymentRuns runs, AutoCloseable payments, Tracing tracing) {
        this.tracing = tracing;
        this.config = config;
        this.http = http;
        this.healthServer = healthServer;
        this.readiness = readiness;
        this.database = database;
        this.runs = runs;
        this.payments = payments;
        int port = http.getListeners().iterator().next().getPort();
        String host = config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress();
        this.baseUri = URI.create("http://" + host + ":" + port + "/");
        this.healthUri = healthServer == null ? baseUri : URI.create("http://" + host + ":"
                + healthServer.getListeners().iterator().next().getPort() + "/");
    }

    /**
     * Starts the service, paying through a {@link PaymentClient} for {@code PAYMENT_PROVIDER_ENDPOINT}, traced as
     * the {@code OTEL_*} variables of the process say.
     *
     * @throws ConfigException when an {@code OTEL_*} variable is refused
     */
    public static InvoiceAppServer start(InvoiceAppConfig config) {
        return start(config, tracingFromEnvironment());
    }

    /**
     * Starts the service, paying through a {@link PaymentClient}, with its spans through {@code tracing}, which the
     * service closes with itself (a {@link Tracing#of} closes nothing).
     */
    public static InvoiceAppServer start(InvoiceAppConfig config, Tracing tracing) {
        TokenProvider tokens;
        try {
            tokens = Tokens.from(config.auth()); // a key that cannot be used stops start-up here
        } catch (RuntimeException e) {
            tracing.close();
            throw e;
        }
        DeferredPayments payments = new DeferredPayments(() -> PaymentClient.builder()
                .baseUri(config.providerEndpoint())
                .tokenProvider(tokens)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .maxRetries(config.maxRetries())
                .maxConnections(config.payConcurrency() + 4)
                .build());
        return start(config, payments, payments, tracing);
    }

    /** Starts the service, paying through {@code payments} (a fake in tests; not closed by {@link #close()}). */
    public static InvoiceAppServer start(InvoiceAppConfig config, Payments payments) {
        return start(config, payments, () -> { }, tracingFromEnvironment());
    }

    private static Tracing tracingFromEnvironment() {
        Map<String, String> env = System.getenv();
        try {
            return Tracing.fromEnvironment(env, ServiceIdentity.of(env));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage().replaceFirst("^invalid configuration: ", ""));
        }
    }

    private static InvoiceAppServer start(InvoiceAppConfig config, Payments payments, AutoCloseable paymentsCloser,
            Tracing tracing) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(tracing, "tracing");
        Logging.routeJulToSlf4j();
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = objectMapper();
        Readiness readiness = new Readiness(READINESS_INTERVAL, READINESS_BOUND);
        HttpServer healthServer = null;
        if (config.healthPort().isPresent()) {
            try {
                healthServer = HealthEndpoints.listen(config.bindAddress(), config.healthPort().getAsInt(), readiness,
                        mapper);
            } catch (IOException e) {
                readiness.close();
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        Database database;
        try {
            // Liveness answers (on HEALTH_PORT) and readiness says why not while the database is awaited.
            DatabaseUrl location = config.database();
            database = Database.open(location.jdbcUrl(), location.user(), location.password(),
                    config.dbPoolSize(), config.migrationRole(), config.dbTimeouts(), readiness::waiting);
        } catch (RuntimeException e) {
            readiness.close();
            if (healthServer != null) {
                healthServer.shutdownNow();
            }
            tracing.close();
            throw e;
        }
        try {
            InvoiceRepository repository = new InvoiceRepository(database, clock);
            if (config.seedDemoData() && DemoData.seed(repository, config.seedCustomers(),
                    config.seedInvoicesPerCustomer())) {
                log.info("demo_data_seeded customers={} invoices_per_customer={}", config.seedCustomers(),
                        config.seedInvoicesPerCustomer());
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            database.bindMetrics(registry);
            PaymentEngine engine = new PaymentEngine(repository, payments, config.payConcurrency(),
                    config.attemptLease(), clock, new PaymentMetrics(registry), tracing.tracer());
            PaymentRuns runs = new PaymentRuns(engine, repository, clock, config.attemptLease());

            ResourceConfig app = new ResourceConfig()
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .register(JacksonFeature.withoutExceptionMappers())
                    .register(new ObjectMapperResolver(mapper))
                    .register(new RequestIdFilter())
                    .register(new RequestMetricsFilter(registry))
                    .register(new InvoiceResource(repository, runs, mapper))
                    .register(new CustomerResource(repository, mapper))
                    .register(new PaymentRunResource(runs, clock))
                    .register(new HealthResource())
                    .register(new MetricsResource(registry, repository, clock, config.attemptLease()))
                    .register(OpenApiResource.fromClassPath(InvoiceAppServer.class.getClassLoader(), OPENAPI_DOCUMENT));
            ProblemMappers.all().forEach(app::register);
            tracing.register(app);
            config.adminToken().ifPresent(token -> app.register(new AdminTokenFilter(token)));

            URI bind = URI.create("http://" + config.bindAddress() + ":" + config.port() + "/");
            HttpServer http = HttpServers.create(bind, app, mapper);
            ProblemErrorPages.install(http, mapper, "invoice-app");
            HealthEndpoints.install(http, readiness, mapper);
            try {
                http.start();
            } catch (IOException e) {
                http.shutdownNow();
                throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                        + ": " + e.getMessage(), e);
            }
            ProviderProbe provider = new ProviderProbe(config.providerEndpoint());
            readiness.start(List.of(
                    new Readiness.Check("database", true, () -> database.ping(READINESS_QUERY_SECONDS)),
                    // Reported, not required: invoices are served while the provider is down.
                    new Readiness.Check("paymentProvider", false, () -> {
                        if (!"UP".equals(provider.get())) {
                            throw new IllegalStateException("the payment provider is not ready");
                        }
                    })));
            InvoiceAppServer server = new InvoiceAppServer(config, http, healthServer, readiness, database, runs,
                    paymentsCloser, tracing);
            log.info("invoice_app_started base_uri={} database={} provider={} pay_concurrency={}", server.baseUri,
                    database.dialect(), config.providerEndpoint(), config.payConcurrency());
            return server;
        } catch (RuntimeException e) {
            database.close();
            readiness.close();
            if (healthServer != null) {
                healthServer.shutdownNow();
            }
            tracing.close();
            throw e;
        }
    }

    /** Hands our mapper to Jersey's Jackson provider (a lambda would hide the generic type Jersey looks for). */
    private static final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {
        private final ObjectMapper mapper;

        ObjectMapperResolver(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public ObjectMapper getContext(Class<?> type) {
            return mapper;
        }
    }

    /** The JSON conventions of the API: ISO-8601 instants, plain decimals, no per-value flushing. */
    static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** Where the probes' {@code /health/*} answer: {@code HEALTH_PORT}, else {@link #baseUri()}. */
    public URI healthUri() {
        return healthUri;
    }

    /** Where the service listens, e.g. {@code http://localhost:8000/}. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Stops gracefully: stops accepting requests, lets a payment run in progress finish its in-flight charges,
     * then closes the client and the pool, all within {@code SHUTDOWN_TIMEOUT_MS}.
     */
    @Override
    public void close() {
        readiness.stopping();
        // The run first: it stops claiming and finishes its in-flight charges, which also ends requests waiting on it.
        runs.close(config.shutdownTimeout());
        GracefulStop.stop(http, config.shutdownTimeout());
        try {
            payments.close();
        } catch (Exception e) {
            log.warn("closing the payment client failed: {}", e.toString());
        }
        database.close();
        readiness.close();
        if (healthServer != null) {
            healthServer.shutdownNow();
        }
        // Last: the spans of the run and the requests above are exported before the process ends.
        tracing.close();
        log.info("invoice_app_stopped");
    }
}
