package dev.payrail.provider.auth.jwt;

import static dev.payrail.provider.auth.jwt.TokenForge.bearer;
import static dev.payrail.provider.auth.jwt.TokenForge.sign;
import static dev.payrail.provider.auth.jwt.TokenForge.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.payrail.provider.auth.AuthenticationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JWK Set served over HTTP(S) by a real server on loopback, as the Kubernetes API server serves its own. */
class RemoteJwksTest {

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atFixedStart();
    private final ECKey key = TokenForge.ecKey("k1");
    private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
    private volatile String served;
    private HttpServer server;
    private JwtAuthenticator authenticator;

    @AfterEach
    void stop() {
        if (authenticator != null) {
            authenticator.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(JWK... keys) {
        served = new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        authorizationHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] body = served.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String startHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/openid/v1/jwks", this::handle);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/openid/v1/jwks";
    }

    private JwtAuthenticator authenticatorFor(Map<String, String> env) {
        return JwtAuthenticator.create(AuthConfig.fromEnvironment(env), clock);
    }

    @Test
    void fetchesTheJwkSetOnceAndRefreshesItAfterItsTimeToLive() throws Exception {
        serve(key);
        String url = startHttp();
        authenticator = authenticatorFor(Map.of("AUTH_JWKS", url, "AUTH_ISSUER", TokenForge.ISSUER));
        String token = sign(key, validClaims(clock.instant()).build());
        for (int i = 0; i < 10; i++) {
            authenticator.authenticate(bearer(token));
        }
        assertThat(authorizationHeaders).hasSize(1);

        ECKey next = TokenForge.ecKey("k2");
        serve(next);
        clock.advance(RemoteKeySetSource.DEFAULT_TIME_TO_LIVE);
        assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("kid=k1 that verified this token is no longer in the JWK Set");
        assertThatCode(() -> authenticator.authenticate(bearer(sign(next, validClaims(clock.instant()).build()))))
                .doesNotThrowAnyException();
        assertThat(authorizationHeaders).hasSize(2);
    }

    @Test
    void unknownKidTriggersAnEarlyRefreshAtMostOncePerInterval() throws Exception {
        serve(key);
        String url = startHttp();
        authenticator = authenticatorFor(Map.of("AUTH_JWKS", url, "AUTH_ISSUER", TokenForge.ISSUER));
        ECKey next = TokenForge.ecKey("k2");
        serve(key, next);

        assertThatCode(() -> authenticator.authenticate(bearer(sign(next, validClaims(clock.instant()).build()))))
                .as("a key published before the cache expires is found by the unknown-kid refresh")
                .doesNotThrowAnyException();
        int fetches = authorizationHeaders.size();
        for (int i = 0; i < 20; i++) {
            ECKey invented = TokenForge.ecKey("invented-" + i);
            assertThatThrownBy(() -> authenticator.authenticate(bearer(sign(invented,
                    validClaims(clock.instant()).build())))).hasMessageContaining("unknown kid invented-");
        }
        assertThat(authorizationHeaders.size()).as("invented kids are rate limited").isLessThanOrEqualTo(fetches + 1);
    }

    @Test
    void keepsTheLastKeysWhileTheEndpointIsDown() throws Exception {
        serve(key);
        String url = startHttp();
        authenticator = authenticatorFor(Map.of("AUTH_JWKS", url, "AUTH_ISSUER", TokenForge.ISSUER));
        server.stop(0);
        server = null;
        clock.advance(RemoteKeySetSource.DEFAULT_TIME_TO_LIVE);
        assertThatCode(() -> authenticator.authenticate(bearer(sign(key, validClaims(clock.instant()).build()))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesEveryRequestWhenTheJwkSetWasNeverFetched() {
        authenticator = authenticatorFor(Map.of("AUTH_JWKS", "http://127.0.0.1:1/openid/v1/jwks",
                "AUTH_ISSUER", TokenForge.ISSUER));
        assertThatThrownBy(() -> authenticator.authenticate(bearer(sign(key, validClaims(clock.instant()).build()))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("unavailable");
    }

    @Test
    void fetchesOverHttpsTrustingTheGivenCaAndSendingTheBearerTokenFromItsFile() throws Exception {
        serve(key);
        String url = startHttps();
        Path tokenFile = Files.writeString(dir.resolve("token"), "service-account-token-1\n");

        authenticator = authenticatorFor(Map.of(
                "AUTH_JWKS", url,
                "AUTH_ISSUER", TokenForge.ISSUER,
                "AUTH_JWKS_CA_FILE", tls.ca().toString(),
                "AUTH_JWKS_BEARER_TOKEN_FILE", tokenFile.toString()));
        authenticator.authenticate(bearer(sign(key, validClaims(clock.instant()).build())));
        assertThat(authorizationHeaders).containsExactly("Bearer service-account-token-1");

        Files.writeString(tokenFile, "service-account-token-2\n");
        clock.advance(RemoteKeySetSource.DEFAULT_TIME_TO_LIVE);
        authenticator.authenticate(bearer(sign(key, validClaims(clock.instant()).build())));
        assertThat(authorizationHeaders).as("the rotated service-account token is read again")
                .containsExactly("Bearer service-account-token-1", "Bearer service-account-token-2");
    }

    @Test
    void refusesAnHttpsServerThatTheTrustedCasDoNotVouchFor() throws Exception {
        serve(key);
        String url = startHttps();
        HttpsResourceRetriever systemTrust = new HttpsResourceRetriever(Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> systemTrust.retrieveResource(java.net.URI.create(url).toURL()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(authorizationHeaders).isEmpty();
        HttpsResourceRetriever caTrust = new HttpsResourceRetriever(Optional.of(tls.ca()), Optional.empty());
        assertThat(caTrust.retrieveResource(java.net.URI.create(url).toURL()).getContent()).contains("\"k1\"");
    }

    /** A self-signed server certificate for 127.0.0.1, made once per class with the JDK's keytool. */
    private record Tls(Path keystore, Path ca) {
    }

    @TempDir
    static Path tlsDir;
    private static Tls tls;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = tlsDir.resolve("server.p12");
        Path ca = tlsDir.resolve("ca.crt");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", ca.toString());
        tls = new Tls(keystore, ca);
    }

    private String startHttps() throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context));
        https.createContext("/openid/v1/jwks", this::handle);
        https.start();
        server = https;
        return "https://127.0.0.1:" + https.getAddress().getPort() + "/openid/v1/jwks";
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
