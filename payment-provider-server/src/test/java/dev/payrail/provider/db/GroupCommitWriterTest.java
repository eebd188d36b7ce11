package dev.payrail.provider.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payrail.server.db.ReconnectingDataSource;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
    @TempDir
    Path dataDir;
    private ReconnectingDataSource dataSource;
    private GroupCommitWriter writer;
    private final ExecutorService completions = Executors.newFixedThreadPool(2,
            runnable -> new Thread(runnable, "completion-" + runnable.hashCode()));

    @BeforeEach
    void open() throws SQLException {
        dataSource = DataSources.create(
                ProviderConfig.fromEnvironment(TestAuth.envWith("DATA_DIR", dataDir.toString())).database(),
                new SimpleMeterRegistry());
        try (var connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)");
        }
        writer = new GroupCommitWriter(dataSource, 1_000, 100, completions, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        writer.close(Duration.ofSeconds(5));
        completions.shutdownNow();
        dataSource.close();
    }

    @Test
    void callersContinueOnTheCompletionThreadsWhileTheWriterGoesOn() throws Exception {
        CountDownLatch continuationAttached = new CountDownLatch(1);
        CompletableFuture<Integer> write = writer.submit(transaction -> {
            awaitQuietly(continuationAttached);
            return insert(transaction, 1);
        });
        CompletableFuture<String> continuedOn = write.thenApply(inserted -> Thread.currentThread().getName());
        continuationAttached.countDown();

        assertThat(continuedOn.get(10, TimeUnit.SECONDS)).startsWith("completion-");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void oneFailingWriteInABatchFailsOnlyItselfAndTheOthersCommit() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int value = i == 25 ? 24 : i; // the 26th write violates the primary key
            futures.add(writer.submit(transaction -> insert(transaction, value)));
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
            futures.add(writer.submit(transaction -> insert(transaction, value)));
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
            futures.add(writer.submit(transaction -> insert(transaction, value)));
        }

        writer.close(Duration.ofSeconds(10));

        for (CompletableFuture<Integer> future : futures) {
            assertThat(future.get(1, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(count()).isEqualTo(200);
        assertThatThrownBy(() -> writer.submit(transaction -> insert(transaction, 1000)).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(writer.isRunning()).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int insert(GroupCommitWriter.Transaction transaction, int value) throws SQLException {
        PreparedStatement insert = transaction.statement("INSERT INTO t (v) VALUES (?)");
        insert.setInt(1, value);
        return insert.executeUpdate();
    }

    private int count() throws SQLException {
        try (var connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
