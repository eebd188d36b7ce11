package dev.payrail.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payrail.payment.client.testing.FakePayments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar invoice-app.jar start-payment-run <base-url>}, as the Kubernetes CronJob runs it. */
class StartPaymentRunTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return StartPaymentRun.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void startsARunAndPrintsIt() {
        Map<String, String> env = TestConfigs.environment(dataDir, "http://127.0.0.1:1");
        env.put("SEED_CUSTOMERS", "1");
        env.put("SEED_INVOICES_PER_CUSTOMER", "2");
        try (InvoiceAppServer server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(env), new FakePayments())) {
            int status = run(server.baseUri().toString());

            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"id\":\"run_").contains("\"state\":\"RUNNING\"");
        }
    }

    @Test
    void failsWhenNobodyAnswers() {
        assertThat(run("http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("POST http://127.0.0.1:1/rest/v1/payment-runs failed");
    }

    @Test
    void refusesBadUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("invoice-app:8000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:").contains("'invoice-app:8000' is not valid");
    }
}
