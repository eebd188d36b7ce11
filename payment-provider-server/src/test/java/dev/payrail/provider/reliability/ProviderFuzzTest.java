package dev.payrail.provider.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import dev.payrail.testing.RawHttp;
import dev.payrail.testing.RawHttp.Answer;
import dev.payrail.provider.support.LedgerRows;
import dev.payrail.provider.support.Providers;
import dev.payrail.provider.support.TestAuth;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against the real provider over real sockets: a fixed corpus (deep and huge JSON, wrong types,
 * unicode and control characters in ids, CR/LF header injection, oversized heads, invalid UTF-8, lying lengths)
 * and seeded random mutations of a valid charge. For every input: never a 5xx, and a refused request leaves the
 * ledger (charges, customers, idempotency keys in the SQLite file) exactly as it was.
 */
class ProviderFuzzTest {
    private static final String VALID = "{\"customerId\":\"17\",\"invoiceId\":\"42\",\"amount\":18404,\"currency\":\"USD\"}";
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final int GENERATED = Integer.getInteger("fuzz.generated", 200);
    private static final AtomicInteger KEYS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static PaymentProviderServer server;
    static RawHttp http;
    static final Map<Integer, Integer> STATUSES = new TreeMap<>();
    static int tried;
    static Connection ledger;

    @BeforeAll
    static void start() {
        server = Providers.sqlite(dataDir, "SUCCESS_RATE", "1.0");
        http = new RawHttp(server.baseUri());
    }

    @AfterAll
    static void stop() throws SQLException {
        if (ledger != null) {
            ledger.close();
        }
        server.close();
        System.out.println("provider fuzz: " + tried + " inputs, answers by status " + STATUSES
                + " (-1 = connection closed without an answer)");
    }

    @Test
    void hostileCorpusNeverAnswers5xxAndRefusalsStoreNothing() {
        List<String> violations = new ArrayList<>();
        for (Input input : corpus()) {
            check(input, violations);
        }
        assertThat(violations).isEmpty();
        assertStillServing();
    }

    @Test
    void randomMutationsOfAValidChargeNeverAnswer5xxAndRefusalsStoreNothing() {
        Random random = new Random(SEED);
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            check(mutation(random, i), violations);
        }
        assertThat(violations).isEmpty();
        assertStillServing();
    }

    /** Every input is tried; each broken rule is collected, so one run shows them all. */
    private static void check(Input input, List<String> violations) {
        try {
            exercise(input);
        } catch (AssertionError e) {
            violations.add(e.getMessage().replace('\n', ' '));
        }
    }

    /** One request: sent raw, its answer and the ledger before and after compared. */
    private static void exercise(Input input) {
        long[] before = ledger();
        Answer answer = http.send(input.head(), input.body());
        long[] after = ledger();
        synchronized (STATUSES) {
            tried++;
            STATUSES.merge(answer.status(), 1, Integer::sum);
        }
        String what = input.name() + " -> " + answer.status() + " " + abbreviate(answer.body());
        if (answer.status() != 505 || !input.name().equals("garbage request line")) {
            // 505 is the HTTP server's correct answer to "HTTP/9.9"; any other 5xx is a failure.
            assertThat(answer.status()).as(what).isLessThan(500);
        }
        assertThat(answer.headers()).as(what + ": an injected header came back").doesNotContainKey("x-injected");
        if (answer.status() < 200 || answer.status() >= 300) {
            assertThat(after).as(what + ": a refused request changed the ledger (charges, customers, keys)")
                    .containsExactly(before);
        } else if (!input.mayStore()) {
            assertThat(after).as(what + ": accepted, and changed the ledger").containsExactly(before);
        }
        if (answer.status() >= 400 && input.target().startsWith("/v1/") && answer.header("content-type") != null
                && !answer.body().isEmpty()) {
            assertThat(answer.header("content-type")).as(what).startsWith("application/problem+json");
        }
    }

    private static void assertStillServing() {
        Answer health = http.send(RawHttp.head("GET", "/health/ready", "Host: localhost", "Connection: close"),
                new byte[0]);
        assertThat(health.status()).isEqualTo(200);
        Answer charge = http.send(chargeHead("fuzz-after-" + KEYS.incrementAndGet(), VALID.length()),
                VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(charge.status()).as(charge.body()).isEqualTo(201);
    }

    // --- the corpus -------------------------------------------------------------------------------------------

    record Input(String name, String target, byte[] head, byte[] body, boolean mayStore) {
    }

    private static String key() {
        return "fuzz-" + KEYS.incrementAndGet();
    }

    private static byte[] chargeHead(String key, int length, String... extra) {
        List<String> headers = new ArrayList<>(List.of("Host: localhost", "Connection: close",
                "Authorization: " + TestAuth.authorizationHeader(), "Content-Type: application/json",
                "Idempotency-Key: " + key, "Content-Length: " + length));
        headers.addAll(List.of(extra));
        return RawHttp.head("POST", "/v1/charges", headers.toArray(String[]::new));
    }

    private static Input charge(String name, String body, boolean mayStore) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Input(name, "/v1/charges", chargeHead(key(), bytes.length), bytes, mayStore);
    }

    private static Input chargeBytes(String name, byte[] bytes) {
        return new Input(name, "/v1/charges", chargeHead(key(), bytes.length), bytes, false);
    }

    private static Input raw(String name, String target, String head, byte[] body, boolean mayStore) {
        return new Input(name, target, head.getBytes(StandardCharsets.ISO_8859_1), body, mayStore);
    }

    private static String withField(String field, String json) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of(
                "customerId", "\"17\"", "invoiceId", "\"42\"", "amount", "18404", "currency", "\"USD\""));
        fields.put(field, json);
        StringBuilder body = new StringBuilder("{");
        fields.forEach((name, value) -> body.append(body.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value));
        return body.append('}').toString();
    }

    static List<Input> corpus() {
        List<Input> inputs = new ArrayList<>();
        // Structure.
        inputs.add(charge("deeply nested arrays", "[".repeat(50_000) + "]".repeat(50_000), false));
        inputs.add(charge("deeply nested objects", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000), false));
        inputs.add(charge("nested value in a field", withField("customerId", "{\"a\":".repeat(5_000) + "1"
                + "}".repeat(5_000)), false));
        inputs.add(charge("huge body (2 MiB string)", withField("customerId", "\"" + "x".repeat(2 << 20) + "\""),
                false));
        inputs.add(charge("20,000 unknown fields", "{" + java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> "\"f" + i + "\":1,").collect(java.util.stream.Collectors.joining())
                + "\"amount\":1}", false));
        inputs.add(charge("duplicate keys", VALID.replace("}", ",\"amount\":1,\"amount\":-5}"), false));
        inputs.add(charge("empty body", "", false));
        inputs.add(charge("whitespace body", " \n\t ", false));
        inputs.add(charge("truncated", VALID.substring(0, VALID.length() / 2), false));
        inputs.add(charge("trailing garbage", VALID + "\u0000\u0000", false));
        inputs.add(charge("JSON with comments", "/*x*/" + VALID, false));
        inputs.add(charge("single quotes", VALID.replace('"', '\''), false));
        inputs.add(charge("NaN amount", withField("amount", "NaN"), false));
        inputs.add(charge("Infinity amount", withField("amount", "Infinity"), false));
        // Wrong types and out-of-range values, field by field.
        String[] hostileValues = {"null", "true", "[]", "{}", "[1,2]", "1e400", "-1", "0", "9223372036854775808",
            "-9223372036854775809", "1.5", "\"\"", "\"   \"", "\"1\"", "123", "0x10", "\"\\u0000\"",
            "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"💳💳💳\"", "\"‮RTL\"", "\"a\u200bb\"", "\"<script>\"",
            "\"'; DROP TABLE charges; --\"", "\"../../etc/passwd\"", "\"%00\"", "\"\\r\\nX-Injected: 1\"",
            "\"" + "9".repeat(300) + "\"", "\"usd\"", "\"US\"", "\"USDD\"", "\"XXX\"", "\"ÜSD\""};
        for (String field : List.of("customerId", "invoiceId", "amount", "currency")) {
            for (String value : hostileValues) {
                // Printable, short, non-blank ids are legitimate; everything else must be refused.
                boolean mayStore = field.equals("amount") && value.equals("123")
                        || (field.equals("customerId") || field.equals("invoiceId"))
                        && value.startsWith("\"") && !value.contains("\\u") && !value.contains("\\r")
                        && !value.isBlank() && value.length() <= 66 && !value.equals("\"\"")
                        && !value.equals("\"   \"");
                inputs.add(charge(field + " = " + abbreviate(value), withField(field, value), mayStore));
            }
            inputs.add(charge(field + " missing", VALID.replaceAll("\"" + field + "\":[^,}]*,?", ""), false));
        }
        // Encodings.
        inputs.add(chargeBytes("invalid UTF-8 in a string", concat(
                "{\"customerId\":\"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, 0x28,
                    (byte) 0xFF, (byte) 0xFE}, "\",\"invoiceId\":\"42\",\"amount\":1,\"currency\":\"USD\"}"
                        .getBytes(StandardCharsets.US_ASCII))));
        inputs.add(chargeBytes("overlong UTF-8 slash", concat("{\"customerId\":\"".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}".getBytes(StandardCharsets.US_ASCII))));
        // JSON parsers may detect UTF-16 from its byte order mark (RFC 8259 section 8.1): the same charge, decoded.
        byte[] utf16 = VALID.getBytes(StandardCharsets.UTF_16);
        inputs.add(new Input("UTF-16 body", "/v1/charges", chargeHead(key(), utf16.length), utf16, true));
        inputs.add(chargeBytes("random binary", new Random(SEED).ints(4096, 0, 256)
                .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> { }).toByteArray()));
        // Heads: injection, size, lies. A CR/LF smuggled into a header value reaches the server as separate header
        // lines, i.e. a well-formed charge (the injection happens in the client that built it); what must not happen
        // is the injected header coming back in the answer. Two Idempotency-Key headers are refused (400).
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        String auth = "Authorization: " + TestAuth.authorizationHeader();
        inputs.add(raw("CR/LF in Idempotency-Key", "/v1/charges", new String(chargeHead("k1\r\nX-Injected: 1",
                valid.length), StandardCharsets.ISO_8859_1), valid, true));
        inputs.add(raw("bare LF in Idempotency-Key", "/v1/charges", new String(chargeHead("k2\nX-Injected: 1",
                valid.length), StandardCharsets.ISO_8859_1), valid, true));
        inputs.add(raw("NUL in Idempotency-Key", "/v1/charges", new String(chargeHead("k3\u0000x", valid.length),
                StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Idempotency-Key of 256 chars", "/v1/charges", new String(chargeHead("k".repeat(256),
                valid.length), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Idempotency-Key of 100 KiB", "/v1/charges", new String(chargeHead("k".repeat(100_000),
                valid.length), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Idempotency-Key with Latin-1 bytes", "/v1/charges", new String(chargeHead("clé-ü",
                valid.length), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("two Idempotency-Keys", "/v1/charges", new String(chargeHead(key(), valid.length,
                "Idempotency-Key: " + key()), StandardCharsets.ISO_8859_1), valid, false));
        String twice = key();
        inputs.add(raw("the same Idempotency-Key twice", "/v1/charges", new String(chargeHead(twice, valid.length,
                "Idempotency-Key: " + twice), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Content-Length 1000, 10 bytes sent", "/v1/charges", new String(chargeHead(key(), 1000),
                StandardCharsets.ISO_8859_1), java.util.Arrays.copyOf(valid, 10), false));
        inputs.add(raw("empty Idempotency-Key", "/v1/charges", new String(chargeHead("", valid.length),
                StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("2,000 headers", "/v1/charges", new String(chargeHead(key(), valid.length,
                java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> "X-Pad-" + i + ": " + i)
                        .toArray(String[]::new)), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("1 MiB header", "/v1/charges", new String(chargeHead(key(), valid.length,
                "X-Big: " + "a".repeat(1 << 20)), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("CR/LF in Authorization", "/v1/charges", new String(RawHttp.head("POST", "/v1/charges",
                "Host: localhost", "Connection: close", auth + "\r\nX-Injected: 1", "Content-Type: application/json",
                "Idempotency-Key: " + key(), "Content-Length: " + valid.length), StandardCharsets.ISO_8859_1),
                valid, true));
        inputs.add(raw("Authorization of 64 KiB", "/v1/charges", new String(RawHttp.head("POST", "/v1/charges",
                "Host: localhost", "Connection: close", "Authorization: Bearer " + "a".repeat(65_536),
                "Content-Type: application/json", "Idempotency-Key: " + key(), "Content-Length: " + valid.length),
                StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("no Authorization", "/v1/charges", new String(RawHttp.head("POST", "/v1/charges",
                "Host: localhost", "Connection: close", "Content-Type: application/json", "Idempotency-Key: " + key(),
                "Content-Length: " + valid.length), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Content-Length shorter than the body", "/v1/charges", new String(chargeHead(key(), 10),
                StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Content-Length longer than the body", "/v1/charges", new String(chargeHead(key(),
                valid.length + 100), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("negative Content-Length", "/v1/charges", new String(chargeHead(key(), -1),
                StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("Content-Length and chunked", "/v1/charges", new String(chargeHead(key(), valid.length,
                "Transfer-Encoding: chunked"), StandardCharsets.ISO_8859_1), valid, false));
        inputs.add(raw("malformed chunked body", "/v1/charges", new String(RawHttp.head("POST", "/v1/charges",
                "Host: localhost", "Connection: close", auth, "Content-Type: application/json",
                "Idempotency-Key: " + key(), "Transfer-Encoding: chunked"), StandardCharsets.ISO_8859_1),
                "zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false));
        inputs.add(raw("chunked body of 1 MiB", "/v1/charges", new String(RawHttp.head("POST", "/v1/charges",
                "Host: localhost", "Connection: close", auth, "Content-Type: application/json",
                "Idempotency-Key: " + key(), "Transfer-Encoding: chunked"), StandardCharsets.ISO_8859_1),
                chunked("{\"customerId\":\"" + "x".repeat(1 << 20) + "\"}"), false));
        inputs.add(raw("wrong Content-Type", "/v1/charges", new String(chargeHead(key(), valid.length,
                "Content-Type: text/plain"), StandardCharsets.ISO_8859_1).replaceFirst(
                "Content-Type: application/json\r\n", ""), valid, false));
        inputs.add(raw("charset=UTF-16 with a UTF-8 body", "/v1/charges", new String(chargeHead(key(), valid.length),
                StandardCharsets.ISO_8859_1).replace("application/json", "application/json; charset=UTF-16"),
                valid, true));
        // Paths, methods and the other endpoints.
        for (String target : List.of("/v1/charges/%00", "/v1/charges/..%2F..%2Fetc%2Fpasswd",
                "/v1/charges/" + "a".repeat(10_000), "/v1/charges/%F0%9F%92%B3", "/v1/charges/%C3%28",
                "/v1/charges?idempotencyKey=%0D%0AX-Injected:%201", "/v1/charges?idempotencyKey=" + "k".repeat(300),
                "/v1/charges?idempotencyKey=", "/v1/charges?idempotencyKey=%FF", "/v1/customers/%00",
                "/v1/customers/" + "c".repeat(5_000), "/v1/customers/%E2%80%AE", "/v1/../health/live",
                "//v1//charges", "/v1/charges?limit=-1&after=%00",
                // Characters RFC 3986 forbids, sent raw, and a broken escape: refused before Jersey parses them.
                "/v1/charges/a<b", "/v1/charges/a>b", "/v1/charges/a|b", "/v1/charges/{id}", "/v1/charges/a\"b",
                "/v1/charges/a\\b", "/v1/charges/a^b", "/v1/charges/a`b", "/v1/charges/a[b]", "/v1/charges/%zz",
                "/v1/charges/%", "/v1/charges?idempotencyKey=<k>", "/v1/charges?idempotencyKey=a&idempotencyKey=b",
                "/health/live|", "/v1/customers/a{b}")) {
            inputs.add(raw("GET " + abbreviate(target), target, new String(RawHttp.head("GET", target,
                    "Host: localhost", "Connection: close", auth), StandardCharsets.ISO_8859_1), new byte[0], false));
        }
        for (String method : List.of("DELETE", "PATCH", "TRACE", "OPTIONS", "FOO", "PUT")) {
            inputs.add(raw(method + " /v1/charges", "/v1/charges", new String(chargeHead(key(), valid.length),
                    StandardCharsets.ISO_8859_1).replaceFirst("POST", method), valid, false));
        }
        for (String body : List.of("{\"currency\":\"usd\"}", "{\"currency\":null}", "{}", "[]",
                "{\"currency\":\"EUR\",\"currency\":\"USD\"}", "{\"currency\":" + "[".repeat(10_000) + "}",
                "{\"currency\":\"\\u0000SD\"}", "not json")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String customer = "/v1/customers/fuzz-" + KEYS.incrementAndGet();
            inputs.add(raw("PUT customer " + abbreviate(body), customer, new String(RawHttp.head("PUT", customer,
                    "Host: localhost", "Connection: close", auth, "Content-Type: application/json",
                    "Content-Length: " + bytes.length), StandardCharsets.ISO_8859_1), bytes, false));
        }
        for (String id : List.of("%0D%0AX-Injected:%201", "%00", "%F0%9F%92%B3", "a%2Fb", "c".repeat(65))) {
            byte[] bytes = "{\"currency\":\"USD\"}".getBytes(StandardCharsets.UTF_8);
            String customer = "/v1/customers/" + id;
            boolean mayStore = id.equals("%F0%9F%92%B3");
            inputs.add(raw("PUT customer id " + abbreviate(id), customer, new String(RawHttp.head("PUT", customer,
                    "Host: localhost", "Connection: close", auth, "Content-Type: application/json",
                    "Content-Length: " + bytes.length), StandardCharsets.ISO_8859_1), bytes, mayStore));
        }
        inputs.add(raw("request line of 100 KiB", "/v1/charges", "GET /v1/charges?x=" + "a".repeat(100_000)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0], false));
        inputs.add(raw("HTTP/0.9 style request", "/v1/charges", "GET /v1/charges\r\n\r\n", new byte[0], false));
        inputs.add(raw("garbage request line", "/", "\u0000\u0001\u0002 /// HTTP/9.9\r\n\r\n", new byte[0], false));
        return inputs;
    }

    /** A valid charge with one random change: a byte flipped, cut, repeated or a field replaced. */
    static Input mutation(Random random, int i) {
        byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
        String name;
        switch (random.nextInt(5)) {
            case 0 -> {
                int at = random.nextInt(body.length);
                body[at] = (byte) random.nextInt(256);
                name = "byte " + at + " set to " + (body[at] & 0xFF);
            }
            case 1 -> {
                int cut = random.nextInt(body.length);
                body = java.util.Arrays.copyOf(body, cut);
                name = "cut at " + cut;
            }
            case 2 -> {
                int at = random.nextInt(body.length);
                int times = 1 + random.nextInt(5_000);
                byte[] grown = new byte[body.length + times];
                System.arraycopy(body, 0, grown, 0, at);
                java.util.Arrays.fill(grown, at, at + times, body[at]);
                System.arraycopy(body, at, grown, at + times, body.length - at);
                body = grown;
                name = "byte " + at + " repeated " + times + " times";
            }
            case 3 -> {
                String field = List.of("customerId", "invoiceId", "amount", "currency").get(random.nextInt(4));
                StringBuilder value = new StringBuilder("\"");
                int length = random.nextInt(80);
                for (int c = 0; c < length; c++) {
                    value.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20, 0x2FFF)
                            : random.nextInt(0x20, 0x7F));
                }
                String json = value.append('"').toString().replace("\\", "\\\\").replace("\"\"", "\"");
                if (!json.endsWith("\"") || json.length() < 2) {
                    json = "\"x\"";
                }
                body = withField(field, json).getBytes(StandardCharsets.UTF_8);
                name = field + " = " + abbreviate(json);
            }
            default -> {
                long amount = random.nextLong();
                body = withField("amount", Long.toString(amount)).getBytes(StandardCharsets.UTF_8);
                name = "amount = " + amount;
            }
        }
        // A mutation can still be a valid charge (a digit changed, a harmless character in an id): then it may
        // store one charge, like any client's valid request.
        return new Input("mutation " + i + ": " + name, "/v1/charges", chargeHead(key(), body.length), body, true);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += 8192) {
            int n = Math.min(8192, bytes.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Rows in the provider's three tables, read from its SQLite file by a separate connection. */
    private static long[] ledger() {
        Path file = dataDir.resolve(ProviderConfig.SQLITE_FILE);
        try {
            if (ledger == null) {
                ledger = DriverManager.getConnection("jdbc:sqlite:" + file);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the ledger in " + file, e);
        }
        try {
            return LedgerRows.count(ledger);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger in " + file, e);
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "…(" + oneLine.length() + ")";
    }
}
