package dev.payrail.payment.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends requests over pooled connections with our timeouts: Apache HttpClient 5's minimal classic client, which
 * leases a connection, writes the request, reads the response head and nothing more. It has none of what the
 * contract does not need, so none of it can act behind our back: no retries (they belong to {@link Retrier}
 * alone), no redirects (the contract never redirects; following one would send a charge somewhere unexpected),
 * no cookies, no authentication schemes (the bearer token is a header), no compression (bodies are a few hundred
 * bytes), no proxy. The full client's execution chain did nothing else for these requests and cost about a fifth
 * of the SDK's CPU per call.
 */
final class Transport implements AutoCloseable {
    /** A pooled connection idle this long is checked before reuse, so a connection the server closed is not used. */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
    private static final String USER_AGENT = "payrail-payment-client";

    private final HttpHost target;
    private final CloseableHttpClient http;
    private final RequestConfig requests;

    Transport(URI baseUri, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        this.target = new HttpHost(baseUri.getScheme(), baseUri.getHost(), baseUri.getPort());
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
        this.requests = RequestConfig.custom()
                // Waiting for a free pooled connection counts against the connect timeout.
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(read)
                .setRedirectsEnabled(false)
                .build();
        this.http = HttpClients.createMinimal(pool);
    }

    /**
     * Sends {@code request} and answers the response with its body still to be read; the caller reads it and closes
     * the response, which gives the connection back to the pool (or discards it if the body was not read to the end).
     */
    ClassicHttpResponse open(ClassicHttpRequest request) throws IOException {
        request.setHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        TraceContext.inject(request);
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(requests);
        return http.executeOpen(target, request, context);
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
