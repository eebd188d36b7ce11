package dev.payrail.invoice.db;

import dev.payrail.invoice.core.Attempt;
import dev.payrail.invoice.core.AttemptOutcome;
import dev.payrail.invoice.core.AttemptResult;
import dev.payrail.invoice.core.Claim;
import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.core.Invoice;
import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.core.Money;
import dev.payrail.invoice.core.PaymentRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * Customers, invoices, payment attempts and runs, on SQLite or PostgreSQL. All SQL lives here.
 *
 * <p>The payment statements are written so that several processes can share one database and never charge an
 * invoice twice: {@link #claimPayable} moves invoices from PENDING to PROCESSING in one conditional update
 * (with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL) and records their attempts in the same transaction;
 * {@link #record} settles an attempt only while it is unsettled, and moves its invoice only while the invoice
 * is still PROCESSING on that very attempt.
 */
public final class InvoiceRepository {
    private static final String INVOICE_COLUMNS =
            "id, customer_id, amount_minor, currency, status, failure_code, attempt_count";
    private static final String ATTEMPT_COLUMNS = "invoice_id, attempt_no, idempotency_key, run_id, outcome, "
            + "charge_id, decline_code, error_code, request_id, started_at, finished_at";
    private static final String RUN_COLUMNS = "id, state, started_at, finished_at, heartbeat_at, total, reconciled, "
            + "attempted, paid, declined, failed, unknown, not_charged";
    private static final int INSERT_CHUNK = 1_000;
    /** The advisory lock seeds take on PostgreSQL (any constant; "payrail seed" in ASCII). */
    private static final long SEED_LOCK = 0x7061797261696CL;

    private final DataSource dataSource;
    private final Database.Dialect dialect;
    private final Clock clock;

    public InvoiceRepository(Database database, Clock clock) {
        this.dataSource = database.dataSource();
        this.dialect = database.dialect();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- customers and invoices ---------------------------------------------------------------------------

    /** Whether there are no customers and no invoices yet. */
    public boolean isEmpty() {
        return query("checking for data", "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM invoices)",
                ps -> { }, rs -> rs.getLong(1)).get(0) == 0;
    }

    /** Where a seed writes its rows: customers first, as invoices reference them. */
    @FunctionalInterface
    public interface SeedSink {
        void insert(List<Customer> customers, List<Invoice> invoices);
    }

    /**
     * Runs the seed {@code name} unless it completed before: {@code rows} writes its rows (ids already present are
     * left as they are), then the seed is recorded as complete, all in one transaction. On PostgreSQL the
     * transaction first takes an advisory lock, so replicas that start together queue: the first seeds, the others
     * find it complete. A seed interrupted before (a crash, or one from before seeds were recorded) is completed.
     *
     * @return whether this call seeded
     */
    public boolean seedOnce(String name, java.util.function.Consumer<SeedSink> rows) {
        Objects.requireNonNull(name, "name");
        long now = clock.millis();
        return inTransaction("seeding " + name, connection -> {
            if (dialect == Database.Dialect.POSTGRESQL) {
                try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, SEED_LOCK);
                    ps.execute();
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM seed_state WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            rows.accept((customers, invoices) -> {
                try {
                    insertCustomers(connection, customers);
                    insertInvoices(connection, invoices, now);
                } catch (SQLException e) {
                    throw new StoreException("seeding " + name, e);
                }
            });
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO seed_state (name, completed_at) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setLong(2, now);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Inserts customers; ids already present are left as they are. */
    public void insertCustomers(Collection<Customer> customers) {
        inTransaction("inserting customers", connection -> {
            insertCustomers(connection, customers);
            return null;
        });
    }

    private static void insertCustomers(Connection connection, Collection<Customer> customers) throws SQLException {
        batchInsert(connection, "INSERT INTO customers (id, currency) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                customers, (ps, c) -> {
                    ps.setLong(1, c.id());
                    ps.setString(2, c.currency());
                });
    }

    /** Inserts invoices; ids already present are left as they are. */
    public void insertInvoices(Collection<Invoice> invoices) {
        long now = clock.millis();
        inTransaction("inserting invoices", connection -> {
            insertInvoices(connection, invoices, now);
            return null;
        });
    }

    private static void insertInvoices(Connection connection, Collection<Invoice> invoices, long now)
            throws SQLException {
        batchInsert(connection,
                "INSERT INTO invoices (id, customer_id, amount_minor, currency, status, failure_code, attempt_count,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                invoices, (ps, i) -> {
                    ps.setLong(1, i.id());
                    ps.setLong(2, i.customerId());
                    ps.setLong(3, i.amount().minorUnits());
                    ps.setString(4, i.amount().currency());
                    ps.setString(5, i.status().name());
                    ps.setString(6, i.failureCode());
                    ps.setInt(7, i.attempts());
                    ps.setLong(8, now);
                });
    }

    public Optional<Customer> findCustomer(long id) {
        return query("finding customer " + id, "SELECT id, currency FROM customers WHERE id = ?",
                ps -> ps.setLong(1, id), InvoiceRepository::customer).stream().findFirst();
    }

    /** Customers with an id above {@code afterId}, in id order. */
    public List<Customer> customers(long afterId, int limit) {
        return query("listing customers", "SELECT id, currency FROM customers WHERE id > ? ORDER BY id LIMIT ?",
                ps -> {
                    ps.setLong(1, afterId);
                    ps.setInt(2, limit);
                }, InvoiceRepository::customer);
    }

    public Optional<Invoice> findInvoice(long id) {
        return query("finding invoice " + id, "SELECT " + INVOICE_COLUMNS + " FROM invoices WHERE id = ?",
                ps -> ps.setLong(1, id), InvoiceRepository::invoice).stream().findFirst();
    }

    /** Invoices with an id above {@code afterId}, in id order, optionally only those in one status. */
    public List<Invoice> invoices(Optional<InvoiceStatus> status, long afterId, int limit) {
        String sql = "SELECT " + INVOICE_COLUMNS + " FROM invoices WHERE id > ?"
                + (status.isPresent() ? " AND status = ?" : "") + " ORDER BY id LIMIT ?";
        return query("listing invoices", sql, ps -> {
            int i = 1;
            ps.setLong(i++, afterId);
            if (status.isPresent()) {
                ps.setString(i++, status.get().name());
            }
            ps.setInt(i, limit);
        }, InvoiceRepository::invoice);
    }

    /** The number of invoices in each status (zero for statuses without any). */
    public Map<InvoiceStatus, Long> countByStatus() {
        Map<InvoiceStatus, Long> counts = new EnumMap<>(InvoiceStatus.class);
        for (InvoiceStatus status : InvoiceStatus.values()) {
            counts.put(status, 0L);
        }
        query("counting invoices", "SELECT status, COUNT(*) FROM invoices GROUP BY status", ps -> { },
                rs -> counts.put(InvoiceStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    /** Every attempt for the invoice, oldest first. */
    public List<Attempt> attempts(long invoiceId) {
        return query("listing attempts of invoice " + invoiceId,
                "SELECT " + ATTEMPT_COLUMNS + " FROM payment_attempts WHERE invoice_id = ? ORDER BY attempt_no",
                ps -> ps.setLong(1, invoiceId), InvoiceRepository::attempt);
    }

    // ---- paying ------------------------------------------------------------------------------------------

    /**
     * Atomically claims up to {@code limit} PENDING invoices with an id above {@code afterId}: each becomes
     * PROCESSING with its attempt count raised, and an IN_FLIGHT attempt with its idempotency key is recorded,
     * all in one transaction, before anyone calls the provider. Invoices another process holds are skipped.
     *
     * @return the claims in invoice id order; empty when nothing payable is left above {@code afterId}
     */
    public List<Claim> claimPayable(String runId, long afterId, int limit) {
        Objects.requireNonNull(runId, "runId");
        long now = clock.millis();
        // PostgreSQL: lock the page in a CTE (evaluated exactly once; inside IN (...) the planner may rescan the
        // LIMIT subquery and claim more rows), skipping rows another transaction is claiming right now.
        // SQLite: one writer at a time, so the conditional update is atomic as it stands.
        String sql = dialect == Database.Dialect.POSTGRESQL
                ? "WITH page AS (SELECT id FROM invoices WHERE status = 'PENDING' AND id > ? ORDER BY id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED)"
                        + " UPDATE invoices i SET status = 'PROCESSING', attempt_count = i.attempt_count + 1, updated_at = ?"
                        + " FROM page WHERE i.id = page.id AND i.status = 'PENDING'"
                        + " RETURNING i.id, i.customer_id, i.amount_minor, i.currency, i.attempt_count"
                : "UPDATE invoices SET status = 'PROCESSING', attempt_count = attempt_count + 1, updated_at = ?"
                        + " WHERE status = 'PENDING' AND id IN (SELECT id FROM invoices WHERE status = 'PENDING'"
                        + " AND id > ? ORDER BY id LIMIT ?)"
                        + " RETURNING id, customer_id, amount_minor, currency, attempt_count";
        boolean postgres = dialect == Database.Dialect.POSTGRESQL;
        return inTransaction("claiming payable invoices", connection -> {
            List<Claim> claims = new ArrayList<>(limit);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setLong(postgres ? 3 : 1, now);
                ps.setLong(postgres ? 1 : 2, afterId);
                ps.setInt(postgres ? 2 : 3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new Claim(rs.getLong(1), rs.getLong(2),
                                new Money(rs.getLong(3), rs.getString(4)), rs.getInt(5)));
                    }
                }
            }
            claims.sort(Comparator.comparingLong(Claim::invoiceId));
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO payment_attempts (invoice_id,"
                    + " attempt_no, idempotency_key, run_id, outcome, started_at) VALUES (?, ?, ?, ?, 'IN_FLIGHT', ?)")) {
                for (Claim claim : claims) {
                    ps.setLong(1, claim.invoiceId());
                    ps.setInt(2, claim.attemptNo());
                    ps.setString(3, claim.idempotencyKey());
                    ps.setString(4, runId);
                    ps.setLong(5, now);
                    ps.addBatch();
                }
                if (!claims.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return claims;
        });
    }

    /*
     * Which unsettled attempts a run may resolve. UNKNOWN ones always: whoever made the call has given up on it, and
     * resolving means looking the key up and at most re-sending under the SAME key, which the provider answers with
     * the one charge it made for that key, whoever asks and however often. IN_FLIGHT ones only when the run that
     * claimed them is no longer alive: it finished (a failed run leaves its claims to others at once), or it stopped
     * reporting (its process died, or lost the database) before the cutoff. A live run's in-flight call is left to
     * it: resolving it too would not charge twice (same key), but would answer it twice.
     */
    private static final String RESOLVABLE = "(a.outcome = 'UNKNOWN' OR (a.outcome = 'IN_FLIGHT' AND NOT EXISTS"
            + " (SELECT 1 FROM payment_runs r WHERE r.id = a.run_id AND r.state = 'RUNNING' AND r.heartbeat_at >= ?)))";

    /**
     * Attempts whose outcome a run must learn from the provider before paying again: UNKNOWN ones, and IN_FLIGHT
     * ones whose run finished or has not reported since {@code aliveSince}, with an invoice id above
     * {@code afterInvoiceId}, in invoice order.
     */
    public List<Attempt> unresolvedAttempts(Instant aliveSince, long afterInvoiceId, int limit) {
        return query("listing unresolved attempts", "SELECT " + ATTEMPT_COLUMNS.replaceAll("(^|, )", "$1a.")
                        + " FROM payment_attempts a WHERE a.outcome IN ('IN_FLIGHT', 'UNKNOWN') AND " + RESOLVABLE
                        + " AND a.invoice_id > ? ORDER BY a.invoice_id, a.attempt_no LIMIT ?",
                ps -> {
                    ps.setLong(1, aliveSince.toEpochMilli());
                    ps.setLong(2, afterInvoiceId);
                    ps.setInt(3, limit);
                }, InvoiceRepository::attempt);
    }

    /** The number of unresolved attempts (as {@link #unresolvedAttempts}) and PENDING invoices: a run's work. */
    public long countWork(Instant aliveSince) {
        return query("counting payable invoices", "SELECT (SELECT COUNT(*) FROM invoices WHERE status = 'PENDING')"
                        + " + (SELECT COUNT(*) FROM payment_attempts a WHERE a.outcome IN ('IN_FLIGHT', 'UNKNOWN') AND "
                        + RESOLVABLE + ")",
                ps -> ps.setLong(1, aliveSince.toEpochMilli()), rs -> rs.getLong(1)).get(0);
    }

    /**
     * Marks RUNNING runs that have not reported since {@code aliveSince} as ABANDONED (their process died or lost
     * the database), so that the table tells the truth; their attempts are resolved by the caller's run.
     *
     * @return how many runs were marked
     */
    public int abandonRuns(Instant aliveSince) {
        long now = clock.millis();
        return inTransaction("marking abandoned payment runs", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE payment_runs SET state = 'ABANDONED',"
                    + " finished_at = ? WHERE state = 'RUNNING' AND heartbeat_at < ?")) {
                ps.setLong(1, now);
                ps.setLong(2, aliveSince.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Marks a run alive now, while it is RUNNING: other runs leave its in-flight attempts alone as long as it keeps
     * doing so.
     */
    public void heartbeat(String runId) {
        inTransaction("recording the heartbeat of payment run " + runId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE payment_runs SET heartbeat_at = ? WHERE id = ? AND state = 'RUNNING'")) {
                ps.setLong(1, clock.millis());
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records outcomes in one transaction, together with the run's progress. An outcome is applied only to an
     * attempt that is still unsettled (IN_FLIGHT or UNKNOWN), and its invoice moves only while it is PROCESSING
     * on that same attempt; so a late or repeated recording changes nothing.
     *
     * @param progress the run's counters to store with these outcomes, or null
     * @return for each result, whether it was applied
     */
    public boolean[] record(List<AttemptResult> results, PaymentRun progress) {
        long now = clock.millis();
        return inTransaction("recording " + results.size() + " payment outcomes", connection -> {
            boolean[] applied = new boolean[results.size()];
            // Rows are locked in one global order (invoice, attempt), whatever order the outcomes arrived in: two
            // runs recording outcomes of the same attempts (both resolving an UNKNOWN one) would otherwise deadlock.
            int[] order = IntStream.range(0, results.size()).boxed()
                    .sorted(Comparator.comparingLong((Integer i) -> results.get(i).invoiceId())
                            .thenComparingInt(i -> results.get(i).attemptNo()))
                    .mapToInt(Integer::intValue).toArray();
            if (!results.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement("UPDATE payment_attempts SET outcome = ?,"
                        + " charge_id = ?, decline_code = ?, error_code = ?, request_id = ?, finished_at = ?"
                        + " WHERE invoice_id = ? AND attempt_no = ? AND outcome IN ('IN_FLIGHT', 'UNKNOWN')")) {
                    for (int i : order) {
                        AttemptResult r = results.get(i);
                        ps.setString(1, r.outcome().name());
                        ps.setString(2, r.chargeId());
                        ps.setString(3, r.declineCode());
                        ps.setString(4, r.errorCode());
                        ps.setString(5, r.requestId());
                        if (r.outcome() == AttemptOutcome.UNKNOWN) {
                            ps.setNull(6, Types.BIGINT);
                        } else {
                            ps.setLong(6, now);
                        }
                        ps.setLong(7, r.invoiceId());
                        ps.setInt(8, r.attemptNo());
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    for (int k = 0; k < counts.length; k++) {
                        applied[order[k]] = counts[k] > 0 || counts[k] == Statement.SUCCESS_NO_INFO;
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement("UPDATE invoices SET status = ?,"
                        + " failure_code = ?, updated_at = ? WHERE id = ? AND status = 'PROCESSING' AND attempt_count = ?")) {
                    int batched = 0;
                    for (int i : order) {
                        AttemptResult r = results.get(i);
                        InvoiceStatus next = r.invoiceStatus();
                        if (!applied[i] || next == null) {
                            continue;
                        }
                        ps.setString(1, next.name());
                        ps.setString(2, next == InvoiceStatus.FAILED ? r.errorCode() : null);
                        ps.setLong(3, now);
                        ps.setLong(4, r.invoiceId());
                        ps.setInt(5, r.attemptNo());
                        ps.addBatch();
                        batched++;
                    }
                    if (batched > 0) {
                        ps.executeBatch();
                    }
                }
            }
            if (progress != null) {
                updateRun(connection, progress, now);
            }
            return applied;
        });
    }

    // ---- runs -------------------------------------------------------------------------------------------

    public void insertRun(PaymentRun run) {
        inTransaction("recording payment run " + run.id(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO payment_runs (" + RUN_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, run.id());
                ps.setString(2, run.state().name());
                ps.setLong(3, run.startedAt().toEpochMilli());
                setInstant(ps, 4, run.finishedAt());
                ps.setLong(5, clock.millis());
                ps.setLong(6, run.total());
                ps.setLong(7, run.reconciled());
                ps.setLong(8, run.attempted());
                ps.setLong(9, run.paid());
                ps.setLong(10, run.declined());
                ps.setLong(11, run.failed());
                ps.setLong(12, run.unknown());
                ps.setLong(13, run.notCharged());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Stores the run's state and counters, and marks it alive now. */
    public void updateRun(PaymentRun run) {
        inTransaction("updating payment run " + run.id(), connection -> {
            updateRun(connection, run, clock.millis());
            return null;
        });
    }

    private static void updateRun(Connection connection, PaymentRun run, long now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE payment_runs SET state = ?, finished_at = ?,"
                + " heartbeat_at = ?, total = ?, reconciled = ?, attempted = ?, paid = ?, declined = ?, failed = ?,"
                + " unknown = ?, not_charged = ?, failure_reason = ? WHERE id = ?")) {
            ps.setString(1, run.state().name());
            setInstant(ps, 2, run.finishedAt());
            ps.setLong(3, now);
            ps.setLong(4, run.total());
            ps.setLong(5, run.reconciled());
            ps.setLong(6, run.attempted());
            ps.setLong(7, run.paid());
            ps.setLong(8, run.declined());
            ps.setLong(9, run.failed());
            ps.setLong(10, run.unknown());
            ps.setLong(11, run.notCharged());
            ps.setString(12, run.failureReason());
            ps.setString(13, run.id());
            ps.executeUpdate();
        }
    }

    /**
     * The run with this id. A RUNNING run whose process stopped reporting before {@code aliveSince} is answered
     * as ABANDONED.
     */
    public Optional<PaymentRun> findRun(String id, Instant aliveSince) {
        return query("finding payment run " + id, "SELECT " + RUN_COLUMNS + ", failure_reason FROM payment_runs WHERE id = ?",
                ps -> ps.setString(1, id), rs -> run(rs, aliveSince)).stream().findFirst();
    }

    /** The most recently started run, shown as {@link #findRun} shows it. */
    public Optional<PaymentRun> latestRun(Instant aliveSince) {
        return query("finding the latest payment run", "SELECT " + RUN_COLUMNS
                        + ", failure_reason FROM payment_runs ORDER BY started_at DESC, id DESC LIMIT 1",
                ps -> { }, rs -> run(rs, aliveSince)).stream().findFirst();
    }

    /** Stored runs by state, zero for states without any; RUNNING ones silent since before aliveSince are ABANDONED. */
    public Map<PaymentRun.State, Long> countRunsByState(Instant aliveSince) {
        Map<PaymentRun.State, Long> counts = new EnumMap<>(PaymentRun.State.class);
        for (PaymentRun.State state : PaymentRun.State.values()) {
            counts.put(state, 0L);
        }
        // GROUP BY 1 groups by the shown state; both databases accept the ordinal, neither a repeated parameter.
        query("counting payment runs", "SELECT CASE WHEN state = 'RUNNING' AND heartbeat_at < ? THEN 'ABANDONED'"
                        + " ELSE state END, COUNT(*) FROM payment_runs GROUP BY 1",
                ps -> ps.setLong(1, aliveSince.toEpochMilli()),
                rs -> counts.put(PaymentRun.State.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    /** When the most recent COMPLETED run finished, if any did. */
    public Optional<Instant> lastCompletedRunAt() {
        return query("finding the last completed payment run",
                "SELECT MAX(finished_at) FROM payment_runs WHERE state = 'COMPLETED'", ps -> { },
                rs -> Optional.ofNullable(instant(rs, 1))).get(0);
    }

    /** Attempts whose outcome is not known: UNKNOWN ones, and IN_FLIGHT ones started before {@code startedBefore}. */
    public long countUnresolvedAttempts(Instant startedBefore) {
        return query("counting unresolved attempts", "SELECT COUNT(*) FROM payment_attempts WHERE outcome = 'UNKNOWN'"
                        + " OR (outcome = 'IN_FLIGHT' AND started_at < ?)",
                ps -> ps.setLong(1, startedBefore.toEpochMilli()), rs -> rs.getLong(1)).get(0);
    }

    private static PaymentRun run(ResultSet rs, Instant aliveSince) throws SQLException {
        PaymentRun.State state = PaymentRun.State.valueOf(rs.getString(2));
        if (state == PaymentRun.State.RUNNING && rs.getLong(5) < aliveSince.toEpochMilli()) {
            state = PaymentRun.State.ABANDONED;
        }
        return new PaymentRun(rs.getString(1), state, Instant.ofEpochMilli(rs.getLong(3)),
                instant(rs, 4), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getString(14));
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    @FunctionalInterface
    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> List<T> query(String operation, String sql, Binder binder, Mapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    private static <T> void batchInsert(Connection connection, String sql, Collection<T> rows, RowBinder<T> binder)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int pending = 0;
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
                if (++pending == INSERT_CHUNK) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private <T> T inTransaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    private static Customer customer(ResultSet rs) throws SQLException {
        return new Customer(rs.getLong(1), rs.getString(2));
    }

    private static Invoice invoice(ResultSet rs) throws SQLException {
        return new Invoice(rs.getLong(1), rs.getLong(2), new Money(rs.getLong(3), rs.getString(4)),
                InvoiceStatus.valueOf(rs.getString(5)), rs.getString(6), rs.getInt(7));
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        return new Attempt(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                AttemptOutcome.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), instant(rs, 11));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
