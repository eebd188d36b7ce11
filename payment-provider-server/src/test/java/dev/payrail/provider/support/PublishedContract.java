package dev.payrail.provider.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

/**
 * The OpenAPI document a provider publishes at {@code /openapi.json}, as a judge of test exchanges (Atlassian's
 * swagger-request-validator): a request or response the document does not allow fails the test. The document is
 * fetched from the server under test, not from the class path, so what is checked is what clients are given.
 * Only the paths the document describes are judged (the payment API, {@code /v1/*}); health, metrics, the legacy
 * endpoints and the document itself are not part of it.
 */
final class PublishedContract {
    private static final String CONTRACT_PREFIX = "/v1/";
    /** Parsed documents by their text: many tests start a provider, all publish the same document. */
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final Map<URI, PublishedContract> BY_SERVER = new ConcurrentHashMap<>();

    private final OpenApiInteractionValidator validator;

    private PublishedContract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    static PublishedContract of(URI base, HttpClient client) {
        return BY_SERVER.computeIfAbsent(base, b -> new PublishedContract(
                VALIDATORS.computeIfAbsent(fetch(b, client), text ->
                        OpenApiInteractionValidator.createForInlineApiSpecification(text).build())));
    }

    /**
     * Fails with every violation when the exchange breaks the document; with {@code judgeRequest} false only the
     * response is judged (for tests that send a request the contract forbids on purpose).
     */
    void check(HttpRequest request, String requestBody, HttpResponse<String> response, boolean judgeRequest) {
        String path = request.uri().getRawPath();
        if (!path.startsWith(CONTRACT_PREFIX)) {
            return;
        }
        Request.Method method = Request.Method.valueOf(request.method());
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(answer::withHeader);
        ValidationReport report;
        if (judgeRequest) {
            SimpleRequest.Builder sent = new SimpleRequest.Builder(method, path).withBody(requestBody);
            request.headers().map().forEach(sent::withHeader);
            query(request.uri()).forEach(sent::withQueryParam);
            if (requestBody != null && !request.headers().firstValue("Content-Type").isPresent()) {
                sent.withContentType("text/plain");
            }
            report = validator.validate(sent.build(), answer.build());
        } else {
            report = validator.validateResponse(path, method, answer.build());
            if (report.getMessages().stream().allMatch(m -> m.getKey().equals("validation.request.operation.notAllowed"))
                    && report.hasErrors()) {
                // A method the document does not list: only its `default` answer applies, a problem with an id.
                report = ValidationReport.empty();
                if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                        || response.headers().firstValue("Request-Id").isEmpty()) {
                    throw new AssertionError("the document's default answer is a problem with a Request-Id: "
                            + describe(request, requestBody, response));
                }
            }
        }
        if (report.hasErrors()) {
            throw new AssertionError("the exchange breaks the published OpenAPI document:\n"
                    + report.getMessages().stream().map(m -> "  " + m.getLevel() + " " + m.getKey() + ": "
                            + m.getMessage()).collect(Collectors.joining("\n"))
                    + "\n" + describe(request, requestBody, response));
        }
    }

    /** The bytes a request's body publisher sends, as text; {@code null} when it has none. */
    static String body(HttpRequest request) {
        if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
            return null;
        }
        CompletableFuture<String> text = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<>() {
            private final List<byte[]> parts = new ArrayList<>();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] part = new byte[item.remaining()];
                item.get(part);
                parts.add(part);
            }

            @Override
            public void onError(Throwable throwable) {
                text.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                StringBuilder all = new StringBuilder();
                parts.forEach(p -> all.append(new String(p, StandardCharsets.UTF_8)));
                text.complete(all.toString());
            }
        });
        return text.join();
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String describe(HttpRequest request, String body, HttpResponse<String> response) {
        return "  > " + request.method() + " " + request.uri() + " " + request.headers().map() + " " + body
                + "\n  < " + response.statusCode() + " " + response.headers().map() + " " + response.body();
    }

    private static String fetch(URI base, HttpClient client) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/openapi.json"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                throw new AssertionError("the provider at " + base + " does not publish its contract at /openapi.json: "
                        + response.statusCode() + " " + response.headers().map());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("cannot fetch " + base + "/openapi.json", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted fetching " + base + "/openapi.json", e);
        }
    }
}
