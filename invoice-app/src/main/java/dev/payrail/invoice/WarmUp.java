package dev.payrail.invoice;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code warm-up}: starts the service on a free loopback port in a throwaway directory (demo data seeded, a JWT
 * key of its own, a payment provider that is not there), sends it what a fresh pod gets first (readiness, the
 * invoice and customer lists, a 404, metrics), stops it and deletes the directory. The image build runs it under
 * {@code -XX:ArchiveClassesAtExit}, so the classes a start and the first requests need go into the
 * class-data-sharing archive; it has to exit by itself because the image has no shell to stop it with.
 */
final class WarmUp {
    static final String COMMAND = "warm-up";

    private WarmUp() {
    }

    /** Returns 0 when every request got the expected status, 1 otherwise (one line on {@code err}). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Path.of(System.getProperty("java.io.tmpdir")), out, err);
    }

    static int run(String[] args, Path tmp, PrintStream out, PrintStream err) {
        if (args.length != 0) {
            err.println(COMMAND + ": takes no arguments, got " + String.join(" ", args));
            return 2;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(tmp, "payrail-warm-up");
        } catch (IOException e) {
            err.println(COMMAND + ": cannot create a temporary directory in " + tmp + ": " + e.getMessage());
            return 1;
        }
        int status;
        String sqliteTmp = System.getProperty("org.sqlite.tmpdir");
        try {
            // sqlite-jdbc unpacks its native library here, so none is left behind in the image's /tmp.
            System.setProperty("org.sqlite.tmpdir", dir.toString());
            exercise(dir);
            status = 0;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println(COMMAND + ": " + e);
            status = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(COMMAND + ": interrupted");
            status = 1;
        } finally {
            if (sqliteTmp == null) {
                System.clearProperty("org.sqlite.tmpdir");
            } else {
                System.setProperty("org.sqlite.tmpdir", sqliteTmp);
            }
        }
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            err.println(COMMAND + ": cannot delete " + dir + ": " + e);
            return 1;
        }
        if (status == 0) {
            out.println(COMMAND + ": started, served and stopped invoice-app");
        }
        return status;
    }

    private static void exercise(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Path key = dir.resolve("private-key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        InvoiceAppConfig config = InvoiceAppConfig.fromEnvironment(Map.of(
                "PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dir.resolve("data").toString(),
                // Nothing listens on port 1: readiness reports the provider DOWN at once.
                "PAYMENT_PROVIDER_ENDPOINT", "http://127.0.0.1:1",
                "AUTH_PRIVATE_KEY_FILE", key.toString(), "AUTH_KEY_ID", COMMAND));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (InvoiceAppServer server = InvoiceAppServer.start(config)) {
            URI base = server.baseUri();
            expect(http, 200, base.resolve("/health/ready"));
            expect(http, 200, base.resolve("/health/live"));
            expect(http, 200, base.resolve("/rest/health"));
            expect(http, 200, base.resolve("/rest/v1/invoices"));
            expect(http, 200, base.resolve("/rest/v1/invoices/1"));
            expect(http, 404, base.resolve("/rest/v1/invoices/999999999"));
            expect(http, 200, base.resolve("/rest/v1/customers"));
            expect(http, 200, base.resolve("/metrics"));
        }
    }

    private static void expect(HttpClient http, int status, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ", expected "
                    + status);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
