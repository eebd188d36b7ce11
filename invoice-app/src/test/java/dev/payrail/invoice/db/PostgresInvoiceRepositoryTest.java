package dev.payrail.invoice.db;

class PostgresInvoiceRepositoryTest extends InvoiceRepositoryContract {
    @Override
    Database openDatabase() {
        return TestDatabases.postgres();
    }
}
