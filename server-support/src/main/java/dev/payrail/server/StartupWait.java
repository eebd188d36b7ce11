package dev.payrail.server;

import java.time.Duration;
import java.util.Objects;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up that waits for a dependency instead of dying: a database that comes up after the pod (a fresh cluster,
 * a failover) must not put the service into a crash loop. Tries again with back-off (0.5 s doubling to 2 s),
 * logs every failed attempt, and gives up after a bound with a message that carries the numbers.
 */
public final class StartupWait {
    private static final Logger log = LoggerFactory.getLogger(StartupWait.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    // A waiting server notices the database within about 2 s of its return.
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private StartupWait() {
    }

    /** The dependency did not become available within the bound. */
    public static final class GaveUpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GaveUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Calls {@code attempt} until it returns or fails for another reason than {@code retryable}; {@code timeout}
     * zero tries once.
     *
     * @param what     the dependency, for the log and the message (e.g. "the database")
     * @param variable the variable that sets {@code timeout}, named in the message when it runs out
     * @param progress told each failure in one line (readiness shows it)
     * @throws GaveUpException when {@code timeout} has passed, with the number of attempts and the last error
     */
    public static <T> T until(String what, String variable, Duration timeout, Supplier<T> attempt,
            Predicate<Throwable> retryable, Consumer<String> progress) {
        Objects.requireNonNull(attempt, "attempt");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempts = 1; ; attempts++) {
            try {
                T result = attempt.get();
                if (attempts > 1) {
                    log.info("startup_dependency_available dependency=\"{}\" attempts={} waited_ms={}", what, attempts,
                            (System.nanoTime() - start) / 1_000_000);
                }
                return result;
            } catch (RuntimeException e) {
                if (!retryable.test(e)) {
                    throw e;
                }
                long waited = (System.nanoTime() - start) / 1_000_000;
                String error = describe(e);
                if (System.nanoTime() + pause.toNanos() - deadline > 0) {
                    throw new GaveUpException(what + " did not become available within " + timeout.toSeconds()
                            + " s (" + variable + "; " + attempts + " attempt" + (attempts == 1 ? "" : "s") + " in "
                            + waited + " ms): " + error, e);
                }
                log.warn("startup_waiting dependency=\"{}\" attempt={} waited_ms={} next_try_ms={} error=\"{}\"",
                        what, attempts, waited, pause.toMillis(), error);
                progress.accept("waiting for " + what + " (attempt " + attempts + " failed: " + error + ")");
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new GaveUpException("interrupted while waiting for " + what, e);
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /**
     * Whether {@code e} means "the database cannot be reached (yet)": its innermost SQLState is a connection
     * exception (08), an operator intervention such as "the database system is starting up" (57P) or insufficient
     * resources (53), or there is no SQLState at all beneath a pool time-out. A wrong password (28) or a missing
     * database (3D) is not worth waiting for.
     */
    public static boolean databaseUnreachable(Throwable e) {
        String state = null;
        boolean poolTimeout = false;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException) {
                poolTimeout = true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        if (state == null) {
            return poolTimeout;
        }
        return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }

    /** The message and its causes' messages, on one line. */
    public static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        int depth = 0;
        for (Throwable cause = e.getCause(); cause != null && depth < 10; cause = cause.getCause(), depth++) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString().replace('\n', ' ');
    }
}
