package dev.payrail.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a Grizzly server gracefully and quickly under load. Grizzly's own graceful shutdown keeps accepting
 * connections until it is over and waits for a moment with no request in progress; 64 busy clients never leave
 * one, so it always ran into its grace period. Closing the server socket first means: no new connections, each
 * kept-alive connection gets one {@code 503} with {@code Connection: close} for its next request, the requests in
 * progress are answered, and the wait ends as soon as they are.
 */
public final class GracefulStop {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {
    }

    /** Stops accepting, lets in-flight requests finish within {@code grace}, then stops for good. */
    public static void stop(HttpServer http, Duration grace) {
        for (NetworkListener listener : http.getListeners()) {
            TCPNIOTransport transport = listener.getTransport();
            try {
                transport.unbindAll();
            } catch (RuntimeException e) {
                log.warn("closing the server socket of {} failed: {}", listener.getName(), e.toString());
            }
        }
        long graceMillis = grace.toMillis();
        long started = System.nanoTime();
        try {
            http.shutdown(graceMillis, TimeUnit.MILLISECONDS).get(graceMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("HTTP server did not stop within {} ms: {}", graceMillis, e.toString());
        }
        http.shutdownNow();
        log.info("http_stopped waited_ms={} grace_ms={}", (System.nanoTime() - started) / 1_000_000, graceMillis);
    }
}
