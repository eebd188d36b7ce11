package dev.payrail.payment.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the HTTP client: Apache HttpClient 5 (classic, blocking) with a connection pool, our timeouts, and
 * nothing of its own that the contract does not need: no retries (they belong to {@link Retrier} alone; the
 * client's own would repeat requests behind its back), no redirects (the contract never redirects; following one
 * would send a charge somewhere unexpected), no cookies, no compression (bodies are a few hundred bytes).
 */
final class Transport {
    /** A pooled connection idle this long is checked before reuse, so a connection the server closed is not used. */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
    static final String USER_AGENT = "payrail-payment-client";

    private Transport() {
    }

    static CloseableHttpClient newClient(Duration connectTimeout, Duration readTimeout, int maxConnections) {
        Timeout connect = Timeout.of(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Timeout read = Timeout.of(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(read)
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .build();
        RequestConfig requests = RequestConfig.custom()
                // Waiting for a free pooled connection counts against the connect timeout.
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(read)
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
    }
}
