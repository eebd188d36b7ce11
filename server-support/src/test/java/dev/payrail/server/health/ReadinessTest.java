package dev.payrail.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration BOUND = Duration.ofMillis(200);

    @Test
    void isNotReadyUntilTheChecksStartAndSaysWhy() {
        try (Readiness readiness = new Readiness(INTERVAL, BOUND)) {
            assertThat(readiness.status().ready()).isFalse();
            assertThat(readiness.status().reason()).isEqualTo("starting");
            readiness.waiting("waiting for the database (attempt 3 failed: connection refused)");
            assertThat(readiness.status().reason()).contains("attempt 3");

            readiness.start(List.of(new Readiness.Check("database", true, () -> { })));

            assertThat(readiness.status().ready()).isTrue();
            assertThat(readiness.status().checks()).containsEntry("database", "UP");
        }
    }

    @Test
    void aHungCheckMakesItNotReadyWithinTheBoundWhileStatusNeverWaits() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        AtomicBoolean hung = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        try (Readiness readiness = new Readiness(INTERVAL, BOUND)) {
            readiness.start(List.of(new Readiness.Check("database", true, () -> {
                calls.incrementAndGet();
                if (hung.get()) {
                    hang.await();
                }
            })));
            assertThat(readiness.status().ready()).isTrue();

            hung.set(true);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (readiness.status().ready() && System.nanoTime() < deadline) {
                long asked = System.nanoTime();
                readiness.status();
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofMillis(50));
                Thread.sleep(20);
            }
            Readiness.Status status = readiness.status();
            assertThat(status.ready()).isFalse();
            assertThat(status.reason()).startsWith("database: did not answer within 200 ms");
            int callsWhileHung = calls.get();
            Thread.sleep(5 * INTERVAL.toMillis());
            assertThat(calls.get()).as("a check still hanging is not started again").isEqualTo(callsWhileHung);

            hang.countDown();
            hung.set(false);
            deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!readiness.status().ready() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(readiness.status().ready()).isTrue();
        }
    }

    @Test
    void anOptionalCheckIsReportedWithoutDecidingReadiness() {
        try (Readiness readiness = new Readiness(INTERVAL, BOUND)) {
            readiness.start(List.of(new Readiness.Check("database", true, () -> { }),
                    new Readiness.Check("paymentProvider", false, () -> {
                        throw new IllegalStateException("connection refused");
                    })));

            assertThat(readiness.status().ready()).isTrue();
            assertThat(readiness.status().checks()).containsEntry("paymentProvider", "DOWN");
        }
    }

    @Test
    void aFailingRequiredCheckGivesItsMessageAndStoppingOverridesEverything() {
        try (Readiness readiness = new Readiness(INTERVAL, BOUND)) {
            readiness.start(List.of(new Readiness.Check("database", true, () -> {
                throw new java.sql.SQLException("Connection refused");
            })));
            assertThat(readiness.status().reason()).isEqualTo("database: Connection refused");

            readiness.stopping();
            assertThat(readiness.status().reason()).isEqualTo("shutting down");
        }
    }
}
