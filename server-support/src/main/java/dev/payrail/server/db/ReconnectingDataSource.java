package dev.payrail.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HikariCP pool that is usable again within about {@link #PROBE_INTERVAL} of the database's return.
 *
 * <p>While the database is down HikariCP's connection creator backs off, doubling its pause up to 5 s; after a long
 * outage the pool sleeps up to 5 s before it tries again, and readiness and requests wait with it. Here, after a
 * failed borrow, one background thread tries a plain driver connection every {@link #PROBE_INTERVAL}; once one
 * succeeds after at least one failure, a fresh pool built from the same configuration (no back-off state) takes
 * over and the old one is closed when its borrowers are done. A borrow that fails while the database answers (an
 * exhausted pool) changes nothing. The {@code hikaricp_*} meters follow the pool in use.
 */
public final class ReconnectingDataSource implements DataSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconnectingDataSource.class);
    /** Pause between two probes while the database is down. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    /** Longest wait for the borrowers of a replaced pool before it is closed anyway. */
    private static final Duration RETIRE_BOUND = Duration.ofSeconds(30);
    private static final int PROBE_CONNECT_TIMEOUT_SECONDS = 1;
    private static final int PROBE_ANSWER_TIMEOUT_SECONDS = 5;

    private final HikariConfig template;
    private final Object lock = new Object();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<HikariDataSource> retiring = new CopyOnWriteArrayList<>();
    private volatile HikariDataSource current;
    private volatile Object metricRegistry;
    private volatile boolean closed;
    /** A probe failed and no fresh pool has taken over yet. */
    private volatile boolean databaseDown;

    private ReconnectingDataSource(HikariConfig template, Object metricRegistry) {
        this.template = template;
        this.metricRegistry = metricRegistry;
        this.current = newPool(metricRegistry);
    }

    /**
     * Starts a pool from {@code config} (copied; later changes to it are not seen). A metric registry set on it is
     * bound to every pool this data source uses.
     */
    public static ReconnectingDataSource pool(HikariConfig config) {
        Objects.requireNonNull(config, "config");
        HikariConfig template = new HikariConfig();
        config.copyStateTo(template);
        Object registry = template.getMetricRegistry();
        template.setMetricRegistry(null);
        return new ReconnectingDataSource(template, registry);
    }

    /** A copy of the configuration every pool of this data source is built from (no metric registry). */
    HikariConfig configuration() {
        HikariConfig copy = new HikariConfig();
        template.copyStateTo(copy);
        return copy;
    }

    private HikariDataSource newPool(Object registry) {
        HikariConfig copy = new HikariConfig();
        template.copyStateTo(copy);
        copy.setMetricRegistry(registry);
        return new HikariDataSource(copy);
    }

    /** Publishes the {@code hikaricp_*} meters of the pool in use, and of every later one; once only. */
    public void setMetricRegistry(Object registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            if (metricRegistry != null) {
                throw new IllegalStateException("the metric registry is already set");
            }
            metricRegistry = registry;
            current.setMetricRegistry(registry);
        }
    }

    /** The pool in use now, for its statistics; it changes after an outage. */
    public HikariPoolMXBean poolStatistics() {
        return current.getHikariPoolMXBean();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the pool " + template.getPoolName() + " has been closed");
        }
        long deadline = System.nanoTime() + Duration.ofMillis(template.getConnectionTimeout()).toNanos();
        while (true) {
            HikariDataSource pool = current;
            long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            // While the database is known to be down, borrow in short slices: a borrower waiting on the old pool
            // would otherwise sit out its whole timeout after a fresh pool has taken over.
            long wait = databaseDown ? Math.min(remaining, PROBE_INTERVAL.toMillis()) : remaining;
            try {
                return ((HikariPool) pool.getHikariPoolMXBean()).getConnection(wait);
            } catch (SQLException e) {
                if (closed) {
                    throw e;
                }
                startProbing();
                if (System.nanoTime() - deadline >= 0) {
                    throw wholeWait(e, wait);
                }
            }
        }
    }

    /**
     * A borrow in slices ends with the last slice's time-out ("… after 250ms"); the caller waited the whole
     * connection timeout, and that is the figure an operator needs.
     */
    private SQLException wholeWait(SQLException last, long lastSliceMillis) {
        if (!(last instanceof SQLTransientConnectionException) || lastSliceMillis >= template.getConnectionTimeout()) {
            return last;
        }
        return new SQLTransientConnectionException(template.getPoolName() + " - no connection within "
                + template.getConnectionTimeout() + " ms: the database has been unreachable since the first failed"
                + " borrow (reconnection probed every " + PROBE_INTERVAL.toMillis() + " ms)", last.getSQLState(), last);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool has its own credentials");
    }

    private void startProbing() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        Thread prober = new Thread(this::probe, "db-reconnect-" + template.getPoolName());
        prober.setDaemon(true);
        threads.add(prober);
        prober.start();
    }

    private void probe() {
        try {
            boolean sawFailure = false;
            long downSince = System.nanoTime();
            while (!closed) {
                if (canConnect()) {
                    if (sawFailure) {
                        replacePool((System.nanoTime() - downSince) / 1_000_000);
                    }
                    return;
                }
                sawFailure = true;
                databaseDown = true;
                Thread.sleep(PROBE_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            databaseDown = false;
            probing.set(false);
            threads.remove(Thread.currentThread());
        }
    }

    private boolean canConnect() {
        Properties properties = new Properties();
        properties.putAll(template.getDataSourceProperties());
        if (template.getUsername() != null) {
            properties.setProperty("user", template.getUsername());
        }
        if (template.getPassword() != null) {
            properties.setProperty("password", template.getPassword());
        }
        // A refused connection fails at once; a probe already connected to a frozen database is best left waiting,
        // as it is answered the moment the database thaws (a 1 s bound made probes fail over and over while a
        // loaded server took longer than that to start its backends).
        properties.setProperty("connectTimeout", Integer.toString(PROBE_CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(PROBE_ANSWER_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(PROBE_ANSWER_TIMEOUT_SECONDS));
        try (Connection connection = DriverManager.getConnection(template.getJdbcUrl(), properties)) {
            return connection.isValid(PROBE_ANSWER_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void replacePool(long downMillis) {
        HikariDataSource old;
        HikariDataSource fresh;
        synchronized (lock) {
            if (closed) {
                return;
            }
            // Meters are bound after the old pool has removed its own (same names and tags).
            fresh = newPool(null);
            old = current;
            current = fresh;
            databaseDown = false;
            retiring.add(old);
        }
        log.info("database_reconnected pool=\"{}\" probing_ms={}", template.getPoolName(), downMillis);
        old.getHikariPoolMXBean().softEvictConnections();
        long deadline = System.nanoTime() + RETIRE_BOUND.toNanos();
        HikariPoolMXBean stats = old.getHikariPoolMXBean();
        try {
            while (!closed && (stats.getActiveConnections() > 0 || stats.getThreadsAwaitingConnection() > 0)
                    && System.nanoTime() - deadline < 0) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            old.close();
            retiring.remove(old);
            synchronized (lock) {
                if (!closed && metricRegistry != null && current == fresh) {
                    fresh.setMetricRegistry(metricRegistry);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (HikariDataSource pool : retiring) {
            pool.close();
        }
        current.close();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return current.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        current.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        current.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return current.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return current.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return current.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || current.isWrapperFor(iface);
    }
}
