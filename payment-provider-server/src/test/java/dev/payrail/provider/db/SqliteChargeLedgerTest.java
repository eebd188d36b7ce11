package dev.payrail.provider.db;

import dev.payrail.provider.ProviderConfig;
import dev.payrail.provider.support.TestAuth;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteChargeLedgerTest extends ChargeLedgerContract {
    @TempDir
    Path dataDir;

    @Override
    ProviderConfig.Database newDatabase() {
        return ProviderConfig.fromEnvironment(TestAuth.envWith("DATA_DIR", dataDir.toString())).database();
    }
}
