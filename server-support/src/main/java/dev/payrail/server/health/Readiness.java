package dev.payrail.server.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the readiness probe answers, refreshed in the background: every {@code interval} each check runs on a thread
 * of its own and gets {@code bound} to answer. A probe only reads the last result, so it never waits on a
 * dependency, however hung; a check still running from an earlier round is not started again (a black-holed
 * database would otherwise pile up threads) and counts as down.
 */
public final class Readiness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    /** Asks a dependency a trivial question; throws when it cannot answer. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    /**
     * One dependency: a {@code required} one decides readiness, the others are only reported beside it (invoice-app
     * serves invoices while the provider is down).
     */
    public record Check(String name, boolean required, Probe probe) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(probe, "probe");
        }
    }

    /**
     * The last answer: ready or not, each check's {@code UP}/{@code DOWN}, and when not ready, why (with the
     * numbers: which check, how long it was given).
     */
    public record Status(boolean ready, Map<String, String> checks, String reason) {
        public Status {
            checks = Map.copyOf(new LinkedHashMap<>(checks));
        }

        static Status notReady(String reason) {
            return new Status(false, Map.of(), reason);
        }
    }

    private final Duration interval;
    private final Duration bound;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService probes;
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, Long> runningSince = new ConcurrentHashMap<>();
    private volatile List<Check> checks;
    private volatile Status status = Status.notReady("starting");
    private volatile long refreshedAt;
    private volatile boolean stopping;

    /**
     * @param interval how often the checks run
     * @param bound    how long each check may take before it counts as down
     */
    public Readiness(Duration interval, Duration bound) {
        this.interval = positive(interval, "interval");
        this.bound = positive(bound, "bound");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("readiness"));
        this.probes = Executors.newCachedThreadPool(daemon("readiness-check"));
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** While the checks have not started: reports not ready, for this reason (e.g. still waiting for the database). */
    public void waiting(String reason) {
        if (checks == null && !stopping) {
            status = Status.notReady(Objects.requireNonNull(reason, "reason"));
        }
    }

    /** Runs the checks once now (bounded), then every interval in the background. Only once. */
    public synchronized void start(List<Check> checks) {
        if (this.checks != null) {
            throw new IllegalStateException("readiness checks already started");
        }
        this.checks = List.copyOf(checks);
        refresh();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Reports not ready from now on: the process is shutting down. */
    public void stopping() {
        stopping = true;
    }

    /** The last result; never blocks. */
    public Status status() {
        if (stopping) {
            return Status.notReady("shutting down");
        }
        Status last = status;
        if (checks != null) {
            long staleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refreshedAt);
            long allowed = 3 * interval.toMillis() + bound.toMillis();
            if (staleMillis > allowed) {
                return new Status(false, last.checks(), "the readiness checks last reported " + staleMillis
                        + " ms ago (allowed " + allowed + " ms)");
            }
        }
        return last;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("readiness_check_failed: {}", e.toString());
        }
    }

    private void refresh() {
        long started = System.nanoTime();
        Map<String, Future<?>> round = new LinkedHashMap<>();
        for (Check check : checks) {
            Future<?> previous = running.get(check.name());
            if (previous != null && !previous.isDone()) {
                round.put(check.name(), previous);
                continue;
            }
            Future<?> future = probes.submit(() -> {
                check.probe().run();
                return null;
            });
            running.put(check.name(), future);
            runningSince.put(check.name(), started);
            round.put(check.name(), future);
        }
        Map<String, String> states = new LinkedHashMap<>();
        String reason = null;
        long deadline = started + bound.toNanos();
        for (Check check : checks) {
            String problem = await(check.name(), round.get(check.name()), deadline);
            states.put(check.name(), problem == null ? "UP" : "DOWN");
            if (problem != null && check.required() && reason == null) {
                reason = check.name() + ": " + problem;
            }
        }
        Status next = new Status(reason == null, states, reason);
        Status previous = status;
        if (previous.ready() != next.ready()) {
            if (next.ready()) {
                log.info("readiness_up checks={}", states);
            } else {
                log.warn("readiness_down reason=\"{}\" checks={}", reason, states);
            }
        }
        status = next;
        refreshedAt = System.nanoTime();
    }

    private String await(String name, Future<?> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runningSince.getOrDefault(name,
                    System.nanoTime()));
            return "did not answer within " + bound.toMillis() + " ms (waiting for " + since + " ms)";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        probes.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
