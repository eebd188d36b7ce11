package dev.payrail.provider.db;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread drains a queue of writes and runs as many as are waiting (up to a bound) in one
 * transaction, so one fsync serves many charges. Each caller's future completes only after the commit, on the
 * {@code completions} executor: what callers chain on their futures (answering an HTTP request) runs there, in
 * parallel, while the writer thread goes on with the next batch. The statements of a batch are prepared once for
 * the batch, not once per write.
 *
 * <p>If a batch fails, it is rolled back and each of its writes is retried in a transaction of its own, so one bad
 * write (or a PostgreSQL deadlock between replicas) costs only itself; a write that fails alone completes its future
 * exceptionally. No future is ever left pending: writes still queued at {@link #close} are drained first, and any
 * left after the timeout are failed.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** A unit of work run inside the batch's transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Transaction transaction) throws SQLException;
    }

    /** The batch's transaction as one write sees it. Work must not commit, roll back or close anything. */
    public interface Transaction {
        Connection connection();

        /** {@code sql} prepared once for the whole batch; its parameters are whatever the last user set. */
        PreparedStatement statement(String sql) throws SQLException;
    }

    private static final class BatchTransaction implements Transaction, AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        BatchTransaction(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        @Override
        public void close() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    log.warn("closing a ledger statement failed: {}", e.toString());
                }
            }
            statements.clear();
        }
    }

    private record Op<T>(Work<T> work, CompletableFuture<T> future) {
        @SuppressWarnings("unchecked")
        void complete(Object result) {
            future.complete((T) result);
        }
    }

    private final DataSource dataSource;
    private final Executor completions;
    private final int maxBatch;
    private final BlockingQueue<Op<?>> queue;
    private final ReadWriteLock acceptance = new ReentrantReadWriteLock();
    private final Thread thread;
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private volatile boolean accepting = true;

    /**
     * @param completions where the futures of committed writes are completed (and so where their callers'
     *     continuations run); it must accept work until this writer is closed
     */
    public GroupCommitWriter(DataSource dataSource, int queueCapacity, int maxBatch, Executor completions,
            MeterRegistry registry) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.completions = Objects.requireNonNull(completions, "completions");
        if (queueCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("queueCapacity and maxBatch must be positive, were "
                    + queueCapacity + " and " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchSizes = DistributionSummary.builder("payrail.ledger.batch.size")
                .description("Writes per committed transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        // From taking a connection to the commit returning: what every charge in the batch waited for on disk.
        this.commits = Timer.builder("payrail.ledger.commit")
                .description("Ledger transactions from connection to commit, batches and single retries alike")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(registry);
        Gauge.builder("payrail.ledger.queue.depth", queue, BlockingQueue::size)
                .description("Writes waiting for the ledger writer").register(registry);
        this.thread = new Thread(this::runLoop, "ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a write. The future fails with {@link RejectedExecutionException} at once when the queue is full
     * (back-pressure) or the writer is closed.
     */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        Op<T> op = new Op<>(Objects.requireNonNull(work, "work"), new CompletableFuture<>());
        acceptance.readLock().lock();
        try {
            if (!accepting) {
                op.future.completeExceptionally(new RejectedExecutionException("the ledger writer is closed"));
            } else if (!queue.offer(op)) {
                op.future.completeExceptionally(new RejectedExecutionException(
                        "the ledger writer is saturated (" + queue.size() + " writes queued)"));
            }
        } finally {
            acceptance.readLock().unlock();
        }
        return op.future;
    }

    /** {@code true} while the writer accepts work and its thread runs. */
    public boolean isRunning() {
        return accepting && thread.isAlive();
    }

    private void runLoop() {
        List<Op<?>> batch = new ArrayList<>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                Op<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                // close() interrupts only after the drain deadline: fail what is left
                break;
            } catch (Throwable unexpected) {
                log.error("ledger writer failed a batch of {} writes: {}", batch.size(), unexpected.toString(),
                        unexpected);
                failAll(List.copyOf(batch), unexpected);
            } finally {
                batch.clear();
            }
        }
        List<Op<?>> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new RejectedExecutionException("the ledger writer stopped before this write ran"));
    }

    private void runBatch(List<Op<?>> batch) {
        Object[] results = new Object[batch.size()];
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (BatchTransaction transaction = new BatchTransaction(connection)) {
                for (int i = 0; i < batch.size(); i++) {
                    results[i] = batch.get(i).work.run(transaction);
                }
                connection.commit();
            } catch (SQLException | RuntimeException batchFailure) {
                rollbackQuietly(connection);
                if (batch.size() == 1) {
                    log.warn("ledger write failed: {}", batchFailure.toString());
                    failAll(List.copyOf(batch), batchFailure);
                    return;
                }
                log.warn("ledger batch of {} writes failed, retrying them one by one: {}", batch.size(),
                        batchFailure.toString());
                runOneByOne(connection, batch);
                return;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException noConnection) {
            log.warn("ledger batch of {} writes failed: {}", batch.size(), noConnection.toString());
            failAll(List.copyOf(batch), noConnection);
            return;
        }
        commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSizes.record(batch.size());
        List<Op<?>> committed = List.copyOf(batch);
        complete(() -> {
            for (int i = 0; i < committed.size(); i++) {
                committed.get(i).complete(results[i]);
            }
        });
    }

    private void runOneByOne(Connection connection, List<Op<?>> batch) {
        for (Op<?> op : batch) {
            long start = System.nanoTime();
            try (BatchTransaction transaction = new BatchTransaction(connection)) {
                Object result = op.work.run(transaction);
                connection.commit();
                commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSizes.record(1);
                complete(() -> op.complete(result));
            } catch (SQLException | RuntimeException failure) {
                rollbackQuietly(connection);
                log.warn("ledger write failed on its own: {}", failure.toString());
                complete(() -> op.future.completeExceptionally(failure));
            }
        }
    }

    /** Runs {@code completion} on the completions executor, or here if that no longer takes work. */
    private void complete(Runnable completion) {
        try {
            completions.execute(completion);
        } catch (RejectedExecutionException shutDown) {
            completion.run();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("ledger rollback failed: {}", e.toString());
        }
    }

    private void failAll(List<Op<?>> ops, Throwable failure) {
        complete(() -> {
            for (Op<?> op : ops) {
                op.future.completeExceptionally(failure);
            }
        });
    }

    /**
     * Stops accepting writes, runs those already queued, and waits for the writer thread up to {@code timeout};
     * writes still queued after that fail.
     */
    public void close(Duration timeout) {
        acceptance.writeLock().lock();
        try {
            accepting = false;
        } finally {
            acceptance.writeLock().unlock();
        }
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                log.warn("ledger writer did not drain within {} ms ({} writes queued); failing the rest",
                        timeout.toMillis(), queue.size());
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
