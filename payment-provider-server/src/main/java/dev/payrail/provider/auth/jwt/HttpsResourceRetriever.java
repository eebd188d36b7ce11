package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fetches a JWK Set with the JDK's HTTP client: optionally trusting only a given CA bundle and sending a bearer
 * token read from a file on every fetch (a Kubernetes service-account token is rotated by the kubelet). Redirects
 * are not followed, so the token never travels to another host; bodies are capped.
 */
final class HttpsResourceRetriever implements ResourceRetriever {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final HttpClient client;
    private final Optional<Path> bearerTokenFile;

    HttpsResourceRetriever(Optional<Path> caFile, Optional<Path> bearerTokenFile) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        caFile.ifPresent(file -> builder.sslContext(trusting(file)));
        this.client = builder.build();
        this.bearerTokenFile = bearerTokenFile;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(url.toURI()).timeout(TIMEOUT).header("Accept", "application/json").GET();
        } catch (URISyntaxException e) {
            throw new IOException("invalid JWK Set URL " + url, e);
        }
        if (bearerTokenFile.isPresent()) {
            String token = Files.readString(bearerTokenFile.get(), StandardCharsets.UTF_8).trim();
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("GET " + url + " answered more than " + MAX_BODY_BYTES + " bytes");
            }
            return new Resource(new String(bytes, StandardCharsets.UTF_8),
                    response.headers().firstValue("Content-Type").orElse(null));
        }
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new AuthConfigException("AUTH_JWKS_CA_FILE=" + caFile + " holds no PEM certificate");
            }
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trustStore.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new AuthConfigException("AUTH_JWKS_CA_FILE=" + caFile + " is not a PEM certificate bundle: "
                    + FileKeySetSource.oneLine(e));
        }
    }
}
