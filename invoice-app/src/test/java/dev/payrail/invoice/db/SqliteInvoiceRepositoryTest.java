package dev.payrail.invoice.db;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteInvoiceRepositoryTest extends InvoiceRepositoryContract {
    @TempDir
    Path directory;

    @Override
    Database openDatabase() {
        return TestDatabases.sqlite(directory);
    }
}
