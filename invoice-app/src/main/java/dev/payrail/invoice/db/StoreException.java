package dev.payrail.invoice.db;

/** The database failed; the message names the operation and carries the database's own message. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String operation, java.sql.SQLException cause) {
        super(operation + " failed: " + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
    }
}
