package dev.payrail.invoice.resources;

import dev.payrail.invoice.api.PaymentRunJson;
import dev.payrail.invoice.core.PaymentRun;
import dev.payrail.invoice.payments.PaymentRuns;
import dev.payrail.invoice.payments.RunInProgressException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/** Payment runs: start one (at once, or waiting for its summary) and follow its progress. */
@Path("/rest/v1/payment-runs")
@Produces(MediaType.APPLICATION_JSON)
public final class PaymentRunResource {
    private static final Pattern RUN_ID = Pattern.compile("run_[0-9a-f]{16}");

    private final PaymentRuns runs;
    private final Clock clock;

    public PaymentRunResource(PaymentRuns runs, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts a run: {@code 202} with the run at once, or with {@code ?wait=true} {@code 200} with its summary
     * when it is done (a FAILED run says why in {@code failureReason}). {@code 409 payment_run_in_progress} while
     * this process runs one; {@code 503 unavailable} when the run cannot even be stored (nothing was charged).
     */
    @POST
    public Response start(@QueryParam("wait") String waitParam, @Context UriInfo uri) throws InterruptedException {
        boolean wait = parseWait(waitParam);
        PaymentRuns.Started started;
        try {
            started = runs.start();
        } catch (RunInProgressException e) {
            throw new ApiException(409, "payment_run_in_progress", "A payment run is in progress",
                    e.getMessage(), null);
        } catch (IllegalStateException shuttingDown) {
            throw new ApiException(503, "unavailable", "Service unavailable", shuttingDown.getMessage(), null);
        }
        var location = uri.getBaseUriBuilder().path(PaymentRunResource.class).path(started.run().id()).build();
        if (!wait) {
            return Response.accepted(PaymentRunJson.of(started.run(), clock.instant())).location(location).build();
        }
        try {
            PaymentRun finished = started.completion().get();
            return Response.ok(PaymentRunJson.of(finished, clock.instant())).location(location).build();
        } catch (ExecutionException e) {
            // PaymentRuns ends every stored run in a final state; this is a bug, and the run is FAILED in any case.
            throw new ApiException(503, "unavailable", "Service unavailable", "payment run " + started.run().id()
                    + " could not be followed: " + e.getCause(), null);
        }
    }

    @GET
    @Path("{id}")
    public PaymentRunJson find(@PathParam("id") String id) {
        if (!RUN_ID.matcher(id).matches()) {
            throw ApiException.invalid("id", "id must look like run_ followed by 16 hex digits, was '"
                    + Ids.abbreviate(id) + "'");
        }
        return runs.find(id).map(run -> PaymentRunJson.of(run, clock.instant())).orElseThrow(() ->
                ApiException.notFound("payment_run_not_found", "Payment run not found", "no payment run " + id));
    }

    private static boolean parseWait(String raw) {
        if (raw == null || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true") || raw.isEmpty()) {
            return true;
        }
        throw ApiException.invalid("wait", "wait must be true or false, was '" + Ids.abbreviate(raw) + "'");
    }
}
