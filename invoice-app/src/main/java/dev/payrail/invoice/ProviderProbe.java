package dev.payrail.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Whether the payment provider answers its readiness probe: {@code UP} or {@code DOWN}, cached for a few seconds.
 *
 * <p>A plain {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: building the latter sets up the
 * default TLS context (some 200 classes and the CA store) even for an http URL, which was a tenth of invoice-app's
 * start-up on one CPU.
 */
final class ProviderProbe implements Supplier<String> {
    private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(1).toMillis();
    private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

    private final URL ready;
    private volatile String state;
    private volatile long checkedAt;

    ProviderProbe(URI providerEndpoint) {
        String base = providerEndpoint.toString();
        try {
            this.ready = URI.create((base.endsWith("/") ? base : base + "/") + "health/ready").toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + providerEndpoint, e);
        }
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
            fresh = probe() == 200 ? "UP" : "DOWN";
        } catch (IOException | RuntimeException e) {
            fresh = "DOWN";
        }
        state = fresh;
        checkedAt = now;
        return fresh;
    }

    private int probe() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) ready.openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        int status = connection.getResponseCode();
        // Read the (small) body to the end so the connection can be kept alive for the next probe.
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        }
        return status;
    }
}
