package dev.payrail.invoice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.InvoiceAppConfig;
import dev.payrail.invoice.InvoiceAppServer;
import dev.payrail.invoice.TestConfigs;
import dev.payrail.testing.RawHttp;
import dev.payrail.testing.RawHttp.Answer;
import dev.payrail.payment.client.testing.FakePayments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against invoice-app over real sockets (ADMIN_TOKEN set, as in production): odd ids, query values,
 * paths, methods, bodies and heads, plus seeded random paths. For every input: never a 5xx, no injected header
 * reflected, and a refused request changes nothing in the database (invoices by status, attempts, payment runs).
 */
class InvoiceAppFuzzTest {
    private static final String TOKEN = "fuzz-admin-token-0123456789";
    private static final int GENERATED = Integer.getInteger("fuzz.generated", 200);

    @TempDir
    static Path dataDir;
    static InvoiceAppServer server;
    static RawHttp http;
    static Connection database;
    static final Map<Integer, Integer> STATUSES = new TreeMap<>();
    static int tried;

    @BeforeAll
    static void start() throws SQLException {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("SEED_CUSTOMERS", "5");
        env.put("SEED_INVOICES_PER_CUSTOMER", "4");
        env.put("ADMIN_TOKEN", TOKEN);
        server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env), new FakePayments());
        http = new RawHttp(server.baseUri());
        database = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("invoice-app.db"));
    }

    @AfterAll
    static void stop() throws SQLException {
        database.close();
        server.close();
        System.out.println("invoice-app fuzz: " + tried + " inputs, answers by status " + STATUSES
                + " (-1 = connection closed without an answer)");
    }

    record Input(String name, byte[] head, byte[] body) {
    }

    private static Input get(String target, String... extra) {
        List<String> headers = new ArrayList<>(List.of("Host: localhost", "Connection: close"));
        headers.addAll(List.of(extra));
        return new Input("GET " + abbreviate(target), RawHttp.head("GET", target, headers.toArray(String[]::new)),
                new byte[0]);
    }

    private static Input request(String method, String target, String body, String... extra) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> headers = new ArrayList<>(List.of("Host: localhost", "Connection: close",
                "Content-Length: " + bytes.length));
        headers.addAll(List.of(extra));
        return new Input(method + " " + abbreviate(target) + " [" + abbreviate(String.join("; ", extra)) + "] "
                + abbreviate(body), RawHttp.head(method, target, headers.toArray(String[]::new)), bytes);
    }

    static List<Input> corpus() {
        List<Input> inputs = new ArrayList<>();
        String[] ids = {"abc", "-1", "0", "99999999999999999999", "9223372036854775807", "1.5", "1e3", "%20", "%00",
            "%F0%9F%92%B3", "%C3%28", "1%0D%0AX-Injected:%201", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "x".repeat(5_000),
            "1;drop%20table%20invoices", "%E2%80%AE1", "0x1", "+1", "%EF%BC%91"};
        for (String id : ids) {
            inputs.add(get("/rest/v1/invoices/" + id));
            inputs.add(get("/rest/v1/invoices/" + id + "/attempts"));
            inputs.add(get("/rest/v1/customers/" + id));
            inputs.add(get("/rest/v1/payment-runs/" + id));
            inputs.add(get("/rest/v1/payment-runs/run_" + id));
            inputs.add(get("/rest/v1/invoices?status=" + id));
            inputs.add(get("/rest/v1/invoices?limit=" + id));
            inputs.add(get("/rest/v1/invoices?limit=5&after=" + id));
        }
        inputs.add(get("/rest/v1/invoices?status=PENDING&status=PAID"));
        inputs.add(get("/rest/v1/invoices?limit=0"));
        inputs.add(get("/rest/v1/invoices?limit=1000000000"));
        inputs.add(get("/rest/v1/invoices?" + "a=1&".repeat(5_000)));
        inputs.add(get("/rest/v1/invoices", "X-Big: " + "a".repeat(1 << 20)));
        inputs.add(get("/rest/v1/invoices", java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> "X-Pad-" + i + ": " + i).toArray(String[]::new)));
        inputs.add(get("/rest/v1/invoices", "Accept: application/xml"));
        inputs.add(get("/rest/v1/invoices", "Accept: */*; q=abc"));
        inputs.add(get("/rest/v1/invoices", "Request-Id: x\r\nX-Injected: 1"));
        inputs.add(get("/rest/v1/invoices", "Request-Id: " + "r".repeat(10_000)));
        inputs.add(get("/rest/v1/invoices", "Request-Id: \u00e9\u00ff"));
        inputs.add(get("//rest//v1//invoices"));
        for (String raw : List.of("a<b", "a>b", "a|b", "{id}", "a\"b", "a\\b", "a^b", "a`b", "a[b]", "%zz", "%")) {
            inputs.add(get("/rest/v1/invoices/" + raw));
            inputs.add(get("/rest/v1/invoices?status=" + raw));
            inputs.add(request("POST", "/rest/v1/payment-runs/" + raw, "{}", "Authorization: Bearer " + TOKEN));
        }
        inputs.add(get("/rest/v1/../v1/invoices"));
        // Mutating endpoints: every one refused without the operator's token, whatever else is wrong.
        for (String path : List.of("/rest/v1/payment-runs", "/rest/v1/invoices/pay", "/rest/v1/payment-runs?wait=x",
                "/rest/v1/invoices/1", "/rest/v1/customers")) {
            for (String auth : new String[] {null, "Bearer ", "Bearer " + TOKEN.toUpperCase(),
                "Bearer wrong\r\nX-Injected: 1", "Bearer " + "t".repeat(70_000), "Bearer \u00e9" + TOKEN}) {
                String[] extra = auth == null ? new String[0] : new String[] {"Authorization: " + auth};
                inputs.add(request("POST", path, "{}", extra));
            }
            inputs.add(request("POST", path, "[".repeat(50_000), "Content-Type: application/json"));
            inputs.add(request("POST", path, "x".repeat(2 << 20), "Content-Type: application/json"));
        }
        // With the token, bad parameters and odd methods are still refused.
        String auth = "Authorization: Bearer " + TOKEN;
        inputs.add(request("POST", "/rest/v1/payment-runs?wait=maybe", "", auth));
        inputs.add(request("POST", "/rest/v1/payment-runs?wait=%00", "", auth));
        inputs.add(request("POST", "/rest/v1/invoices/%00", "", auth));
        for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE", "FOO")) {
            inputs.add(request(method, "/rest/v1/invoices/1", "{\"status\":\"PAID\"}", auth,
                    "Content-Type: application/json"));
            inputs.add(request(method, "/rest/v1/payment-runs", "{}", auth, "Content-Type: application/json"));
        }
        inputs.add(new Input("garbage request line", "\u0000\u0001 /// HTTP/1.1\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), new byte[0]));
        inputs.add(new Input("invalid UTF-8 in the path", concat("GET /rest/v1/invoices/".getBytes(
                StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, " HTTP/1.1\r\nHost: x\r\n"
                .getBytes(StandardCharsets.US_ASCII), "Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                new byte[0]));
        inputs.add(new Input("request line of 100 KiB", ("GET /rest/v1/invoices?x=" + "a".repeat(100_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]));
        return inputs;
    }

    @Test
    void hostileCorpusNeverAnswers5xxAndRefusalsChangeNothing() {
        List<String> violations = new ArrayList<>();
        for (Input input : corpus()) {
            check(input, violations);
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void randomPathsNeverAnswer5xx() {
        Random random = new Random(20261121L);
        List<String> roots = List.of("/rest/v1/invoices/", "/rest/v1/customers/", "/rest/v1/payment-runs/",
                "/rest/v1/invoices?status=", "/rest/v1/invoices?limit=3&after=");
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            StringBuilder tail = new StringBuilder();
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                int b = random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(0x21, 0x7F);
                // Characters RFC 3986 forbids (<>{}[]|\^`" and a stray %) go raw; what would change the request's
                // structure (#?&/, space, control and non-ASCII bytes) is percent-encoded.
                tail.append(b < 0x21 || b > 0x7E || "#?&/".indexOf(b) >= 0
                        ? String.format("%%%02X", b) : Character.toString(b));
            }
            check(get(roots.get(random.nextInt(roots.size())) + tail), violations);
        }
        assertThat(violations).isEmpty();
    }

    private static void check(Input input, List<String> violations) {
        long[] before = state();
        Answer answer = http.send(input.head(), input.body());
        long[] after = state();
        tried++;
        STATUSES.merge(answer.status(), 1, Integer::sum);
        String what = input.name() + " -> " + answer.status() + " " + abbreviate(answer.body());
        if (answer.status() >= 500) {
            violations.add(what + ": a 5xx");
        }
        if (answer.headers().containsKey("x-injected")) {
            violations.add(what + ": the injected header came back");
        }
        if ((answer.status() < 200 || answer.status() >= 300) && !java.util.Arrays.equals(before, after)) {
            violations.add(what + ": a refused request changed the database");
        }
    }

    /** Invoices by status, attempts and payment runs, read from invoice-app's SQLite file. */
    private static long[] state() {
        try (Statement statement = database.createStatement();
                ResultSet rows = statement.executeQuery("SELECT"
                        + " (SELECT COUNT(*) FROM invoices WHERE status = 'PENDING'),"
                        + " (SELECT COUNT(*) FROM invoices WHERE status = 'PAID'),"
                        + " (SELECT COUNT(*) FROM payment_attempts), (SELECT COUNT(*) FROM payment_runs)")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)};
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read invoice-app's database", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "…(" + oneLine.length() + ")";
    }
}
