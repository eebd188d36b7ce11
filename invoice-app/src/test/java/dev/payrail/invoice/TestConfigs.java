package dev.payrail.invoice;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configurations for tests: a free port on loopback, SQLite under a temporary directory. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static Map<String, String> environment(Path dataDir, String providerEndpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BIND_ADDRESS", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("PAYMENT_PROVIDER_ENDPOINT", providerEndpoint);
        env.put("PAYMENT_ATTEMPT_LEASE_SECONDS", "0");
        env.put("SHUTDOWN_TIMEOUT_MS", "2000");
        // Tests that talk to a real provider add AUTH_PRIVATE_KEY_FILE; the others use a fake and need no token.
        env.put("AUTH_DISABLED", "true");
        return env;
    }
}
