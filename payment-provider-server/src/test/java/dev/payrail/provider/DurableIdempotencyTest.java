package dev.payrail.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Postgres;
import dev.payrail.provider.support.Providers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency holds across restarts (SQLite file, PostgreSQL) and across replicas sharing PostgreSQL. */
class DurableIdempotencyTest {
    private static final String BODY = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":999,\"currency\":\"EUR\"}";

    @TempDir
    Path dataDir;

    @Test
    void replayAfterRestartOnTheSameSqliteFileReturnsTheStoredCharge() {
        Reply first;
        try (PaymentProviderServer server = Providers.sqlite(dataDir)) {
            first = new Http(server.baseUri()).postCharge("restart-sqlite", BODY);
        }
        try (PaymentProviderServer restarted = Providers.sqlite(dataDir)) {
            Http http = new Http(restarted.baseUri());
            Reply replay = http.postCharge("restart-sqlite", BODY);
            Reply reused = http.postCharge("restart-sqlite", BODY.replace("999", "998"));

            assertThat(first.status()).isEqualTo(201);
            assertThat(replay.status()).isEqualTo(201);
            assertThat(replay.body()).isEqualTo(first.body());
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(reused.status()).isEqualTo(409);
        }
    }

    @Test
    void replayAfterRestartOnPostgresReturnsTheStoredCharge() {
        Map<String, String> env = postgresEnv(Postgres.newDatabase());
        Reply first;
        try (PaymentProviderServer server = Providers.start(env)) {
            first = new Http(server.baseUri()).postCharge("restart-pg", BODY);
        }
        try (PaymentProviderServer restarted = Providers.start(env)) {
            Reply replay = new Http(restarted.baseUri()).postCharge("restart-pg", BODY);

            assertThat(first.status()).isEqualTo(201);
            assertThat(replay.body()).isEqualTo(first.body());
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        }
    }

    @Test
    void twoReplicasSharingPostgresNeverChargeTwiceForConcurrentSameKeyRequests() throws Exception {
        String url = Postgres.newDatabase();
        Map<String, String> env = postgresEnv(url);
        int keys = 8;
        int requestsPerKey = 6;
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try (PaymentProviderServer a = Providers.start(env); PaymentProviderServer b = Providers.start(env)) {
            List<Http> replicas = List.of(new Http(a.baseUri()), new Http(b.baseUri()));
            CountDownLatch go = new CountDownLatch(1);
            Map<String, List<Future<Reply>>> replies = new HashMap<>();
            for (int k = 0; k < keys; k++) {
                String key = "race-" + k;
                for (int r = 0; r < requestsPerKey; r++) {
                    Http replica = replicas.get(r % 2);
                    replies.computeIfAbsent(key, x -> new ArrayList<>()).add(clients.submit(() -> {
                        go.await();
                        return replica.postCharge(key, BODY);
                    }));
                }
            }
            go.countDown();

            for (Map.Entry<String, List<Future<Reply>>> entry : replies.entrySet()) {
                Set<String> chargeIds = new HashSet<>();
                for (Future<Reply> future : entry.getValue()) {
                    Reply reply = future.get(60, TimeUnit.SECONDS);
                    if (reply.status() == 201) {
                        chargeIds.add(reply.json().get("id").asText());
                    } else {
                        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
                        assertThat(reply.json().get("code").asText()).isEqualTo("idempotency_key_in_use");
                    }
                }
                assertThat(chargeIds).as("charges answered for " + entry.getKey()).hasSizeLessThanOrEqualTo(1);
                Reply settled = replicas.get(1).postCharge(entry.getKey(), BODY);
                assertThat(settled.status()).isEqualTo(201);
                assertThat(settled.header("Idempotent-Replayed")).isEqualTo("true");
                if (!chargeIds.isEmpty()) {
                    assertThat(settled.json().get("id").asText()).isEqualTo(chargeIds.iterator().next());
                }
            }
        } finally {
            clients.shutdownNow();
        }
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM charges")) {
            rows.next();
            assertThat(rows.getInt(1)).as("charges stored").isEqualTo(keys);
            assertThat(rows.getInt(2)).isEqualTo(keys);
        }
    }

    private Map<String, String> postgresEnv(String url) {
        return Providers.sqliteEnv(dataDir, "DATABASE_URL", url, "DATABASE_USER", "postgres",
                "DATABASE_PASSWORD", "postgres", "DATA_DIR", "");
    }
}
