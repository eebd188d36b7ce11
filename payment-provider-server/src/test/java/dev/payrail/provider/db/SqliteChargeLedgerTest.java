package dev.payrail.provider.db;

import dev.payrail.provider.ProviderConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class SqliteChargeLedgerTest extends ChargeLedgerContract {
    @TempDir
    Path dataDir;

    @Override
    ProviderConfig.Database newDatabase() {
        return ProviderConfig.fromEnvironment(Map.of("DATA_DIR", dataDir.toString())).database();
    }
}
