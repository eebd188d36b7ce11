package dev.payrail.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.support.Providers;
import dev.payrail.provider.support.TestAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's examples, replayed against the real provider. Each WireMock stub in payment-api's test-jar
 * ({@code contract/mappings}) is a request and the response the SDK is tested against; here the request goes to
 * a real {@link PaymentProviderServer} (SQLite, JWT authentication on, free loopback port), set up as the stub's
 * {@code metadata.contract} says, and the answer must have the same status, the same headers that matter and the
 * same body shape. So a change on either side that breaks the contract fails the build.
 *
 * <p>Fault stubs and the few the provider cannot produce on demand say so in {@code clientOnly} and are skipped.
 */
class ContractReplayTest {
    /** Headers whose presence and value are part of the contract ({@code Request-Id} only has to be present). */
    private static final List<String> HEADERS_THAT_MATTER =
            List.of("Idempotent-Replayed", "Retry-After", "WWW-Authenticate");
    /** Values that differ by nature: generated ids, clocks, prose, and the provider's choice of decline code. */
    private static final Set<String> VALUES_EXCEPTED = Set.of("createdAt", "requestId", "detail", "declineCode");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<Map<String, String>, PaymentProviderServer> providers = new HashMap<>();

    @TempDir
    static Path dataDirs;

    @AfterAll
    static void stopProviders() {
        providers.values().forEach(PaymentProviderServer::close);
    }

    @TestFactory
    Stream<DynamicTest> providerAnswersEveryContractExampleAsTheStubDoes() throws IOException {
        List<JsonNode> stubs = stubs();
        List<JsonNode> replayed = stubs.stream().filter(s -> contract(s).path("replay").asBoolean()).toList();
        assertThat(replayed).as("replayable contract stubs").hasSizeGreaterThanOrEqualTo(18);
        return replayed.stream().map(stub -> DynamicTest.dynamicTest(stub.path("name").asText(), () -> replay(stub)));
    }

    private void replay(JsonNode stub) throws Exception {
        JsonNode contract = contract(stub);
        PaymentProviderServer provider = provider(contract.path("providerEnv"));
        HttpResponse<String> before = null;
        for (JsonNode step : contract.path("before")) {
            HttpRequest request = step.path("sameRequest").asBoolean()
                    ? requestOf(stub, provider.baseUri(), null)
                    : described(step, provider.baseUri());
            before = send(request);
            assertThat(before.statusCode()).as("set-up request %s %s answered %s", request.method(), request.uri(),
                    before.body()).isBetween(200, 299);
        }

        HttpResponse<String> actual = send(requestOf(stub, provider.baseUri(), before));

        JsonNode expected = stub.path("response");
        String name = stub.path("name").asText();
        assertThat(actual.statusCode()).as("%s status (body %s)", name, actual.body())
                .isEqualTo(expected.path("status").asInt());
        JsonNode headers = expected.path("headers");
        assertThat(mediaType(actual.headers().firstValue("Content-Type").orElse("")))
                .as("%s Content-Type", name).isEqualTo(mediaType(headers.path("Content-Type").asText()));
        assertThat(actual.headers().firstValue("Request-Id")).as("%s Request-Id", name)
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        for (String header : HEADERS_THAT_MATTER) {
            JsonNode stubbed = headers.get(header);
            assertThat(actual.headers().firstValue(header).orElse(null)).as("%s header %s", name, header)
                    .isEqualTo(stubbed == null ? null : stubbed.asText());
        }
        JsonNode expectedBody = JSON.readTree(stubBody(expected.path("bodyFileName").asText()));
        JsonNode actualBody = JSON.readTree(actual.body());
        assertSameShape(name, "$", expectedBody, actualBody);
        if (actualBody.has("requestId")) {
            assertThat(actualBody.path("requestId").asText()).as("%s problem requestId is the Request-Id", name)
                    .isEqualTo(actual.headers().firstValue("Request-Id").orElseThrow());
        }
    }

    /** Same member names with the same JSON types (null and absent alike); equal values except where excepted. */
    private static void assertSameShape(String name, String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as("%s %s is an object in %s", name, path, actual).isTrue();
            assertThat(members(actual)).as("%s %s members", name, path).isEqualTo(members(expected));
            for (String member : members(expected)) {
                JsonNode e = expected.get(member);
                JsonNode a = actual.get(member);
                if (VALUES_EXCEPTED.contains(member) || (member.equals("id") && e.asText().startsWith("ch_"))) {
                    assertThat(a.getNodeType()).as("%s %s.%s type", name, path, member).isEqualTo(e.getNodeType());
                } else {
                    assertSameShape(name, path + "." + member, e, a);
                }
            }
        } else {
            assertThat(actual).as("%s %s", name, path).isEqualTo(expected);
        }
    }

    /** Member names with non-null values: a problem omits an absent {@code field}, a charge writes {@code null}. */
    private static Set<String> members(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (!member.getValue().isNull()) {
                names.add(member.getKey());
            }
        }
        return names;
    }

    /** The stub's request as it would arrive from a client; {@code before} supplies ids the provider generated. */
    private static HttpRequest requestOf(JsonNode stub, URI base, HttpResponse<String> before) throws IOException {
        JsonNode request = stub.path("request");
        JsonNode contract = contract(stub);
        String url = request.path("url").asText();
        if (contract.has("replayUrl")) {
            url = contract.path("replayUrl").asText()
                    .replace("{before.id}", JSON.readTree(before.body()).path("id").asText());
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().path("equalTo").asText()));
        String body = null;
        JsonNode pattern = request.path("bodyPatterns").path(0);
        if (pattern.has("equalToJson")) {
            body = JSON.writeValueAsString(pattern.get("equalToJson"));
        } else if (pattern.has("equalTo")) {
            body = pattern.get("equalTo").asText();
        } else if (contract.has("replayBody")) {
            ObjectNode padded = contract.get("replayBody").deepCopy();
            padded.put("padding", String.join("", Collections.nCopies(contract.path("replayBodyPadding").asInt(), "x")));
            body = JSON.writeValueAsString(padded);
        }
        if (body != null) {
            headers.putIfAbsent("Content-Type", "application/json");
        }
        headers.putIfAbsent("Authorization", TestAuth.authorizationHeader());
        return build(base, request.path("method").asText(), url, headers, body);
    }

    /** A set-up request written out in the stub's metadata. */
    private static HttpRequest described(JsonNode step, URI base) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        step.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        String body = step.has("body") ? JSON.writeValueAsString(step.get("body")) : null;
        if (body != null) {
            headers.putIfAbsent("Content-Type", "application/json");
        }
        headers.put("Authorization", TestAuth.authorizationHeader());
        return build(base, step.path("method").asText(), step.path("url").asText(), headers, body);
    }

    private static HttpRequest build(URI base, String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One provider per distinct set-up, started on first use. */
    private static PaymentProviderServer provider(JsonNode providerEnv) throws IOException {
        Map<String, String> overrides = new TreeMap<>();
        providerEnv.fields().forEachRemaining(e -> overrides.put(e.getKey(), e.getValue().asText()));
        PaymentProviderServer running = providers.get(overrides);
        if (running == null) {
            Path dataDir = Files.createTempDirectory(dataDirs, "provider");
            List<String> keyValues = new ArrayList<>();
            overrides.forEach((k, v) -> {
                keyValues.add(k);
                keyValues.add(v);
            });
            running = Providers.sqlite(dataDir, keyValues.toArray(String[]::new));
            providers.put(overrides, running);
        }
        return running;
    }

    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    private static JsonNode contract(JsonNode stub) {
        return stub.path("metadata").path("contract");
    }

    private static List<JsonNode> stubs() throws IOException {
        return readContract(root -> {
            List<JsonNode> stubs = new ArrayList<>();
            try (Stream<Path> files = Files.list(root.resolve("mappings"))) {
                for (Path file : files.sorted().toList()) {
                    stubs.add(JSON.readTree(Files.readString(file)));
                }
            }
            return stubs;
        });
    }

    private static String stubBody(String fileName) throws IOException {
        return readContract(root -> Files.readString(root.resolve("__files").resolve(fileName)));
    }

    /** Reads {@code contract/} from payment-api's test-jar, or from its directory when the build hands us that. */
    private static <T> T readContract(ContractReader<T> reader) throws IOException {
        URL url = ContractReplayTest.class.getResource("/contract/mappings");
        assertThat(url).as("payment-api's test-jar with contract/mappings on the test classpath").isNotNull();
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return reader.read(jar.getPath("/contract"));
                }
            }
            return reader.read(Path.of(uri).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface ContractReader<T> {
        T read(Path contractRoot) throws IOException;
    }

    static {
        // Fail fast and plainly if the shared stubs cannot be read, rather than with an empty factory.
        try (InputStream probe = ContractReplayTest.class.getResourceAsStream("/contract/mappings/charge-succeeded.json")) {
            if (probe == null) {
                throw new UncheckedIOException(new IOException("contract/mappings/charge-succeeded.json is not on the "
                        + "test classpath: is payment-api's test-jar a test dependency?"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
