package dev.payrail.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.payrail.server.testing.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconnectingDataSourceTest {
    /** Far below HikariCP's own back-off after such an outage (it sleeps up to 5 s between attempts). */
    private static final Duration RECOVERY_BOUND = Duration.ofMillis(2_500);
    /**
     * HikariCP's creator starts backing off at the cut: 10 ms doubling to 5 s, so it tries again about 5.1 s and
     * 10.1 s into the outage, then every 5 s. A database back at 10.6 s finds it asleep until about 15.1 s.
     */
    private static final Duration OUTAGE = Duration.ofMillis(10_600);

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static HikariConfig config(TcpProxy proxy, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("reconnect-test");
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        config.addDataSourceProperty("connectTimeout", "1");
        config.setInitializationFailTimeout(-1);
        return config;
    }

    private static void ping(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    /** Borrows as readiness does (once a second) through the outage, then measures how soon a borrow works again. */
    private static Duration recoveryAfterOutage(DataSource dataSource, TcpProxy proxy) throws Exception {
        ping(dataSource);
        proxy.refuse();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < outageEnds) {
            try {
                ping(dataSource);
            } catch (SQLException expected) {
                // the database is down
            }
            Thread.sleep(Math.max(0, Math.min(1_000, (outageEnds - System.nanoTime()) / 1_000_000)));
        }
        proxy.forward();
        long restored = System.nanoTime();
        long giveUp = restored + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                ping(dataSource);
                return Duration.ofNanos(System.nanoTime() - restored);
            } catch (SQLException stillDown) {
                if (System.nanoTime() > giveUp) {
                    throw new AssertionError("no connection 20 s after the database returned", stillDown);
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void connectionsAreBackWithinASecondOrTwoOfTheDatabasesReturnAfterALongOutage() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", postgres.getPort());
                ReconnectingDataSource dataSource = ReconnectingDataSource.pool(config(proxy, 4))) {
            Duration recovery = recoveryAfterOutage(dataSource, proxy);

            System.out.println("ReconnectingDataSource: connection " + recovery.toMillis()
                    + " ms after the database returned from a " + OUTAGE.toMillis() + " ms outage");
            assertThat(recovery).isLessThan(RECOVERY_BOUND);
        }
    }

    @Test
    void theMetersFollowThePoolThatReplacedTheOldOne() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", postgres.getPort());
                ReconnectingDataSource dataSource = ReconnectingDataSource.pool(config(proxy, 4))) {
            dataSource.setMetricRegistry(registry);
            HikariPoolMXBean before = dataSource.poolStatistics();
            recoveryAfterOutage(dataSource, proxy);
            assertThat(dataSource.poolStatistics()).isNotSameAs(before);

            // The old pool's meters go with it once its borrowers are done; the new pool's take their place.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!(connectionsGauge(registry) > 0) && System.nanoTime() < deadline) {
                ping(dataSource);
                Thread.sleep(100);
            }
            assertThat(connectionsGauge(registry)).as("hikaricp.connections of the new pool")
                    .isGreaterThan(0);
            assertThat(registry.find("hikaricp.connections.timeout").tag("pool", "reconnect-test").counter())
                    .isNotNull();
        }
    }

    @Test
    void anExhaustedPoolIsNotReplacedAndItsConnectionsStayInUse() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", postgres.getPort());
                ReconnectingDataSource dataSource = ReconnectingDataSource.pool(config(proxy, 1))) {
            HikariPoolMXBean pool = dataSource.poolStatistics();
            try (Connection held = dataSource.getConnection()) {
                assertThatThrownBy(() -> dataSource.getConnection()).isInstanceOf(SQLException.class);
                Thread.sleep(ReconnectingDataSource.PROBE_INTERVAL.multipliedBy(4).toMillis());

                assertThat(dataSource.poolStatistics()).isSameAs(pool);
                try (Statement statement = held.createStatement()) {
                    statement.execute("SELECT 1");
                }
            }
        }
    }

    @Test
    void aBorrowDuringAnOutageWaitsTheWholeTimeoutAndSaysSo() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", postgres.getPort());
                ReconnectingDataSource dataSource = ReconnectingDataSource.pool(config(proxy, 4))) {
            ping(dataSource);
            proxy.refuse();
            // The first failed borrow starts the probe (a pooled connection cut by the outage fails in use first,
            // and is evicted); later borrows wait in slices while the probe finds nothing.
            long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean borrowFailed = false;
            while (!borrowFailed && System.nanoTime() < giveUp) {
                try {
                    ping(dataSource);
                } catch (SQLTransientConnectionException noConnection) {
                    borrowFailed = true;
                } catch (SQLException cutInUse) {
                    // a connection from before the cut
                }
            }
            assertThat(borrowFailed).as("a borrow failed within 10 s of the cut").isTrue();
            Thread.sleep(2 * ReconnectingDataSource.PROBE_INTERVAL.toMillis());

            long started = System.nanoTime();
            assertThatThrownBy(() -> ping(dataSource))
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("no connection within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }

    @Test
    void closingAfterAnOutageLeavesNoThreadOrConnectionBehind() throws Exception {
        Set<Long> threadsBefore = threadIds();
        int connectionsBefore = serverConnections();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", postgres.getPort())) {
            ReconnectingDataSource dataSource = ReconnectingDataSource.pool(config(proxy, 4));
            ping(dataSource);
            proxy.refuse();
            assertThatThrownBy(() -> ping(dataSource)).isInstanceOf(SQLException.class);
            proxy.forward();
            ping(dataSource);

            dataSource.close();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((!leftOver(threadsBefore).isEmpty() || serverConnections() > connectionsBefore)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(leftOver(threadsBefore)).isEmpty();
            assertThat(serverConnections()).isLessThanOrEqualTo(connectionsBefore);
            assertThatThrownBy(() -> dataSource.getConnection()).isInstanceOf(SQLException.class);
        }
    }

    private static double connectionsGauge(SimpleMeterRegistry registry) {
        var gauge = registry.find("hikaricp.connections").tag("pool", "reconnect-test").gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static Set<Long> threadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /** Threads started since, other than the proxy's own. */
    private static Set<String> leftOver(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread.getId()))
                .map(Thread::getName)
                .filter(name -> !name.startsWith("tcp-proxy"))
                .collect(Collectors.toSet());
    }

    private static int serverConnections() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'postgres' AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
