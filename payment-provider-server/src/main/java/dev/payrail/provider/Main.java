package dev.payrail.provider;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar payment-provider-server.jar}: reads the environment, starts, stops on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        int status = run(args, System.getenv(), System.err, stopped);
        if (status != 0) {
            System.exit(status);
        }
        stopped.await();
    }

    /**
     * Starts the provider and installs the shutdown hook; returns 0 when it runs, 2 for bad configuration or
     * usage, 1 when it cannot start. Failures are one line on {@code err}.
     */
    static int run(String[] args, Map<String, String> env, PrintStream err, CountDownLatch stopped) {
        if (args.length > 0) {
            err.println("unknown argument \"" + args[0] + "\"; usage: java -jar payment-provider-server.jar"
                    + " (configured by environment variables, see docs/provider.md)");
            return 2;
        }
        ProviderConfig config;
        try {
            config = ProviderConfig.fromEnvironment(env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        PaymentProviderServer server;
        try {
            server = PaymentProviderServer.start(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("payment provider failed to start: " + describe(e));
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
        return 0;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString().replace('\n', ' ');
    }

    static Logger log() {
        return LoggerFactory.getLogger(Main.class);
    }
}
