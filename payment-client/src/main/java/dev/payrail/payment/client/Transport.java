package dev.payrail.payment.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.client.Client;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.glassfish.jersey.apache5.connector.Apache5ClientProperties;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.glassfish.jersey.client.RequestEntityProcessing;

/** Builds the Jersey client: Apache HttpClient 5 with a connection pool, our timeouts, and no retries of its own. */
final class Transport {
    /** A pooled connection idle this long is checked before reuse, so a connection the server closed is not used. */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);

    private Transport() {
    }

    static Client newClient(TokenProvider tokens, Duration connectTimeout, Duration readTimeout, int maxConnections,
            ObjectMapper json) {
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
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(read)
                // The contract never redirects; following one would send a charge somewhere unexpected.
                .setRedirectsEnabled(false)
                .build();
        ClientConfig config = new ClientConfig()
                .connectorProvider(new Apache5ConnectorProvider())
                .property(Apache5ClientProperties.CONNECTION_MANAGER, pool)
                .property(Apache5ClientProperties.CONNECTION_MANAGER_SHARED, false)
                .property(Apache5ClientProperties.REQUEST_CONFIG, requests)
                .property(Apache5ClientProperties.DISABLE_COOKIES, true)
                // Retries belong to Retrier alone: httpclient's own would repeat requests behind its back.
                .property(Apache5ClientProperties.RETRY_STRATEGY,
                        new DefaultHttpRequestRetryStrategy(0, TimeValue.ZERO_MILLISECONDS))
                .property(ClientProperties.CONNECT_TIMEOUT, (int) connectTimeout.toMillis())
                .property(ClientProperties.READ_TIMEOUT, (int) readTimeout.toMillis())
                .property(ClientProperties.FOLLOW_REDIRECTS, false)
                // Bodies are a few hundred bytes: send them with a Content-Length, in the same write as the headers,
                // instead of chunked (Jersey's default), which costs the server a second read per request.
                .property(ClientProperties.REQUEST_ENTITY_PROCESSING, RequestEntityProcessing.BUFFERED)
                .register(new TokenFilter(tokens))
                .register(new JsonBodyWriter(json));
        return JerseyClientBuilder.createClient(config);
    }
}
