package dev.payrail.invoice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Whether the payment provider answers its readiness probe: {@code UP} or {@code DOWN}, cached for a few seconds. */
final class ProviderProbe implements Supplier<String> {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI ready;
    private volatile String state;
    private volatile long checkedAt;

    ProviderProbe(URI providerEndpoint) {
        String base = providerEndpoint.toString();
        this.ready = URI.create((base.endsWith("/") ? base : base + "/") + "health/ready");
    }

    @Override
    public String get() {
        long now = System.nanoTime();
        String cached = state;
        if (cached != null && now - checkedAt < CACHE_NANOS) {
            return cached;
        }
        String fresh;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            fresh = response.statusCode() == 200 ? "UP" : "DOWN";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fresh = "DOWN";
        } catch (java.io.IOException | RuntimeException e) {
            fresh = "DOWN";
        }
        state = fresh;
        checkedAt = now;
        return fresh;
    }
}
