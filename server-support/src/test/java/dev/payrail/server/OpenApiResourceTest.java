package dev.payrail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** payment-api's generated document, served over real HTTP on loopback. */
class OpenApiResourceTest {
    private static final String PAYMENT_API = "META-INF/openapi/openapi";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build(); // JDK default offers an h2c upgrade, which Grizzly here does not speak
    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void start() throws IOException {
        ResourceConfig app = new ResourceConfig()
                .register(OpenApiResource.fromClassPath(OpenApiResourceTest.class.getClassLoader(), PAYMENT_API));
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app, false);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    @Test
    void servesTheJsonDocumentAsItIsOnTheClassPath() throws Exception {
        HttpResponse<byte[]> response = get("/openapi.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(classPath(PAYMENT_API + ".json"));
    }

    @Test
    void servesTheYamlDocumentAsApplicationYaml() throws Exception {
        HttpResponse<byte[]> response = get("/openapi.yaml", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/yaml");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("openapi: 3.");
        assertThat(response.body()).isEqualTo(classPath(PAYMENT_API + ".yaml"));
    }

    @Test
    void answersNotModifiedToTheSameEntityTag() throws Exception {
        String tag = get("/openapi.json", null).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get("/openapi.json", tag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/openapi.yaml", tag).statusCode()).as("the YAML form has its own tag").isEqualTo(200);
    }

    @Test
    void refusesToBeWiredWithoutItsDocument() {
        assertThatThrownBy(() -> OpenApiResource.fromClassPath(getClass().getClassLoader(), "META-INF/none/openapi"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OpenAPI document META-INF/none/openapi.json is not on the class path");
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] classPath(String name) throws IOException {
        try (InputStream in = OpenApiResourceTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
