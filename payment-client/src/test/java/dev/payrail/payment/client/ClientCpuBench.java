package dev.payrail.payment.client;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeRequest;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.payment.client.jwt.SelfSignedJwtTokenProvider;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Not a test: the CPU one {@link PaymentClient#charge} costs the calling JVM, measured against a real provider
 * (started by {@code bench/client-cpu.sh}). CPU per call hardly depends on how busy the machine is, unlike
 * throughput, so it is comparable across runs on a shared box.
 *
 * <p>Arguments: {@code baseUri threads warmupCalls callsPerRound rounds [privateKeyPem keyId]}. Without a key the
 * bearer token is a constant (for a provider with {@code AUTH_DISABLED=true}); with one, tokens are self-signed
 * JWTs as invoice-app sends them. Prints one line per round: calls/s, process CPU µs per call (every thread: the
 * callers, the JIT, the GC), the callers' own CPU µs per call, bytes allocated by the callers per call, GCs. With {@code -Dbench.jfr=FILE} the
 * measured rounds (not the warm-up) are recorded with JFR, execution sampled every millisecond.
 */
public final class ClientCpuBench {
    private ClientCpuBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 7) {
            System.err.println("usage: ClientCpuBench baseUri threads warmupCalls callsPerRound rounds "
                    + "[privateKeyPem keyId]");
            System.exit(2);
        }
        URI baseUri = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int calls = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        TokenProvider tokens = args.length == 7
                ? SelfSignedJwtTokenProvider.builder().privateKeyPem(Path.of(args[5])).keyId(args[6])
                        .issuer("invoice-app").subject("invoice-app").build()
                : TokenProvider.of("bench-token");
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (PaymentClient client = PaymentClient.builder().baseUri(baseUri).tokenProvider(tokens)
                .maxConnections(threads + 4).build()) {
            Round warm = round(client, threads, warmup, run + "-w");
            System.out.printf(Locale.ROOT, "# warm-up: %d calls, %d threads, %.0f calls/s, %.1f µs CPU/call%n",
                    warmup, threads, warm.callsPerSecond(), warm.processCpuMicrosPerCall());
            System.out.printf(Locale.ROOT, "%-6s %8s %10s %14s %14s %14s %5s%n", "round", "calls", "calls/s",
                    "cpu_us/call", "caller_us/call", "alloc_B/call", "gcs");
            String jfrFile = System.getProperty("bench.jfr");
            Recording recording = null;
            if (jfrFile != null) {
                // Only the measured rounds, sampled every millisecond (the default 10 to 20 ms sees too little).
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
            }
            double sum = 0;
            for (int r = 1; r <= rounds; r++) {
                Round m = round(client, threads, calls, run + "-" + r);
                sum += m.processCpuMicrosPerCall();
                System.out.printf(Locale.ROOT, "%-6d %8d %10.0f %14.1f %14.1f %14.0f %5d%n", r, calls,
                        m.callsPerSecond(), m.processCpuMicrosPerCall(), m.callerCpuMicrosPerCall(),
                        m.allocatedBytesPerCall(), m.gcs());
            }
            if (recording != null) {
                recording.stop();
                recording.dump(Path.of(jfrFile));
                recording.close();
            }
            System.out.printf(Locale.ROOT, "# mean process CPU: %.1f µs/call over %d rounds%n", sum / rounds, rounds);
        }
    }

    private record Round(long calls, long wallNanos, long processCpuNanos, long callerCpuNanos, long allocatedBytes,
            long gcs) {
        double callsPerSecond() {
            return calls * 1e9 / wallNanos;
        }

        double processCpuMicrosPerCall() {
            return processCpuNanos / 1e3 / calls;
        }

        double callerCpuMicrosPerCall() {
            return callerCpuNanos / 1e3 / calls;
        }

        double allocatedBytesPerCall() {
            return (double) allocatedBytes / calls;
        }
    }

    private static Round round(PaymentClient client, int threads, int calls, String prefix) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicInteger next = new AtomicInteger();
        AtomicLong callerCpu = new AtomicLong();
        AtomicLong allocated = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long cpu0 = threadBean.getCurrentThreadCpuTime();
                long alloc0 = threadBean.getCurrentThreadAllocatedBytes();
                // Stops early once calls fail: a broken setup should end the run, not retry for minutes.
                for (int i = next.getAndIncrement(); i < calls && failures.get() < 10; i = next.getAndIncrement()) {
                    try {
                        Charge charge = client.charge(
                                new ChargeRequest("cust-" + (i % 100), prefix + "-" + i, 1000 + i % 7, "USD"),
                                IdempotencyKey.of("cpu-" + prefix + "-" + i));
                        if (charge.amount() <= 0) {
                            failures.incrementAndGet();
                        }
                    } catch (PaymentException e) {
                        if (failures.incrementAndGet() <= 3) {
                            System.err.println("call " + i + " failed: " + e.getMessage());
                        }
                    }
                }
                callerCpu.addAndGet(threadBean.getCurrentThreadCpuTime() - cpu0);
                allocated.addAndGet(threadBean.getCurrentThreadAllocatedBytes() - alloc0);
                done.countDown();
            }, "bench-caller-" + t);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        long gcs0 = gcCount();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        go.countDown();
        done.await();
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long gcs = gcCount() - gcs0;
        for (Thread worker : workers) {
            worker.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " calls failed; the round was stopped");
        }
        return new Round(calls, wall, cpu, callerCpu.get(), allocated.get(), gcs);
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
