package dev.payrail.invoice.payments;

/** A payment run is already going in this process; it carries the run's id. */
public final class RunInProgressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String runId;

    RunInProgressException(String runId) {
        super("payment run " + runId + " is still running; one run at a time per process");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
