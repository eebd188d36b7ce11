package dev.payrail.provider.db;

import dev.payrail.payment.api.Charge;
import dev.payrail.payment.api.ChargeStatus;
import dev.payrail.payment.api.Customer;
import dev.payrail.payment.api.IdempotencyKey;
import dev.payrail.provider.core.ChargeLedger;
import dev.payrail.provider.core.NewCharge;
import dev.payrail.provider.core.RecordResult;
import dev.payrail.provider.core.Registration;
import dev.payrail.provider.core.StoredResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The ledger on JDBC: one implementation for SQLite and PostgreSQL, in SQL both understand
 * ({@code INSERT ... ON CONFLICT DO NOTHING}). Writes go through the {@link GroupCommitWriter}; reads use the pool.
 *
 * <p>A customer's currency never changes once set, so the currencies of customers seen in committed transactions
 * are cached: the common charge then costs two inserts and no reads.
 */
public final class JdbcChargeLedger implements ChargeLedger {
    private static final int CUSTOMER_CACHE_LIMIT = 100_000;
    private static final int PURGE_CHUNK = 10_000;

    private static final String INSERT_KEY = "INSERT INTO idempotency_keys (idempotency_key, request_hash, charge_id,"
            + " response_status, response_body, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String DELETE_KEY = "DELETE FROM idempotency_keys WHERE idempotency_key = ?";
    private static final String SELECT_KEY = "SELECT request_hash, charge_id, response_status, response_body,"
            + " expires_at FROM idempotency_keys WHERE idempotency_key = ?";
    private static final String INSERT_CHARGE = "INSERT INTO charges (id, idempotency_key, customer_id, invoice_id,"
            + " amount, currency, status, decline_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CHARGE_COLUMNS =
            "c.id, c.customer_id, c.invoice_id, c.amount, c.currency, c.status, c.decline_code, c.created_at";
    private static final String SELECT_CHARGE = "SELECT " + CHARGE_COLUMNS + " FROM charges c WHERE c.id = ?";
    private static final String SELECT_CHARGE_BY_KEY = "SELECT " + CHARGE_COLUMNS
            + " FROM idempotency_keys k JOIN charges c ON c.id = k.charge_id WHERE k.idempotency_key = ?";
    private static final String INSERT_CUSTOMER =
            "INSERT INTO customers (id, currency, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String SELECT_CUSTOMER = "SELECT id, currency, created_at FROM customers WHERE id = ?";
    private static final String PURGE_KEYS = "DELETE FROM idempotency_keys WHERE idempotency_key IN"
            + " (SELECT idempotency_key FROM idempotency_keys WHERE expires_at < ? LIMIT " + PURGE_CHUNK + ")";

    private final DataSource dataSource;
    private final GroupCommitWriter writer;
    private final ConcurrentHashMap<String, String> customerCurrencies = new ConcurrentHashMap<>();

    public JdbcChargeLedger(DataSource dataSource, GroupCommitWriter writer) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public CompletableFuture<RecordResult> record(NewCharge charge) {
        return writer.submit(transaction -> record(transaction, charge)).whenComplete((result, failure) -> {
            if (result instanceof RecordResult.Created) {
                rememberCurrency(charge.charge().customerId(), charge.charge().currency());
            }
        });
    }

    private RecordResult record(GroupCommitWriter.Transaction transaction, NewCharge newCharge)
            throws SQLException {
        Connection connection = transaction.connection();
        // The key first: if it exists, nothing else is looked at, so a replay is never refused by customer rules.
        if (!insertKey(transaction.statement(INSERT_KEY), newCharge)) {
            return new RecordResult.KeyExists(findResponse(connection, newCharge.key())
                    .orElseThrow(() -> new SQLException("idempotency key " + newCharge.key()
                            + " conflicted but cannot be read")));
        }
        RecordResult refused = checkCustomer(connection, newCharge);
        if (refused != null) {
            try (PreparedStatement delete = connection.prepareStatement(DELETE_KEY)) {
                delete.setString(1, newCharge.key().value());
                delete.executeUpdate();
            }
            return refused;
        }
        insertCharge(transaction.statement(INSERT_CHARGE), newCharge);
        return new RecordResult.Created(newCharge.response());
    }

    /** {@code false} when the key exists already. */
    private static boolean insertKey(PreparedStatement insert, NewCharge newCharge) throws SQLException {
        StoredResponse response = newCharge.response();
        insert.setString(1, newCharge.key().value());
        insert.setString(2, newCharge.requestHash());
        insert.setString(3, newCharge.charge().id());
        insert.setInt(4, response.status());
        insert.setString(5, response.body());
        insert.setLong(6, newCharge.charge().createdAt().toEpochMilli());
        insert.setLong(7, newCharge.keyExpiresAt().toEpochMilli());
        return insert.executeUpdate() == 1;
    }

    private static void insertCharge(PreparedStatement insert, NewCharge newCharge) throws SQLException {
        Charge charge = newCharge.charge();
        insert.setString(1, charge.id());
        insert.setString(2, newCharge.key().value());
        insert.setString(3, charge.customerId());
        insert.setString(4, charge.invoiceId());
        insert.setLong(5, charge.amount());
        insert.setString(6, charge.currency());
        insert.setString(7, charge.status().name());
        insert.setString(8, charge.declineCode());
        insert.setLong(9, charge.createdAt().toEpochMilli());
        insert.executeUpdate();
    }

    /** {@code null} when the customer may be charged in this currency, else why not. */
    private RecordResult checkCustomer(Connection connection, NewCharge newCharge) throws SQLException {
        Charge charge = newCharge.charge();
        String currency = customerCurrencies.get(charge.customerId());
        if (currency == null) {
            Optional<Customer> existing = findCustomer(connection, charge.customerId());
            if (existing.isPresent()) {
                currency = existing.get().currency();
            } else if (newCharge.requireKnownCustomer()) {
                return new RecordResult.CustomerNotFound(charge.customerId());
            } else {
                Customer created = new Customer(charge.customerId(), charge.currency(), charge.createdAt());
                currency = insertCustomer(connection, created) ? charge.currency()
                        : findCustomer(connection, charge.customerId()).map(Customer::currency).orElseThrow(
                                () -> new SQLException("customer " + charge.customerId() + " vanished"));
            }
        }
        return currency.equals(charge.currency()) ? null
                : new RecordResult.CurrencyMismatch(charge.customerId(), currency);
    }

    @Override
    public CompletableFuture<Registration> register(Customer customer) {
        return writer.submit(transaction -> {
            Connection connection = transaction.connection();
            if (insertCustomer(connection, customer)) {
                return (Registration) new Registration.Created(customer);
            }
            Customer existing = findCustomer(connection, customer.id()).orElseThrow(
                    () -> new SQLException("customer " + customer.id() + " conflicted but cannot be read"));
            return existing.currency().equals(customer.currency()) ? new Registration.AlreadyRegistered(existing)
                    : new Registration.CurrencyMismatch(existing);
        }).whenComplete((registration, failure) -> {
            if (registration instanceof Registration.Created created) {
                rememberCurrency(created.customer().id(), created.customer().currency());
            } else if (registration instanceof Registration.AlreadyRegistered known) {
                rememberCurrency(known.customer().id(), known.customer().currency());
            }
        });
    }

    @Override
    public Optional<Charge> findCharge(String chargeId) {
        return read(connection -> queryCharge(connection, SELECT_CHARGE, chargeId));
    }

    @Override
    public Optional<Charge> findChargeByKey(IdempotencyKey key) {
        return read(connection -> queryCharge(connection, SELECT_CHARGE_BY_KEY, key.value()));
    }

    @Override
    public Optional<StoredResponse> findResponse(IdempotencyKey key) {
        return read(connection -> findResponse(connection, key));
    }

    @Override
    public Optional<Customer> findCustomer(String customerId) {
        return read(connection -> findCustomer(connection, customerId));
    }

    @Override
    public CompletableFuture<Integer> purgeExpiredKeys(Instant now) {
        return writer.submit(transaction -> {
            try (PreparedStatement delete = transaction.connection().prepareStatement(PURGE_KEYS)) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        }).thenCompose(deleted -> deleted < PURGE_CHUNK ? CompletableFuture.completedFuture(deleted)
                : purgeExpiredKeys(now).thenApply(more -> deleted + more));
    }

    /** Answers whether the database runs a trivial query within {@code timeoutSeconds}. */
    public void ping(int timeoutSeconds) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1")) {
            select.setQueryTimeout(timeoutSeconds);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
            }
        }
    }

    private void rememberCurrency(String customerId, String currency) {
        if (customerCurrencies.size() >= CUSTOMER_CACHE_LIMIT) {
            customerCurrencies.clear();
        }
        customerCurrencies.putIfAbsent(customerId, currency);
    }

    private static boolean insertCustomer(Connection connection, Customer customer) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_CUSTOMER)) {
            insert.setString(1, customer.id());
            insert.setString(2, customer.currency());
            insert.setLong(3, customer.createdAt().toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    private static Optional<Customer> findCustomer(Connection connection, String customerId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_CUSTOMER)) {
            select.setString(1, customerId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Customer(row.getString(1), row.getString(2),
                        Instant.ofEpochMilli(row.getLong(3)))) : Optional.empty();
            }
        }
    }

    private static Optional<StoredResponse> findResponse(Connection connection, IdempotencyKey key)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_KEY)) {
            select.setString(1, key.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new StoredResponse(row.getString(1), row.getString(2), row.getInt(3),
                        row.getString(4), Instant.ofEpochMilli(row.getLong(5)))) : Optional.empty();
            }
        }
    }

    private static Optional<Charge> queryCharge(Connection connection, String sql, String parameter)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Charge(row.getString(1), ChargeStatus.valueOf(row.getString(6)),
                        row.getString(2), row.getString(3), row.getLong(4), row.getString(5), row.getString(7),
                        Instant.ofEpochMilli(row.getLong(8))));
            }
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        try (Connection connection = dataSource.getConnection()) {
            return read.run(connection);
        } catch (SQLException e) {
            throw new LedgerUnavailableException("ledger read failed: " + e.getMessage(), e);
        }
    }
}
