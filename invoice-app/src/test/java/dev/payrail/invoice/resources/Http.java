package dev.payrail.invoice.resources;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tiny HTTP client for tests against a running service, which holds every exchange to invoice-app's published
 * OpenAPI document: a request the document does not allow, or a response it does not describe (a status, a header,
 * a field, a type), fails the test with the validator's report. So the document cannot drift from what the service
 * does.
 */
public final class Http {
    /** The document the build generated, the one the service publishes at {@code /openapi.json}. */
    public static final String DOCUMENT = "META-INF/openapi/invoice-app.json";

    /**
     * What a request that breaks the contract on purpose leaves uncheckable: its path or method is not in the
     * document at all, so there is no operation to hold its response to.
     */
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile OpenApiInteractionValidator validator;

    private final HttpClient client;
    private final URI base;
    private final Map<String, String> headers;
    private final boolean checkRequests;

    public Http(URI base) {
        this(HttpClient.newBuilder()
                // HTTP/1.1 as curl and our SDK speak it (UpgradeOfferTest covers clients that offer h2c).
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), base, Map.of(), true);
    }

    private Http(HttpClient client, URI base, Map<String, String> headers, boolean checkRequests) {
        this.client = client;
        this.base = base;
        this.headers = Map.copyOf(headers);
        this.checkRequests = checkRequests;
    }

    /** The same service, with {@code name: value} sent on every request too (e.g. {@code Authorization}). */
    public Http withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(client, base, more, checkRequests);
    }

    /**
     * For requests that break the contract on purpose (a malformed id, an unknown status, an unknown path): they are
     * not checked against the document, their responses are, wherever the document has the path and method at all.
     */
    public Http breakingTheContract() {
        return new Http(client, base, headers, false);
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path);
    }

    public HttpResponse<String> post(String path) {
        return send("POST", path);
    }

    private HttpResponse<String> send(String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(3));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        check(method, response);
        return response;
    }

    private void check(String method, HttpResponse<String> response) {
        URI uri = response.uri();
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(answer::withHeader);
        ValidationReport report;
        if (checkRequests) {
            SimpleRequest.Builder sent = new SimpleRequest.Builder(method, uri.getRawPath());
            headers.forEach(sent::withHeader);
            query(uri).forEach(sent::withQueryParam);
            report = validator().validate(sent.build(), answer.build());
        } else {
            report = validator().validateResponse(uri.getRawPath(), Request.Method.valueOf(method), answer.build());
            if (report.getMessages().stream().allMatch(message -> NO_OPERATION.contains(message.getKey()))) {
                report = ValidationReport.empty();
            }
        }
        if (report.hasErrors()) {
            throw new AssertionError(method + " " + uri + " answered " + response.statusCode() + " "
                    + response.headers().map() + " " + abbreviate(response.body()) + "\nwhich breaks "
                    + DOCUMENT + (checkRequests ? "" : " (response checked only)") + ":\n"
                    + report.getMessages().stream().map(m -> m.getLevel() + " " + m.getKey() + ": " + m.getMessage())
                            .collect(Collectors.joining("\n")));
        }
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        return body.length() <= 2_000 ? body : body.substring(0, 2_000) + "…(" + body.length() + " characters)";
    }

    /** Built once per test JVM: parsing the document is the expensive part. */
    static OpenApiInteractionValidator validator() {
        OpenApiInteractionValidator built = validator;
        if (built == null) {
            synchronized (Http.class) {
                built = validator;
                if (built == null) {
                    built = OpenApiInteractionValidator.createForInlineApiSpecification(document()).build();
                    validator = built;
                }
            }
        }
        return built;
    }

    /** The generated document's text, as the build left it on the test class path. */
    public static String document() {
        try (InputStream in = Http.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is not on the class path: the build generates it in "
                        + "process-classes");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
