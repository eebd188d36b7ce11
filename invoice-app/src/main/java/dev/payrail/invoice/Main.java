package dev.payrail.invoice;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar invoice-app.jar} runs the service, configured from the environment;
 * {@code java -jar invoice-app.jar start-payment-run <base-url>} asks a running one to start a payment run;
 * {@code java -jar invoice-app.jar warm-up} starts, exercises and stops one (the image build's class-data-sharing
 * training run).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            if (args[0].equals(StartPaymentRun.COMMAND)) {
                System.exit(StartPaymentRun.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            }
            if (args[0].equals(WarmUp.COMMAND)) {
                System.exit(WarmUp.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            }
            System.err.println("invoice-app: unknown command '" + args[0] + "'; usage: java -jar invoice-app.jar"
                    + " [" + StartPaymentRun.COMMAND + " <base-url> | " + WarmUp.COMMAND + "]");
            System.exit(2);
        }
        Logging.routeJulToSlf4j();
        InvoiceAppServer server;
        try {
            server = InvoiceAppServer.start(InvoiceAppConfig.fromEnvironment(System.getenv()));
        } catch (ConfigException e) {
            System.err.println("invoice-app: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("invoice-app: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
