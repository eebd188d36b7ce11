package dev.payrail.invoice.payments;

import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.db.InvoiceRepository;
import io.opentelemetry.context.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts payment runs, one at a time per process, in the background, and answers their progress. Several
 * processes may run at once on one database: the engine's claims keep them apart.
 */
public final class PaymentRuns implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentRuns.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration MIN_STORE_RETRIES = Duration.ofMinutes(2);

    private final PaymentEngine engine;
    private final InvoiceRepository repository;
    private final Clock clock;
    private final Duration aliveWithin;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "payment-run");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean stop = new AtomicBoolean();
    private Current current;

    private record Current(LiveRun run, CompletableFuture<PaymentRun> done) {
    }

    /**
     * @param aliveWithin a stored RUNNING run that has not reported for this long is shown as ABANDONED
     */
    public PaymentRuns(PaymentEngine engine, InvoiceRepository repository, Clock clock, Duration aliveWithin) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.aliveWithin = Objects.requireNonNull(aliveWithin, "aliveWithin");
    }

    /**
     * Stores a new run, then runs it in the background. A run is either refused here (nothing stored, nothing
     * charged) or stored before this returns, and then always ends in a final state: its completion never fails.
     *
     * @return the run as it starts, and its completion
     * @throws RunInProgressException when this process is already running one
     * @throws dev.payrail.invoice.db.StoreException when the run cannot be stored (the database is unavailable)
     */
    public synchronized Started start() {
        if (stop.get()) {
            throw new IllegalStateException("shutting down: no new payment runs");
        }
        if (current != null && !current.done().isDone()) {
            throw new RunInProgressException(current.run().id());
        }
        LiveRun run = new LiveRun(newRunId(), clock.instant());
        repository.insertRun(run.snapshot());
        CompletableFuture<PaymentRun> done = new CompletableFuture<>();
        current = new Current(run, done);
        // The run continues the trace of the request that started it (its server span is current here).
        runner.execute(Context.current().wrap(() -> {
            PaymentRun finished;
            try {
                finished = engine.run(run, stop);
            } catch (RuntimeException | Error e) {
                log.error("payment_run_failed run_id={}: {}", run.id(), e.getMessage(), e);
                run.failed("unexpected error: " + e);
                run.finish(PaymentRun.State.FAILED, clock.instant());
                finished = run.snapshot();
            }
            done.complete(finished);
            if (!run.stored()) {
                storeLater(run);
            }
        }));
        return new Started(run.snapshot(), done);
    }

    /**
     * The database was away when the run ended: keep trying to store its final state (1 s doubling to 10 s), for as
     * long as a stored RUNNING run still counts as alive, so that every replica sees how it ended. Meanwhile this
     * process answers it from memory.
     */
    private void storeLater(LiveRun run) {
        Thread thread = new Thread(() -> {
            long deadline = System.nanoTime() + Math.max(aliveWithin.toNanos(), MIN_STORE_RETRIES.toNanos());
            long pauseMillis = 1_000;
            while (!stop.get() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(pauseMillis);
                    repository.updateRun(run.snapshot());
                    run.stored(true);
                    log.info("payment_run_stored run_id={} state={}", run.id(), run.snapshot().state());
                    return;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    pauseMillis = Math.min(10_000, pauseMillis * 2);
                }
            }
            log.error("payment_run_not_stored run_id={}: the database did not come back in time; it shows as"
                    + " ABANDONED", run.id());
        }, "payment-run-store-" + run.id());
        thread.setDaemon(true);
        thread.start();
    }

    /** A run that was started, and its completion. */
    public record Started(PaymentRun run, CompletableFuture<PaymentRun> completion) {
    }

    /** Runs a payment run to its end, after the one in progress in this process (if any) has finished. */
    public PaymentRun runToEnd() throws InterruptedException {
        while (true) {
            CompletableFuture<PaymentRun> ours = null;
            CompletableFuture<PaymentRun> other = null;
            synchronized (this) {
                if (current == null || current.done().isDone()) {
                    ours = start().completion();
                } else {
                    other = current.done();
                }
            }
            if (ours != null) {
                return await(ours);
            }
            try {
                other.get();
            } catch (ExecutionException ignored) {
                // that run's failure is logged; ours starts now
            }
        }
    }

    private static PaymentRun await(CompletableFuture<PaymentRun> completion) throws InterruptedException {
        try {
            return completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("payment run failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The run with this id: this process's latest run from memory (live counters while it runs, its final state
     * even while the database is away), else as stored.
     */
    public Optional<PaymentRun> find(String id) {
        synchronized (this) {
            if (current != null && current.run().id().equals(id)) {
                return Optional.of(current.run().snapshot());
            }
        }
        Instant now = clock.instant();
        return repository.findRun(id, now.minus(aliveWithin));
    }

    private static String newRunId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "run_" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Stops: the run in progress stops claiming invoices and finishes those in flight, for at most {@code timeout}.
     * Whatever is still in flight after that is resolved by a later run.
     */
    public void close(Duration timeout) {
        stop.set(true);
        CompletableFuture<PaymentRun> running;
        synchronized (this) {
            running = current == null ? null : current.done();
        }
        if (running != null) {
            try {
                running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("payment run did not finish within {} ms on shutdown; a later run resolves its attempts",
                        timeout.toMillis());
            }
        }
        runner.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
