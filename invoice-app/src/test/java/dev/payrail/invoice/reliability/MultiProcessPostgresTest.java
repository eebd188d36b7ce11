package dev.payrail.invoice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.invoice.TestConfigs;
import dev.payrail.invoice.db.TestDatabases;
import dev.payrail.invoice.resources.Http;
import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas as they run in production: three invoice-app processes (separate JVMs running {@code Main}) on one
 * real PostgreSQL, paying through one real provider. Every round fires a {@code POST /rest/v1/payment-runs?wait=true}
 * and a {@code POST /rest/v1/invoices/pay} at every process at once, until nothing is payable; then the
 * provider's ledger must show exactly one SUCCEEDED charge per invoice and none charged twice. The attempt lease
 * is 0, so every run also resolves the other processes' in-flight attempts: the harshest overlap there is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiProcessPostgresTest {
    private static final int PROCESSES = 3;
    private static final int CUSTOMERS = 80;
    private static final int INVOICES_PER_CUSTOMER = 10;
    private static final int MAX_ROUNDS = 20;
    private static final Pattern STARTED = Pattern.compile("invoice_app_started base_uri=(\\S+)");
    private static final Path FIGURES = Path.of("target", "reliability", "multi-process-figures.md");

    @TempDir
    Path providerDir;
    @TempDir
    Path workDir;

    private final List<Process> processes = new ArrayList<>();
    private PaymentProviderServer provider;
    private final ExecutorService callers = Executors.newFixedThreadPool(2 * PROCESSES);

    @BeforeAll
    static void freshFigures() throws IOException {
        Files.deleteIfExists(FIGURES);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        callers.shutdownNow();
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void threeProcessesOnOnePostgresOneKilledMidRunNeverChargeAnInvoiceTwice() throws Exception {
        long started = System.nanoTime();
        String database = TestDatabases.newPostgresDatabase();
        provider = PaymentProviderServer.start(ProviderConfig.fromEnvironment(Map.of("PORT", "0",
                "BIND_ADDRESS", "127.0.0.1", "DATA_DIR", providerDir.toString(), "AUTH_DISABLED", "true",
                "SHUTDOWN_TIMEOUT_MS", "3000", "SUCCESS_RATE", "0.5", "RANDOM_SEED", "21")));
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(startInvoiceApp(i, database));
        }
        List<Http> apps = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            apps.add(new Http(awaitStarted(processes.get(i), workDir.resolve("invoice-app-" + i + ".log"))));
        }

        long[] attemptedBy = new long[PROCESSES];
        Map<Integer, AtomicLong> statuses = new HashMap<>();
        int rounds = 0;
        long outstanding = Long.MAX_VALUE;
        long inFlightAtKill = -1;
        int killed = -1;
        int callsLostToTheKill = 0;
        try (Connection db = DriverManager.getConnection(database, "postgres", "")) {
            while (rounds < MAX_ROUNDS && outstanding > 0) {
                rounds++;
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                List<Integer> callee = new ArrayList<>();
                for (int i = 0; i < PROCESSES; i++) {
                    if (i == killed) {
                        continue;
                    }
                    Http app = apps.get(i);
                    calls.add(CompletableFuture.supplyAsync(() -> app.post("/rest/v1/payment-runs?wait=true"),
                            this.callers));
                    calls.add(CompletableFuture.supplyAsync(() -> app.post("/rest/v1/invoices/pay"), this.callers));
                    callee.add(i);
                    callee.add(i);
                }
                if (rounds == 1) {
                    killed = killWhilePaying(apps);
                    inFlightAtKill = count(db, "SELECT COUNT(*) FROM payment_attempts WHERE outcome = 'IN_FLIGHT'");
                }
                for (int c = 0; c < calls.size(); c++) {
                    HttpResponse<String> response;
                    try {
                        response = calls.get(c).join();
                    } catch (CompletionException e) {
                        assertThat(callee.get(c)).as("a call failed: %s", e.getCause()).isEqualTo(killed);
                        callsLostToTheKill++;
                        continue;
                    }
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    assertThat(response.statusCode()).as(response.body()).isIn(200, 409);
                }
                outstanding = PaymentInvariants.outstanding(db);
            }
            assertThat(outstanding).as("invoices and attempts still open after %d rounds", rounds).isZero();

            PaymentInvariants.Report report;
            try (Connection ledger = DriverManager.getConnection(
                    "jdbc:sqlite:" + providerDir.resolve(ProviderConfig.SQLITE_FILE))) {
                report = PaymentInvariants.check(db, ledger);
            }
            assertThat(report.violations()).as(report.summary()).isEmpty();
            assertThat(report.doubleCharged()).isZero();
            assertThat(report.paid()).isEqualTo(CUSTOMERS * INVOICES_PER_CUSTOMER);
            assertThat(report.succeeded()).isEqualTo(report.paid());
            long[] reconciledBy = new long[PROCESSES];
            for (int i = 0; i < PROCESSES; i++) {
                if (i == killed) {
                    attemptedBy[i] = reconciledBy[i] = -1;
                    continue;
                }
                attemptedBy[i] = attemptsRecorded(apps.get(i));
                reconciledBy[i] = counter(apps.get(i), "invoice_payment_reconciliations_total");
            }
            long working = Arrays.stream(attemptedBy).filter(n -> n > 0).count();
            assertThat(working).as("surviving processes that recorded payment outcomes: %s",
                    Arrays.toString(attemptedBy)).isEqualTo(PROCESSES - 1);

            long payCalls = statuses.values().stream().mapToLong(AtomicLong::get).sum();
            String line = String.format(Locale.ROOT, "| %d invoice-app processes, PostgreSQL 16 (embedded) |"
                            + " %d invoices | %d rounds, %d pay calls answered (%s), %d lost to the kill | process %d"
                            + " SIGKILLed in round 1 with %d attempts IN_FLIGHT; outcomes recorded per process %s,"
                            + " of which reconciliations %s (-1: killed) | %s | %.1f s |", PROCESSES,
                    report.invoices(), rounds, payCalls, statuses, callsLostToTheKill, killed, inFlightAtKill,
                    Arrays.toString(attemptedBy), Arrays.toString(reconciledBy), report.summary(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            System.out.println("multi_process_figures " + line);
            Files.createDirectories(FIGURES.getParent());
            Files.writeString(FIGURES, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /**
     * SIGKILLs the first process seen recording payment outcomes (so it is in the middle of a run, with claimed
     * invoices in flight) and answers its index.
     */
    private int killWhilePaying(List<Http> apps) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < apps.size(); i++) {
                if (attemptsRecorded(apps.get(i)) >= 50) {
                    processes.get(i).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no process recorded 50 payment outcomes within 30 s");
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The payment outcomes this process recorded, from its {@code invoice_payment_attempts_total} counters. */
    private static long attemptsRecorded(Http app) {
        return counter(app, "invoice_payment_attempts_total");
    }

    private static long counter(Http app, String name) {
        double sum = 0;
        for (String line : app.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** invoice-app's {@code Main} in a JVM of its own, on this test class path, logging to a file. */
    private Process startInvoiceApp(int index, String database) throws IOException {
        Path log = workDir.resolve("invoice-app-" + index + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.payrail.invoice.Main")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = TestConfigs.environment(workDir.resolve("data-" + index),
                provider.baseUri().toString());
        env.put("DATABASE_URL", database);
        env.put("DATABASE_USER", "postgres");
        env.put("DB_POOL_SIZE", "4");
        env.put("PAY_CONCURRENCY", "8");
        env.put("SEED_CUSTOMERS", Integer.toString(CUSTOMERS));
        env.put("SEED_INVOICES_PER_CUSTOMER", Integer.toString(INVOICES_PER_CUSTOMER));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static URI awaitStarted(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            Matcher started = STARTED.matcher(output);
            if (started.find()) {
                return URI.create(started.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("invoice-app exited with " + process.exitValue() + " at start-up: "
                        + output);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("invoice-app not started after 60 s: " + Files.readString(log));
    }
}
