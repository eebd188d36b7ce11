package dev.payrail.provider.support;

import dev.payrail.provider.PaymentProviderServer;
import dev.payrail.provider.ProviderConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real provider on a free loopback port, configured through the same environment map as {@code Main},
 * with authentication on ({@link TestAuth}); {@code keyValues} override any default.
 */
public final class Providers {
    private Providers() {
    }

    public static Map<String, String> sqliteEnv(Path dataDir, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("SHUTDOWN_TIMEOUT_MS", "2000");
        env.putAll(TestAuth.env());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    public static PaymentProviderServer start(Map<String, String> env) {
        return PaymentProviderServer.start(ProviderConfig.fromEnvironment(env));
    }

    public static PaymentProviderServer sqlite(Path dataDir, String... keyValues) {
        return start(sqliteEnv(dataDir, keyValues));
    }
}
