package dev.payrail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupWaitTest {
    private static RuntimeException unreachable() {
        return new IllegalStateException("pool failed", new SQLTransientConnectionException("timed out",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
    }

    @Test
    void triesAgainUntilTheDatabaseAnswersAndReportsEveryFailedAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        List<String> progress = new ArrayList<>();

        String result = StartupWait.until("the database", "DB_STARTUP_TIMEOUT_SECONDS", Duration.ofSeconds(30), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw unreachable();
            }
            return "migrated";
        }, StartupWait::databaseUnreachable, progress::add);

        assertThat(result).isEqualTo("migrated");
        assertThat(attempts).hasValue(3);
        assertThat(progress).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("waiting for the database (attempt ").contains("refused"));
    }

    @Test
    void givesUpAfterTheBoundNamingTheVariableTheAttemptsAndTheLastError() {
        assertThatThrownBy(() -> StartupWait.until("the database", "DB_STARTUP_TIMEOUT_SECONDS", Duration.ofSeconds(1),
                () -> {
                    throw unreachable();
                }, StartupWait::databaseUnreachable, line -> { }))
                .isInstanceOf(StartupWait.GaveUpException.class)
                .hasMessageStartingWith("the database did not become available within 1 s (DB_STARTUP_TIMEOUT_SECONDS; 2 attempts in ")
                .hasMessageContaining("Connection to 127.0.0.1:5432 refused");
    }

    @Test
    void zeroTriesOnceAndAWrongPasswordIsNotWaitedFor() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> StartupWait.until("the database", "DB_STARTUP_TIMEOUT_SECONDS", Duration.ZERO, () -> {
            attempts.incrementAndGet();
            throw unreachable();
        }, StartupWait::databaseUnreachable, line -> { })).isInstanceOf(StartupWait.GaveUpException.class);
        assertThat(attempts).hasValue(1);

        RuntimeException wrongPassword = new IllegalStateException(new SQLTransientConnectionException("timed out",
                new SQLException("password authentication failed for user \"app\"", "28P01")));
        assertThat(StartupWait.databaseUnreachable(wrongPassword)).isFalse();
        assertThatThrownBy(() -> StartupWait.until("the database", "DB_STARTUP_TIMEOUT_SECONDS", Duration.ofMinutes(5),
                () -> {
                    throw wrongPassword;
                }, StartupWait::databaseUnreachable, line -> { })).isSameAs(wrongPassword);
    }
}
