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
import dev.payrail.server.RequestTargetGuard;
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
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
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
    /** The build generates it from the resources' annotations; payment-api's own is beside it as openapi.*. */
    private static final String OPENAPI_DOCUMENT = "META-INF/openapi/invoice-app";

    private final InvoiceAppConfig config;
    private final HttpServer http;
    private final Database database;
    private final PaymentRuns runs;
    private final AutoCloseable payments;
    private final URI baseUri;

    private InvoiceAppServer(InvoiceAppConfig config, HttpServer http, Database database, PaymentRuns runs,
            AutoCloseable payments) {
        this.config = config;
        this.http = http;
        this.database = database;
        this.runs = runs;
        this.payments = payments;
        int port = http.getListeners().iterator().next().getPort();
        String host = config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress();
        this.baseUri = URI.create("http://" + host + ":" + port + "/");
    }

    /** Starts the service, paying through a {@link PaymentClient} for {@code PAYMENT_PROVIDER_ENDPOINT}. */
    public static InvoiceAppServer start(InvoiceAppConfig config) {
        TokenProvider tokens = Tokens.from(config.auth()); // a key that cannot be used stops start-up here
        DeferredPayments payments = new DeferredPayments(() -> PaymentClient.builder()
                .baseUri(config.providerEndpoint())
                .tokenProvider(tokens)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .maxRetries(config.maxRetries())
                .maxConnections(config.payConcurrency() + 4)
                .build());
        return start(config, payments, payments);
    }

    /** Starts the service, paying through {@code payments} (a fake in tests; not closed by {@link #close()}). */
    public static InvoiceAppServer start(InvoiceAppConfig config, Payments payments) {
        return start(config, payments, () -> { });
    }

    private static InvoiceAppServer start(InvoiceAppConfig config, Payments payments, AutoCloseable paymentsCloser) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(payments, "payments");
        Logging.routeJulToSlf4j();
        Clock clock = Clock.systemUTC();
        Database database = Database.open(config.jdbcUrl(), config.databaseUser(), config.databasePassword(),
                config.dbPoolSize());
        try {
            InvoiceRepository repository = new InvoiceRepository(database, clock);
            if (config.seedDemoData() && DemoData.seedIfEmpty(repository, config.seedCustomers(),
                    config.seedInvoicesPerCustomer())) {
                log.info("demo_data_seeded customers={} invoices_per_customer={}", config.seedCustomers(),
                        config.seedInvoicesPerCustomer());
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            PaymentEngine engine = new PaymentEngine(repository, payments, config.payConcurrency(),
                    config.attemptLease(), clock, new PaymentMetrics(registry));
            PaymentRuns runs = new PaymentRuns(engine, repository, clock, config.attemptLease());
            ObjectMapper mapper = objectMapper();

            ResourceConfig app = new ResourceConfig()
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .register(JacksonFeature.withoutExceptionMappers())
                    .register(new ObjectMapperResolver(mapper))
                    .register(new RequestIdFilter())
                    .register(new InvoiceResource(repository, runs, mapper))
                    .register(new CustomerResource(repository, mapper))
                    .register(new PaymentRunResource(runs, clock))
                    .register(new HealthResource(database, new ProviderProbe(config.providerEndpoint())))
                    .register(new MetricsResource(registry, repository))
                    .register(OpenApiResource.fromClassPath(InvoiceAppServer.class.getClassLoader(), OPENAPI_DOCUMENT));
            ProblemMappers.all().forEach(app::register);
            config.adminToken().ifPresent(token -> app.register(new AdminTokenFilter(token)));

            URI bind = URI.create("http://" + config.bindAddress() + ":" + config.port() + "/");
            HttpServer http = GrizzlyHttpServerFactory.createHttpServer(bind, app, false);
            RequestTargetGuard.install(http, mapper);
            try {
                http.start();
            } catch (IOException e) {
                http.shutdownNow();
                throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                        + ": " + e.getMessage(), e);
            }
            InvoiceAppServer server = new InvoiceAppServer(config, http, database, runs, paymentsCloser);
            log.info("invoice_app_started base_uri={} database={} provider={} pay_concurrency={}", server.baseUri,
                    database.dialect(), config.providerEndpoint(), config.payConcurrency());
            return server;
        } catch (RuntimeException e) {
            database.close();
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
        long timeoutMillis = config.shutdownTimeout().toMillis();
        // The run first: it stops claiming and finishes its in-flight charges, which also ends requests waiting on it.
        runs.close(config.shutdownTimeout());
        try {
            http.shutdown(timeoutMillis, TimeUnit.MILLISECONDS).get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            http.shutdownNow();
        }
        try {
            payments.close();
        } catch (Exception e) {
            log.warn("closing the payment client failed: {}", e.toString());
        }
        database.close();
        log.info("invoice_app_stopped");
    }
}
