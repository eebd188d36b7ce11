package dev.payrail.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server built by {@link HttpServers} answers an HTTP/2 upgrade offer as if it had not been made. */
class IgnoreUpgradeOffersTest {
    private static HttpServer server;
    private static URI base;

    @Path("/")
    public static final class Echo {
        @GET
        @Path("hello")
        @Produces(MediaType.APPLICATION_JSON)
        public String hello() {
            return "{\"hello\":\"world\"}";
        }

        @POST
        @Path("echo")
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public String echo(String body) {
            return "{\"received\":" + body + "}";
        }
    }

    @BeforeAll
    static void start() throws IOException {
        server = HttpServers.create(URI.create("http://127.0.0.1:0/"), new ResourceConfig().register(Echo.class),
                new ObjectMapper());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getListener("grizzly").getPort());
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    @Test
    void defaultJdkClientGetsTheSameAnswerAsAnHttp11Client() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(base.resolve("/hello")).timeout(Duration.ofSeconds(5)).build();
        HttpRequest post = HttpRequest.newBuilder(base.resolve("/echo")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"I1\"}")).build();
        HttpRequest missing = HttpRequest.newBuilder(base.resolve("/nothing-here")).timeout(Duration.ofSeconds(5))
                .build();
        for (HttpRequest request : new HttpRequest[] {get, post, missing, get}) {
            HttpResponse<String> offered = send(HttpClient.Version.HTTP_2, request);
            HttpResponse<String> plain = send(HttpClient.Version.HTTP_1_1, request);
            assertThat(offered.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(offered.statusCode()).isEqualTo(plain.statusCode());
            assertThat(offered.body()).isEqualTo(plain.body());
            assertThat(offered.headers().firstValue("content-type"))
                    .isEqualTo(plain.headers().firstValue("content-type"));
            assertThat(offered.headers().firstValue("content-length"))
                    .isEqualTo(plain.headers().firstValue("content-length"));
        }
    }

    @Test
    void upgradeOfferWithABodyIsAnsweredAndTheConnectionKeptForTheNextRequest() throws Exception {
        String body = "{\"id\":\"I2\"}";
        String offer = "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        String next = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((offer + next).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String first = readResponse(socket.getInputStream());
            String second = readResponse(socket.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: application/json")
                    .doesNotContain("101").endsWith("{\"received\":{\"id\":\"I2\"}}");
            assertThat(second).startsWith("HTTP/1.1 200").endsWith("{\"hello\":\"world\"}");
        }
    }

    private static HttpResponse<String> send(HttpClient.Version version, HttpRequest request) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One response with a Content-Length body, read byte by byte so the next one stays in the stream. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
