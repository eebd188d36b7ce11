package dev.payrail.provider;

import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.provider.auth.jwt.KeyGen;
import dev.payrail.provider.auth.jwt.MintToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code warm-up}: starts the provider on a free loopback port in a throwaway directory, sends it what a fresh
 * pod gets first (readiness, metrics, a customer and a charge with a real JWT), stops it and deletes the
 * directory. The image build runs it under {@code -XX:ArchiveClassesAtExit}, so every class a start and the
 * first requests need goes into the class-data-sharing archive; it has to exit by itself because the image has
 * no shell to stop it with.
 */
final class WarmUp {
    static final String COMMAND = "warm-up";
    private static final String ISSUER = "warm-up";

    private WarmUp() {
    }

    /** Returns 0 when every request got the expected status, 1 otherwise (one line on {@code err}). */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, Path.of(System.getProperty("java.io.tmpdir")), out, err);
    }

    static int run(List<String> args, Path tmp, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println(COMMAND + ": takes no arguments, got " + args);
            return 2;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(tmp, "payrail-warm-up");
        } catch (IOException e) {
            err.println(COMMAND + ": cannot create a temporary directory: " + e.getMessage());
            return 1;
        }
        int status;
        String sqliteTmp = System.getProperty("org.sqlite.tmpdir");
        try {
            // sqlite-jdbc unpacks its native library here, so none is left behind in the image's /tmp.
            System.setProperty("org.sqlite.tmpdir", dir.toString());
            status = exercise(dir, err);
        } catch (IOException | RuntimeException e) {
            err.println(COMMAND + ": " + e);
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
            out.println(COMMAND + ": started, served and stopped the provider");
        }
        return status;
    }

    private static int exercise(Path dir, PrintStream err) throws IOException {
        Path keys = dir.resolve("keys");
        if (KeyGen.run(List.of("--out", keys.toString(), "--kid", ISSUER), quiet(), err, Clock.systemUTC()) != 0) {
            return 1;
        }
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        if (MintToken.run(List.of("--private-key", keys.resolve("private-key.pem").toString(), "--kid", ISSUER,
                "--issuer", ISSUER, "--subject", ISSUER), new PrintStream(token, true, StandardCharsets.UTF_8),
                err, Clock.systemUTC()) != 0) {
            return 1;
        }
        String bearer = "Bearer " + token.toString(StandardCharsets.UTF_8).trim();
        ProviderConfig config = ProviderConfig.fromEnvironment(Map.of(
                "PORT", "0", "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", dir.resolve("data").toString(),
                "AUTH_JWKS", keys.resolve("jwks.json").toString(), "AUTH_ISSUER", ISSUER));
        try (PaymentProviderServer server = PaymentProviderServer.start(config)) {
            URI base = server.baseUri();
            expect(200, "GET", base.resolve("/health/ready"), null, null);
            expect(200, "GET", base.resolve("/health/live"), null, null);
            expect(201, "PUT", base.resolve("/v1/customers/warm-up"), bearer, "{\"currency\":\"EUR\"}");
            expect(201, "POST", base.resolve("/v1/charges"), bearer,
                    "{\"customerId\":\"warm-up\",\"invoiceId\":\"1\",\"amount\":100,\"currency\":\"EUR\"}");
            expect(401, "POST", base.resolve("/v1/charges"), null, "{}");
            expect(200, "GET", base.resolve("/metrics"), null, null);
        }
        return 0;
    }

    private static void expect(int status, String method, URI uri, String authorization, String json)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        if (json != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty(PaymentHeaders.IDEMPOTENCY_KEY, "warm-up-" + method);
            try (OutputStream body = connection.getOutputStream()) {
                body.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int actual = connection.getResponseCode();
        try (InputStream body = actual < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        if (actual != status) {
            throw new IllegalStateException(method + " " + uri + " answered " + actual + ", expected " + status);
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
