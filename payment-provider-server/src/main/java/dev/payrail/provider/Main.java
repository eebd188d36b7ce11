package dev.payrail.provider;

import dev.payrail.provider.auth.jwt.KeyGen;
import dev.payrail.provider.auth.jwt.MintToken;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar payment-provider-server.jar}: reads the environment, starts, stops on SIGTERM. */
public final class Main {
    private static final String USAGE = "usage: java -jar payment-provider-server.jar [keygen --out DIR [--kid KID]"
            + " [--append-to JWKS] | mint-token --private-key FILE --kid KID --issuer ISS --subject SUB | warm-up]"
            + " (the server itself is configured by environment variables, see docs/provider.md)";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && isCommand(args[0])) {
            System.exit(command(args, System.out, System.err));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        int status = run(args, System.getenv(), System.err, stopped);
        if (status != 0) {
            System.exit(status);
        }
        stopped.await();
    }

    static boolean isCommand(String name) {
        return name.equals("keygen") || name.equals("mint-token") || name.equals(WarmUp.COMMAND);
    }

    /** Runs a command ({@code keygen}, {@code mint-token}) instead of the server; returns its exit code. */
    static int command(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (args[0]) {
            case "keygen" -> KeyGen.run(rest, out, err, Clock.systemUTC());
            case "mint-token" -> MintToken.run(rest, out, err, Clock.systemUTC());
            case WarmUp.COMMAND -> WarmUp.run(rest, out, err);
            default -> {
                err.println("unknown command \"" + args[0] + "\"; " + USAGE);
                yield 2;
            }
        };
    }

    /**
     * Starts the provider and installs the shutdown hook; returns 0 when it runs, 2 for bad configuration or
     * usage, 1 when it cannot start. Failures are one line on {@code err}.
     */
    static int run(String[] args, Map<String, String> env, PrintStream err, CountDownLatch stopped) {
        if (args.length > 0) {
            err.println("unknown argument \"" + args[0] + "\"; " + USAGE);
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
