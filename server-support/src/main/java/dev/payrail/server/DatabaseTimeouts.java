package dev.payrail.server;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a database may keep a thread waiting, for both servers: so that a hung or black-holed database holds a
 * request thread at most {@code connection + query + 2 s} instead of until the operating system gives up.
 *
 * @param connection {@code DB_CONNECTION_TIMEOUT_MS}: waiting for a connection from the pool (HikariCP
 *                   {@code connectionTimeout}; also pgjdbc's TCP connect timeout)
 * @param query      {@code DB_QUERY_TIMEOUT_MS}: one statement (PostgreSQL {@code statement_timeout}, and pgjdbc's
 *                   {@code socketTimeout} 2 s later for a server that does not answer at all; SQLite
 *                   {@code busy_timeout})
 * @param startup    {@code DB_STARTUP_TIMEOUT_SECONDS}: how long start-up waits for the database; zero tries once
 */
public record DatabaseTimeouts(Duration connection, Duration query, Duration startup) {
    public static final int DEFAULT_CONNECTION_MS = 3_000;
    public static final int DEFAULT_QUERY_MS = 10_000;
    public static final int DEFAULT_STARTUP_SECONDS = 300;
    /** HikariCP refuses a connection timeout under 250 ms. */
    public static final int MIN_CONNECTION_MS = 250;
    public static final int MAX_CONNECTION_MS = 600_000;
    public static final int MIN_QUERY_MS = 100;
    public static final int MAX_QUERY_MS = 3_600_000;
    public static final int MAX_STARTUP_SECONDS = 86_400;
    /** A socket that stays silent this long after the statement timeout means the server is gone. */
    private static final Duration SOCKET_GRACE = Duration.ofSeconds(2);
    private static final Duration LONGEST_VALIDATION = Duration.ofSeconds(1);

    public DatabaseTimeouts {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(startup, "startup");
        if (connection.toMillis() < MIN_CONNECTION_MS || query.toMillis() < MIN_QUERY_MS || startup.isNegative()) {
            throw new IllegalArgumentException("connection >= " + MIN_CONNECTION_MS + " ms, query >= " + MIN_QUERY_MS
                    + " ms, startup >= 0; were " + connection.toMillis() + " ms, " + query.toMillis() + " ms, "
                    + startup.toSeconds() + " s");
        }
    }

    /** The defaults: 3 s for a connection, 10 s per statement, 5 minutes at start-up. */
    public static DatabaseTimeouts defaults() {
        return new DatabaseTimeouts(Duration.ofMillis(DEFAULT_CONNECTION_MS), Duration.ofMillis(DEFAULT_QUERY_MS),
                Duration.ofSeconds(DEFAULT_STARTUP_SECONDS));
    }

    /** The longest a request thread can wait on one database call. */
    public Duration longestCall() {
        return connection.plus(query).plus(SOCKET_GRACE);
    }

    /**
     * Applies the bounds to a pool. Values the JDBC URL itself sets ({@code ?socketTimeout=...}) win over these
     * properties: pgjdbc reads the URL last.
     */
    public void applyTo(HikariConfig hikari, boolean postgres) {
        hikari.setConnectionTimeout(connection.toMillis());
        hikari.setValidationTimeout(Math.min(LONGEST_VALIDATION.toMillis(), connection.toMillis()));
        if (postgres) {
            hikari.addDataSourceProperty("connectTimeout", Long.toString(ceilSeconds(connection)));
            hikari.addDataSourceProperty("socketTimeout", Long.toString(ceilSeconds(query.plus(SOCKET_GRACE))));
            hikari.addDataSourceProperty("options", "-c statement_timeout=" + query.toMillis());
        } else {
            hikari.addDataSourceProperty("busy_timeout", Long.toString(query.toMillis()));
        }
    }

    private static long ceilSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
