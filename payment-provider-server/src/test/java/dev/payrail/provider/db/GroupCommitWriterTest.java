package dev.payrail.provider.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.TestAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
    @TempDir
    Path dataDir;
    private HikariDataSource dataSource;
    private GroupCommitWriter writer;

    @BeforeEach
    void open() throws SQLException {
        dataSource = DataSources.create(
                ProviderConfig.fromEnvironment(TestAuth.envWith("DATA_DIR", dataDir.toString())).database(),
                new SimpleMeterRegistry());
        try (var connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)");
        }
        writer = new GroupCommitWriter(dataSource, 1_000, 100, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        writer.close(Duration.ofSeconds(5));
        dataSource.close();
    }

    @Test
    void oneFailingWriteInABatchFailsOnlyItselfAndTheOthersCommit() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int value = i == 25 ? 24 : i; // the 26th write violates the primary key
            futures.add(writer.submit(connection -> insert(connection, value)));
        }

        int failed = 0;
        for (CompletableFuture<Integer> future : futures) {
            try {
                future.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failed++;
                assertThat(e.getCause()).isInstanceOf(SQLException.class);
            }
        }
        assertThat(failed).isEqualTo(1);
        assertThat(count()).isEqualTo(49);
    }

    @Test
    void everyCallerHearsBackWhenTheDatabaseIsGone() throws Exception {
        dataSource.close();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int value = i;
            futures.add(writer.submit(connection -> insert(connection, value)));
        }

        for (CompletableFuture<Integer> future : futures) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void writesQueuedAtCloseAreRunAndLaterOnesRefused() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int value = i;
            futures.add(writer.submit(connection -> insert(connection, value)));
        }

        writer.close(Duration.ofSeconds(10));

        for (CompletableFuture<Integer> future : futures) {
            assertThat(future.get(1, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(count()).isEqualTo(200);
        assertThatThrownBy(() -> writer.submit(connection -> insert(connection, 1000)).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(writer.isRunning()).isFalse();
    }

    private static int insert(java.sql.Connection connection, int value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            insert.setInt(1, value);
            return insert.executeUpdate();
        }
    }

    private int count() throws SQLException {
        try (var connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
