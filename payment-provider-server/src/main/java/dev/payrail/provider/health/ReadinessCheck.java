package dev.payrail.provider.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Ready means: not shutting down, the ledger writer runs, and the database answers a query within the bound.
 * The query runs on its own thread so that a hung database cannot hang the probe.
 */
public final class ReadinessCheck implements AutoCloseable {
    /** A query against the store; throws when it fails. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    private final Probe probe;
    private final BooleanSupplier writerRunning;
    private final Duration bound;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "readiness-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    public ReadinessCheck(Probe probe, BooleanSupplier writerRunning, Duration bound) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.writerRunning = Objects.requireNonNull(writerRunning, "writerRunning");
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    /** Reports not ready from now on: the process is shutting down. */
    public void stopping() {
        stopping = true;
    }

    /** {@code null} when ready, else why not. */
    public synchronized String check() {
        if (stopping) {
            return "shutting down";
        }
        if (!writerRunning.getAsBoolean()) {
            return "the ledger writer is not running";
        }
        Future<?> query = executor.submit(() -> {
            probe.run();
            return null;
        });
        try {
            query.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            query.cancel(true);
            return "the database did not answer within " + bound.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "the database query failed: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
