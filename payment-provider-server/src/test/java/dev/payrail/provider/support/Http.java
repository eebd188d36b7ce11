package dev.payrail.provider.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A tiny HTTP client for tests against a real server on loopback. Every exchange on the payment API is checked
 * against the OpenAPI document the server publishes ({@link PublishedContract}): a request or a response the
 * document does not allow fails the test, so the document cannot drift from what the provider does.
 */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI base;
    private final String authorization;
    private final boolean judgeRequests;

    /** Sends {@link TestAuth}'s valid token with every request. */
    public Http(URI base) {
        this(base, TestAuth.authorizationHeader());
    }

    /** Sends {@code authorization} as the {@code Authorization} header, or none when {@code null}. */
    public Http(URI base, String authorization) {
        this(base, authorization, true);
    }

    private Http(URI base, String authorization, boolean judgeRequests) {
        this.base = base;
        this.authorization = authorization;
        this.judgeRequests = judgeRequests;
    }

    /**
     * The same client for requests that break the contract on purpose (bad input, no token, wrong media type):
     * only their responses are checked against the document.
     */
    public Http sendingInvalidRequests() {
        return new Http(base, authorization, false);
    }

    public Reply postCharge(String key, String body) {
        HttpRequest.Builder request = request("/v1/charges").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return send(request.build());
    }

    public Reply post(String path, String contentType, String body) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public Reply put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            PublishedContract.of(base, CLIENT).check(request, PublishedContract.body(request), response, judgeRequests);
            return new Reply(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response with its body parsed on demand. */
    public record Reply(HttpResponse<String> response) {
        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        @Override
        public String toString() {
            return status() + " " + response.headers().map() + " " + body();
        }
    }
}
