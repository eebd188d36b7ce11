package dev.payrail.provider.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.support.Http;
import dev.payrail.provider.support.Http.Reply;
import dev.payrail.provider.support.Providers;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop under load ends when the requests in progress are answered, not when the grace period runs out. */
class GracefulStopUnderLoadTest {
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final int CONNECTIONS = 64;

    @TempDir
    Path dataDir;

    @Test
    void closeUnder64BusyConnectionsFinishesFarWithinTheGracePeriodAndAnswersNo500() throws Exception {
        PaymentProviderServer server = Providers.sqlite(dataDir, "SHUTDOWN_TIMEOUT_MS", Long.toString(GRACE.toMillis()));
        AtomicBoolean go = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        for (int c = 0; c < CONNECTIONS; c++) {
            int client = c;
            clients.execute(() -> {
                Http http = new Http(server.baseUri()); // one client, so one connection, per thread
                for (int i = 0; go.get(); i++) {
                    try {
                        Reply reply = http.postCharge("stop-" + client + "-" + i,
                                "{\"customerId\":\"" + client + "\",\"invoiceId\":\"" + i
                                        + "\",\"amount\":100,\"currency\":\"EUR\"}");
                        statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                        answered.incrementAndGet();
                        if (reply.status() != 201 && reply.status() != 503) {
                            unexpected.add(reply.status() + " " + reply.body());
                        }
                    } catch (UncheckedIOException | IllegalStateException refusedOrCut) {
                        // after the stop: connection refused or closed, as a client of a stopped replica sees it
                    }
                }
            });
        }
        while (answered.get() < 2_000) {
            Thread.sleep(20);
        }

        long started = System.nanoTime();
        server.close();
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);
        go.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        System.out.printf("stop under %d connections took %d ms; answers %s%n", CONNECTIONS, stopping.toMillis(),
                statuses);
        assertThat(stopping).as("the stop waited for its grace period").isLessThan(GRACE.dividedBy(2));
        assertThat(unexpected).isEmpty();
    }
}
