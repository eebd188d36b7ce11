package dev.payrail.invoice.resources;

import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.InvoiceRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus text: every meter of the registry, plus what the database knows and every replica shares, counted when
 * scraped: invoices by status, payment runs by state, the latest run's state and progress, when a run last
 * completed, and attempts whose outcome is unknown.
 *
 * <p>The database is asked on one background thread, at most once at a time, and a scrape waits for it at most
 * {@link #REFRESH_WAIT}: when the pool is exhausted or the database hangs, the scrape still answers at once, with the
 * pool's own meters showing why, and the database-derived gauges keep their last values.
 */
@Path("/metrics")
@Tag(name = "health")
public final class MetricsResource {
    static final Duration REFRESH_WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(MetricsResource.class);

    private final PrometheusMeterRegistry registry;
    private final InvoiceRepository repository;
    private final Clock clock;
    private final Duration attemptLease;
    private final Map<InvoiceStatus, AtomicLong> invoices = new EnumMap<>(InvoiceStatus.class);
    private final Map<PaymentRun.State, AtomicLong> runs = new EnumMap<>(PaymentRun.State.class);
    private final Map<PaymentRun.State, AtomicLong> latestState = new EnumMap<>(PaymentRun.State.class);
    private final AtomicReference<Double> latestProgress = new AtomicReference<>(0.0);
    private final AtomicReference<Double> lastSuccess = new AtomicReference<>(0.0);
    private final AtomicLong unknownOutcomes = new AtomicLong();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> refreshing;

    /**
     * @param attemptLease the run's lease (PAYMENT_ATTEMPT_LEASE_SECONDS): a RUNNING run silent for longer is
     *     ABANDONED, an IN_FLIGHT attempt older than it has an unknown outcome
     */
    public MetricsResource(PrometheusMeterRegistry registry, InvoiceRepository repository, Clock clock,
            Duration attemptLease) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.attemptLease = Objects.requireNonNull(attemptLease, "attemptLease");
        for (InvoiceStatus status : InvoiceStatus.values()) {
            invoices.put(status, gauge("invoice_invoices", "Invoices by status, counted when scraped",
                    "status", status.name()));
        }
        for (PaymentRun.State state : PaymentRun.State.values()) {
            runs.put(state, gauge("invoice_payment_runs",
                    "Stored payment runs by state (a silent RUNNING run is abandoned), counted when scraped",
                    "state", state.name()));
            latestState.put(state, gauge("invoice_payment_run_latest_state",
                    "1 for the state of the most recently started payment run, 0 for the others", "state",
                    state.name()));
        }
        Gauge.builder("invoice_payment_run_progress_ratio", latestProgress, AtomicReference::get)
                .description("Share of its invoices the most recently started payment run has settled (0 to 1)")
                .register(registry);
        Gauge.builder("invoice_payment_run_last_success_timestamp_seconds", lastSuccess, AtomicReference::get)
                .description("When the most recent COMPLETED payment run finished (Unix seconds; 0: never)")
                .register(registry);
        Gauge.builder("invoice_payment_unknown_outcomes", unknownOutcomes, AtomicLong::get)
                .description("Charge attempts whose outcome is not known yet; the next payment run resolves them")
                .register(registry);
    }

    private AtomicLong gauge(String name, String description, String tag, String value) {
        AtomicLong holder = new AtomicLong();
        Gauge.builder(name, holder, AtomicLong::get)
                .description(description)
                .tag(tag, value.toLowerCase(Locale.ROOT))
                .register(registry);
        return holder;
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(operationId = "metrics", summary = "Prometheus metrics",
            description = "Prometheus text format 0.0.4: `invoice_invoices{status}` (counted when scraped), "
                    + "`invoice_payment_attempts_total{outcome}`, `invoice_payment_reconciliations_total`, "
                    + "`invoice_payment_run_duration_seconds`, JVM and process meters.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The meters",
                        content = @Content(mediaType = "text/plain",
                                schema = @Schema(type = "string", description = "Prometheus text exposition format",
                                        example = "invoice_invoices{status=\"paid\"} 507.0"))),
                @ApiResponse(responseCode = "503", ref = OpenApi.UNAVAILABLE)
            })
    public String scrape() {
        Future<?> refresh;
        synchronized (this) {
            if (refreshing == null || refreshing.isDone()) {
                refreshing = refresher.submit(this::refresh);
            }
            refresh = refreshing;
        }
        try {
            refresh.get(REFRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            log.warn("metrics_refresh_slow wait_ms={}: answering with the previous database counts",
                    REFRESH_WAIT.toMillis());
        } catch (ExecutionException failed) {
            log.warn("metrics_refresh_failed: {}: answering with the previous database counts",
                    failed.getCause().getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return registry.scrape();
    }

    private void refresh() {
        Instant now = clock.instant();
        Instant aliveSince = now.minus(attemptLease);
        repository.countByStatus().forEach((status, count) -> invoices.get(status).set(count));
        repository.countRunsByState(aliveSince).forEach((state, count) -> runs.get(state).set(count));
        Optional<PaymentRun> latest = repository.latestRun(aliveSince);
        for (PaymentRun.State state : PaymentRun.State.values()) {
            latestState.get(state).set(latest.isPresent() && latest.get().state() == state ? 1 : 0);
        }
        latestProgress.set(latest.map(MetricsResource::progress).orElse(0.0));
        lastSuccess.set(repository.lastCompletedRunAt().map(at -> at.toEpochMilli() / 1000.0).orElse(0.0));
        unknownOutcomes.set(repository.countUnresolvedAttempts(aliveSince));
    }

    private static double progress(PaymentRun run) {
        if (run.total() == 0) {
            return run.state() == PaymentRun.State.RUNNING ? 0.0 : 1.0;
        }
        return Math.min(1.0, (double) run.done() / run.total());
    }
}
