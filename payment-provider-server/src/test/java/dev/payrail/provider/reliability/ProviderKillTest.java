package dev.payrail.provider.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Postgres;
import dev.payrail.provider.support.TestAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's own process SIGKILLed while charges are in flight, then restarted on the same database: every
 * charge it acknowledged is still there and replays identically, every key holds at most one charge, and keys whose
 * answer was lost in the crash are charged exactly once when the caller retries. On SQLite and on PostgreSQL.
 */
class ProviderKillTest {
    private static final int KEYS = 120;
    private static final int KILL_AFTER_ACKNOWLEDGED = 40;

    @TempDir
    Path dir;

    @Test
    void sigkillMidLoadOnSqliteLosesNoAcknowledgedChargeAndChargesEveryKeyOnce() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        String url = "jdbc:sqlite:" + data.resolve(ProviderConfig.SQLITE_FILE);
        killAndRestart("sqlite", Map.of("DATA_DIR", data.toString()), url, null);
    }

    @Test
    void sigkillMidLoadOnPostgresLosesNoAcknowledgedChargeAndChargesEveryKeyOnce() throws Exception {
        String url = Postgres.newDatabase();
        killAndRestart("postgres", Map.of("DATABASE_URL", url, "DATABASE_USER", "postgres",
                "DATABASE_PASSWORD", "postgres"), url, "postgres");
    }

    private void killAndRestart(String name, Map<String, String> database, String jdbcUrl, String user)
            throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(TestAuth.env());
        env.putAll(database);
        env.put("PORT", Integer.toString(port));
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("SUCCESS_RATE", "0.5");
        URI base = URI.create("http://127.0.0.1:" + port);
        Http http = new Http(base);

        Map<String, Reply> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger unanswered = new AtomicInteger();
        CountDownLatch enoughAcknowledged = new CountDownLatch(KILL_AFTER_ACKNOWLEDGED);
        Process provider = start(env, base, "first");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int i = 0; i < KEYS; i++) {
            String key = "kill-" + name + "-" + i;
            String body = body(i);
            callers.execute(() -> {
                try {
                    Reply reply = http.postCharge(key, body);
                    if (reply.status() == 201) {
                        acknowledged.put(key, reply);
                        enoughAcknowledged.countDown();
                    } else {
                        unanswered.incrementAndGet();
                    }
                } catch (RuntimeException connectionLost) {
                    unanswered.incrementAndGet();
                }
            });
        }
        assertThat(enoughAcknowledged.await(60, TimeUnit.SECONDS)).as("acknowledged before the kill").isTrue();
        provider.destroyForcibly();
        assertThat(provider.waitFor(30, TimeUnit.SECONDS)).isTrue();
        callers.shutdown();
        assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        int acknowledgedBeforeKill = acknowledged.size();

        Process restarted = start(env, base, "restarted");
        try {
            // The caller's retry of every key: the same charge for the acknowledged ones, one new charge otherwise.
            for (int i = 0; i < KEYS; i++) {
                String key = "kill-" + name + "-" + i;
                Reply replay = http.postCharge(key, body(i));
                assertThat(replay.status()).as(key + ": " + replay).isEqualTo(201);
                Reply first = acknowledged.get(key);
                if (first != null) {
                    assertThat(replay.json().get("id")).as(key).isEqualTo(first.json().get("id"));
                    assertThat(replay.json().get("status")).as(key).isEqualTo(first.json().get("status"));
                    assertThat(replay.header("Idempotent-Replayed")).as(key).isEqualTo("true");
                }
                Reply found = http.get("/v1/charges?idempotencyKey=" + key);
                assertThat(found.status()).as(key + ": " + found).isEqualTo(200);
                assertThat(found.body()).contains(replay.json().get("id").asText());
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }

        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, user);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT idempotency_key),"
                        + " COUNT(DISTINCT invoice_id), (SELECT COUNT(*) FROM idempotency_keys) FROM charges")) {
            rows.next();
            assertThat(new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)})
                    .as("charges, distinct keys, distinct invoices, idempotency keys")
                    .containsExactly(KEYS, KEYS, KEYS, KEYS);
        }
        System.out.printf("provider SIGKILL (%s): %d keys, %d acknowledged before the kill, %d answers lost;"
                + " after restart every key holds exactly one charge%n", name, KEYS, acknowledgedBeforeKill,
                unanswered.get());
    }

    private static String body(int i) {
        return "{\"customerId\":\"c" + (i % 37) + "\",\"invoiceId\":\"inv-" + i + "\",\"amount\":" + (100 + i)
                + ",\"currency\":\"EUR\"}";
    }

    /** The provider's {@code Main} in a JVM of its own (so that it can be SIGKILLed), on this test classpath. */
    private Process start(Map<String, String> env, URI base, String label) throws IOException, InterruptedException {
        Path log = dir.resolve("provider-" + label + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.payrail.provider.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Http health = new Http(base, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("provider exited at start-up: " + Files.readString(log));
            }
            try {
                if (health.get("/health/ready").status() == 200) {
                    return process;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("provider not ready after 90 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
