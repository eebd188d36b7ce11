import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A fixed-rate (open-model) load generator for reliability/soak.sh, run as a single source file:
 * {@code java reliability/LoadGen.java --provider URL --token-file FILE --invoice URL --invoices N --rate R
 * --duration-seconds S}. Requests start on a fixed schedule whatever the latency; a request that cannot start
 * because too many are in flight counts as "behind". Prints one summary table; exits 1 on any transport error,
 * 5xx or unexpected status, or when it fell behind.
 */
public final class LoadGen {
    private static final int MAX_IN_FLIGHT = 256;

    record Kind(String name, Set<Integer> expected, Supplier<HttpRequest> request) {
    }

    static final class Stats {
        final LongAdder sent = new LongAdder();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final LongAdder errors = new LongAdder();
        final LongAdder unexpected = new LongAdder();
        final List<Long> latenciesMicros = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String firstProblem;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        URI provider = URI.create(required(options, "--provider"));
        URI invoice = URI.create(required(options, "--invoice"));
        String token = Files.readString(Path.of(required(options, "--token-file"))).trim();
        long invoices = Long.parseLong(options.getOrDefault("--invoices", "1000"));
        double rate = Double.parseDouble(options.getOrDefault("--rate", "200"));
        long durationSeconds = Long.parseLong(options.getOrDefault("--duration-seconds", "180"));
        long runEverySeconds = Long.parseLong(options.getOrDefault("--payment-run-every-seconds", "15"));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong counter = new AtomicLong();
        List<String> chargeIds = java.util.Collections.synchronizedList(new ArrayList<>());
        String runTag = Long.toHexString(System.nanoTime());
        java.util.Random random = new java.util.Random(42);

        Kind charge = new Kind("provider POST /v1/charges", Set.of(201), () -> {
            long n = counter.incrementAndGet();
            String body = "{\"customerId\":\"soak-" + (n % 500) + "\",\"invoiceId\":\"soak-" + n
                    + "\",\"amount\":" + (100 + n % 50_000) + ",\"currency\":\"EUR\"}";
            return HttpRequest.newBuilder(provider.resolve("/v1/charges")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "soak-" + runTag + "-" + n)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        });
        Kind findCharge = new Kind("provider GET /v1/charges/{id}", Set.of(200), () -> {
            String id;
            synchronized (chargeIds) {
                id = chargeIds.isEmpty() ? null : chargeIds.get(random.nextInt(chargeIds.size()));
            }
            URI target = id == null ? provider.resolve("/health/ready") : provider.resolve("/v1/charges/" + id);
            return HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build();
        });
        Kind invoiceById = new Kind("invoice-app GET /rest/v1/invoices/{id}", Set.of(200), () ->
                HttpRequest.newBuilder(invoice.resolve("/rest/v1/invoices/" + (1 + random.nextInt((int) invoices))))
                        .timeout(Duration.ofSeconds(10)).GET().build());
        Kind pendingPage = new Kind("invoice-app GET /rest/v1/invoices?status=PENDING&limit=50", Set.of(200), () ->
                HttpRequest.newBuilder(invoice.resolve("/rest/v1/invoices?status=PENDING&limit=50"))
                        .timeout(Duration.ofSeconds(10)).GET().build());
        Kind customers = new Kind("invoice-app GET /rest/v1/customers", Set.of(200), () ->
                HttpRequest.newBuilder(invoice.resolve("/rest/v1/customers")).timeout(Duration.ofSeconds(10))
                        .GET().build());
        // 409 payment_run_in_progress is the documented answer while the previous run is still going.
        Kind paymentRun = new Kind("invoice-app POST /rest/v1/payment-runs", Set.of(202, 409), () ->
                HttpRequest.newBuilder(invoice.resolve("/rest/v1/payment-runs")).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
        List<Kind> mix = List.of(charge, findCharge, invoiceById, pendingPage, charge, invoiceById, customers);
        Map<Kind, Stats> stats = new java.util.LinkedHashMap<>();
        for (Kind kind : List.of(charge, findCharge, invoiceById, pendingPage, customers, paymentRun)) {
            stats.put(kind, new Stats());
        }

        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        LongAdder behind = new LongAdder();
        long intervalNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + durationSeconds * 1_000_000_000L;
        long nextRun = start;
        long lastReport = start;
        for (long i = 0; ; i++) {
            long due = start + i * intervalNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            Kind kind = mix.get((int) (i % mix.size()));
            if (runEverySeconds > 0 && System.nanoTime() >= nextRun) {
                kind = paymentRun;
                nextRun += runEverySeconds * 1_000_000_000L;
            }
            if (!inFlight.tryAcquire()) {
                behind.increment();
                continue;
            }
            Kind sent = kind;
            Stats s = stats.get(sent);
            s.sent.increment();
            long begin = System.nanoTime();
            client.sendAsync(sent.request().get(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
                inFlight.release();
                s.latenciesMicros.add((System.nanoTime() - begin) / 1_000);
                if (e != null) {
                    s.errors.increment();
                    if (s.firstProblem == null) {
                        s.firstProblem = e.toString();
                    }
                    return;
                }
                s.statuses.computeIfAbsent(response.statusCode(), x -> new LongAdder()).increment();
                if (!sent.expected().contains(response.statusCode())) {
                    s.unexpected.increment();
                    if (s.firstProblem == null) {
                        s.firstProblem = response.statusCode() + " " + response.body();
                    }
                } else if (sent == charge) {
                    int at = response.body().indexOf("\"id\":\"");
                    if (at >= 0 && chargeIds.size() < 100_000) {
                        chargeIds.add(response.body().substring(at + 6, response.body().indexOf('"', at + 6)));
                    }
                }
            });
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf(Locale.ROOT, "loadgen: %.0f s, %d requests started, %d in flight%n",
                        (lastReport - start) / 1e9, i + 1, MAX_IN_FLIGHT - inFlight.availablePermits());
            }
        }
        inFlight.acquire(MAX_IN_FLIGHT);
        double seconds = (System.nanoTime() - start) / 1e9;

        long total = 0;
        long problems = behind.sum();
        System.out.println("| Request | Sent | Statuses | Errors | Unexpected | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<Kind, Stats> entry : stats.entrySet()) {
            Stats s = entry.getValue();
            long[] latencies;
            synchronized (s.latenciesMicros) {
                latencies = s.latenciesMicros.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(latencies);
            Map<Integer, Long> statuses = new TreeMap<>();
            s.statuses.forEach((status, count) -> statuses.put(status, count.sum()));
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %d | %.1f | %.1f | %.1f |%n", entry.getKey().name(),
                    s.sent.sum(), statuses, s.errors.sum(), s.unexpected.sum(), percentile(latencies, 0.50),
                    percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0);
            total += s.sent.sum();
            problems += s.errors.sum() + s.unexpected.sum();
            if (s.firstProblem != null) {
                System.err.println("loadgen: first problem with " + entry.getKey().name() + ": " + s.firstProblem);
            }
        }
        System.out.printf(Locale.ROOT, "%nloadgen: %d requests in %.1f s (%.1f/s; target %.1f/s), %d behind schedule%n",
                total, seconds, total / seconds, rate, behind.sum());
        System.exit(problems == 0 ? 0 : 1);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println("loadgen: " + name + " is required");
            System.exit(2);
        }
        return value;
    }
}
